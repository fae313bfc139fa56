package io.tether.command.provider;

import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Linear: the API key is checked with the GraphQL query {@code { viewer { id } }}. */
@Component
class LinearProvider implements Provider {

    private static final Map<String, String> VIEWER = Map.of("query", "{ viewer { id } }");

    private final ProviderHttp http;
    private final ProviderProperties.Linear linear;

    LinearProvider(ProviderHttp http, ProviderProperties properties) {
        this.http = http;
        this.linear = properties.linear();
    }

    @Override
    public CatalogEntry entry() {
        return IntegrationCatalog.find("linear").orElseThrow();
    }

    @Override
    public Verification verify(ProviderCredentials credentials) {
        // A personal API key goes in the Authorization header as it is, without "Bearer".
        ProviderHttp.Answer answer = http.send("Linear", http.client().post()
                .uri(linear.endpoint())
                .header("Authorization", credentials.required("api_key"))
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .body(VIEWER));
        if (answer.ok() && answer.body().path("data").path("viewer").has("id")) {
            return Verification.ACCEPTED;
        }
        String code = answer.body().path("errors").path(0).path("extensions").path("code").asText("");
        if (answer.status() == 401 || answer.status() == 403 || code.equals("AUTHENTICATION_ERROR")) {
            return Verification.rejected("Linear did not accept the API key (" + answer.said("message")
                    + "): it was revoked or its user removed. Create a new personal API key in Linear's settings "
                    + "(Security & access) and store it.");
        }
        throw new ProviderUnavailableException("Linear answered HTTP " + answer.status() + " without the key's user");
    }
}
