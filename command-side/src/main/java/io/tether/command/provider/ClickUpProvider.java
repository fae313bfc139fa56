package io.tether.command.provider;

import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/** ClickUp: the personal API token is checked by asking for its user ({@code GET /api/v2/user}). */
@Component
class ClickUpProvider implements Provider {

    private final ProviderHttp http;
    private final ProviderProperties.ClickUp clickup;

    ClickUpProvider(ProviderHttp http, ProviderProperties properties) {
        this.http = http;
        this.clickup = properties.clickup();
    }

    @Override
    public CatalogEntry entry() {
        return IntegrationCatalog.find("clickup").orElseThrow();
    }

    @Override
    public Verification verify(ProviderCredentials credentials) {
        // A personal token goes in the Authorization header as it is, without "Bearer".
        ProviderHttp.Answer answer = http.send("ClickUp", http.client().get()
                .uri(UriComponentsBuilder.fromUri(clickup.baseUrl()).path("/api/v2/user").build().toUri())
                .header("Authorization", credentials.required("api_token"))
                .accept(MediaType.APPLICATION_JSON));
        if (answer.ok() && answer.body().path("user").has("id")) {
            return Verification.ACCEPTED;
        }
        if (answer.status() == 401 || answer.status() == 403) {
            return Verification.rejected("ClickUp did not accept the API token (" + answer.said("err", "ECODE")
                    + "): it was regenerated or its user removed. Create a new one in ClickUp's settings (Apps) and "
                    + "store it.");
        }
        throw new ProviderUnavailableException("ClickUp answered HTTP " + answer.status() + " without the token's user");
    }
}
