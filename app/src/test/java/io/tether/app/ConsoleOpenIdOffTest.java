package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * With {@code tether.console.openid.enabled} off (the default), the OpenID sign-in's doors do not exist: no filter
 * of it in any chain, no client registration, its addresses answer as any unknown console page does, and no page
 * offers "Sign in with …". Sign-in by one-time link is unchanged ({@link ConsoleBrowserTest}, {@link ConsoleSessionTest}).
 */
class ConsoleOpenIdOffTest extends EndToEndTest {

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void noChain_holdsTheSignInsFilters_andNoClientIsRegistered() {
        List<Filter> filters = context.getBeansOfType(SecurityFilterChain.class).values().stream()
                .flatMap(chain -> chain.getFilters().stream()).toList();

        assertThat(filters).noneMatch(filter -> filter instanceof OAuth2AuthorizationRequestRedirectFilter
                || filter instanceof OAuth2LoginAuthenticationFilter);
        assertThat(context.getBeanProvider(ClientRegistrationRepository.class).getIfAvailable()).isNull();
    }

    @Test
    void theSignInsAddresses_leadNowhere_withOrWithoutASession() {
        CookieJarClient browser = new CookieJarClient();
        for (String door : new String[] {"/console/sign-in", "/console/sign-in/openid", "/console/sign-in/openid/callback?code=c&state=s"}) {
            HttpResponse<String> anonymous = browser.get(tether() + door);
            assertThat(anonymous.statusCode()).as(door).isEqualTo(401);
            assertThat(anonymous.body()).contains("Your session has ended");
        }

        String link = as(UUID.randomUUID(), "admin").post("/integrations/console-sessions", null).body().get("url").asText();
        assertThat(browser.follow(browser.get(link)).statusCode()).isEqualTo(200);
        for (String door : new String[] {"/console/sign-in", "/console/sign-in/openid"}) {
            assertThat(browser.get(tether() + door).statusCode()).as(door + ", signed in").isEqualTo(404);
        }

        HttpResponse<String> signedOut = browser.get(tether() + "/console/signed-out");
        assertThat(signedOut.statusCode()).isEqualTo(200);
        assertThat(signedOut.body()).contains("Your console session has ended").doesNotContain("Sign in with", "sign-in-openid");
    }

    private String tether() {
        return "http://localhost:" + port;
    }
}
