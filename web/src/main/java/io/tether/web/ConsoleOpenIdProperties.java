package io.tether.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's sign-in through the platform's OpenID provider (authorization code with PKCE), beside the one-time
 * links: off by default. The provider's ID token must carry the claims of a bearer token ({@code sub}, {@code org_id},
 * {@code roles}). A public client (no secret) is allowed: PKCE is always on.
 *
 * @param enabled      offers "Sign in with {@code providerName}" on the console's sign-in and signed-out pages
 * @param issuerUri    the provider's issuer; its {@code /.well-known/openid-configuration} is read on the first sign-in
 * @param clientId     Tether's client at the provider
 * @param clientSecret the client's secret, from the environment; unset for a public client
 * @param scopes       the scopes asked for; {@code openid} among them
 * @param providerName the provider's name as the sign-in link shows it
 */
@ConfigurationProperties("tether.console.openid")
public record ConsoleOpenIdProperties(@DefaultValue("false") boolean enabled,
                                      String issuerUri,
                                      String clientId,
                                      String clientSecret,
                                      @DefaultValue("openid") List<String> scopes,
                                      @DefaultValue("your identity provider") String providerName) {

    public ConsoleOpenIdProperties {
        if (enabled) {
            if (absent(issuerUri) || absent(clientId)) {
                throw new IllegalStateException("tether.console.openid.enabled needs tether.console.openid.issuer-uri"
                        + " and tether.console.openid.client-id");
            }
            if (!scopes.contains("openid")) {
                throw new IllegalStateException("tether.console.openid.scopes must include openid; they are " + scopes);
            }
        }
    }

    boolean publicClient() {
        return absent(clientSecret);
    }

    private static boolean absent(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "ConsoleOpenIdProperties[enabled=" + enabled + ", issuerUri=" + issuerUri + ", clientId=" + clientId
                + ", clientSecret=" + (absent(clientSecret) ? "unset" : "<redacted>") + ", scopes=" + scopes
                + ", providerName=" + providerName + "]";
    }
}
