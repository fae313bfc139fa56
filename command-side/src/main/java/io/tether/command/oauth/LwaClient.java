package io.tether.command.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Timer;
import io.tether.api.account.Region;
import io.tether.api.oauth.OAuthFlow;
import io.tether.command.provider.ProviderHttp;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Login with Amazon's token endpoint: authorization codes for tokens, refresh tokens for access tokens.
 * Amazon Ads uses the endpoint of the account's region; the Selling Partner API uses the North American
 * one for every region, as its documentation says. Neither the form sent nor the answer is ever logged.
 */
@Component
class LwaClient {


    private final AmazonProperties.Lwa lwa;
    private final RestClient http;
    private final OAuthMetrics metrics;

    LwaClient(AmazonProperties properties, OAuthMetrics metrics) {
        this.lwa = properties.lwa();
        this.metrics = metrics;
        this.http = ProviderHttp.restClient(lwa.connectTimeout(), lwa.readTimeout());
    }

    /** The {@code authorization_code} grant; {@code codeVerifier} is null for a flow without PKCE. */
    LwaTokens exchangeCode(LwaClientRegistration client, Region region, String code, String codeVerifier) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", client.redirectUri());
        form.add("client_id", client.clientId());
        form.add("client_secret", client.clientSecret());
        if (codeVerifier != null) {
            form.add("code_verifier", codeVerifier);
        }
        LwaTokens tokens = post(endpoint(client.flow(), region), form);
        if (tokens.refreshToken() == null) {
            throw new LwaUnavailableException("Amazon's token endpoint answered without a refresh token");
        }
        return tokens;
    }

    /** The {@code refresh_token} grant; the answer's refresh token is null when Amazon keeps the current one. */
    LwaTokens refresh(LwaClientRegistration client, Region region, String refreshToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        form.add("client_id", client.clientId());
        form.add("client_secret", client.clientSecret());
        return post(endpoint(client.flow(), region), form);
    }

    private URI endpoint(OAuthFlow flow, Region region) {
        return lwa.tokenEndpoint(flow == OAuthFlow.SP_API ? Region.NA : region);
    }

    private LwaTokens post(URI endpoint, MultiValueMap<String, String> form) {
        Timer.Sample sample = metrics.startLwaRequest();
        try {
            LwaTokens tokens = send(endpoint, form);
            metrics.lwaRequestEnded(sample, form.getFirst("grant_type"), null);
            return tokens;
        } catch (LwaRejectedException | LwaUnavailableException e) {
            metrics.lwaRequestEnded(sample, form.getFirst("grant_type"), e);
            throw e;
        }
    }

    private LwaTokens send(URI endpoint, MultiValueMap<String, String> form) {
        try {
            return http.post().uri(endpoint)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(form)
                    .exchange((request, response) -> {
                        int status = response.getStatusCode().value();
                        JsonNode body = ProviderHttp.json(response.getBody());
                        if (status == 200) {
                            return tokens(body);
                        }
                        if (status >= 400 && status < 500 && body.path("error").isTextual()) {
                            throw new LwaRejectedException(body.path("error").asText(),
                                    body.path("error_description").asText(null), status);
                        }
                        throw new LwaUnavailableException("Amazon's token endpoint answered HTTP " + status);
                    });
        } catch (ResourceAccessException e) {
            Throwable cause = e.getMostSpecificCause();
            throw new LwaUnavailableException("Amazon's token endpoint could not be reached ("
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")", e);
        }
    }

    private static LwaTokens tokens(JsonNode body) {
        String accessToken = body.path("access_token").asText(null);
        long expiresIn = body.path("expires_in").asLong(0);
        if (accessToken == null || accessToken.isBlank() || expiresIn <= 0) {
            throw new LwaUnavailableException("Amazon's token endpoint answered without an access token and its lifetime");
        }
        String refreshToken = body.path("refresh_token").asText(null);
        return new LwaTokens(accessToken, refreshToken == null || refreshToken.isBlank() ? null : refreshToken,
                Duration.ofSeconds(expiresIn));
    }

    /** What LWA handed out; {@code refreshToken} is null when the answer had none. */
    record LwaTokens(String accessToken, String refreshToken, Duration expiresIn) {

        @Override
        public String toString() {
            return "LwaTokens[expiresIn=" + expiresIn + ", tokens=<redacted>]";
        }
    }
}
