package io.tether.command.provider;

import io.tether.api.account.IntegrationType;
import io.tether.api.account.Region;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Walmart Marketplace: the client ID and secret are exchanged for an access token that lasts 15 minutes
 * ({@code POST /v3/token}, client credentials in Basic auth, {@code WM_SVC.NAME} and a fresh
 * {@code WM_QOS.CORRELATION_ID}; Canada and Mexico say their market in {@code WM_MARKET}). That exchange is
 * also the check of the credentials.
 */
@Component
class WalmartProvider implements Provider {

    private static final String WALMART = "Walmart's token service";

    private final ProviderHttp http;
    private final ProviderProperties.Walmart walmart;

    WalmartProvider(ProviderHttp http, ProviderProperties properties) {
        this.http = http;
        this.walmart = properties.walmart();
    }

    @Override
    public CatalogEntry entry() {
        return IntegrationCatalog.of(IntegrationType.WALMART_MP_API);
    }

    @Override
    public Optional<AccessToken> accessToken(ProviderCredentials credentials) {
        String basic = Base64.getEncoder().encodeToString((credentials.required("client_id") + ":"
                + credentials.required("client_secret")).getBytes(StandardCharsets.UTF_8));
        ProviderHttp.Answer answer = http.send(WALMART, http.client().post()
                .uri(UriComponentsBuilder.fromUri(walmart.baseUrl()).path("/v3/token").build().toUri())
                .header("Authorization", "Basic " + basic)
                .header("WM_SVC.NAME", walmart.serviceName())
                .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString())
                .headers(headers -> market(credentials.region()).ifPresent(market -> headers.set("WM_MARKET", market)))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body("grant_type=client_credentials"));
        if (answer.status() == 400 || answer.status() == 401 || answer.status() == 403) {
            throw new CredentialsRefusedException("Walmart did not accept the client ID and secret ("
                    + answer.said("description", "error_description", "message") + "). Check them in Walmart's "
                    + "Developer Portal (API Key Management) and connect the account again.");
        }
        String accessToken = answer.body().path("access_token").asText(null);
        long expiresIn = answer.body().path("expires_in").asLong(0);
        if (!answer.ok() || accessToken == null || accessToken.isBlank() || expiresIn <= 0) {
            throw new ProviderUnavailableException(WALMART + " answered HTTP " + answer.status()
                    + " without an access token and its lifetime");
        }
        return Optional.of(new AccessToken(accessToken, null, Duration.ofSeconds(expiresIn)));
    }

    @Override
    public Set<AfterConnect> afterConnect() {
        return Set.of(AfterConnect.KEEP_ACCESS_TOKEN_FRESH);
    }

    /** The United States is Walmart's default market; the others are named. */
    private static Optional<String> market(Region region) {
        return region == null || region == Region.US ? Optional.empty()
                : Optional.of(region.name().toLowerCase(Locale.ROOT));
    }
}
