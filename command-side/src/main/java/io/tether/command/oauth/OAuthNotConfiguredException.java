package io.tether.command.oauth;

import java.util.List;

/** An OAuth flow was asked for whose app settings are not all in the environment. */
class OAuthNotConfiguredException extends RuntimeException {

    OAuthNotConfiguredException(String app, List<String> missingVariables) {
        super(app + " sign-in is not configured on this server: set " + String.join(", ", missingVariables) + ".");
    }
}
