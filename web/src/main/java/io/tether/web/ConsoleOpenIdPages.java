package io.tether.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's sign-in page, when the console signs in through the OpenID provider ({@link ConsoleOpenIdSignIn}). */
@PageController
@ConditionalOnProperty(prefix = "tether.console.openid", name = "enabled", havingValue = "true")
class ConsoleOpenIdPages {

    @GetMapping(ConsoleOpenIdSignIn.SIGN_IN)
    String signIn() {
        return "console/sign-in";
    }
}
