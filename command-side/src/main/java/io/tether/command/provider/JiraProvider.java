package io.tether.command.provider;

import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Jira Cloud: the email and API token are checked by asking the integration's site ({@code site_url} in its
 * config) for the authenticated user ({@code GET /rest/api/3/myself}, Basic auth).
 */
@Component
class JiraProvider implements Provider {

    private final ProviderHttp http;
    private final ProviderProperties.Jira jira;

    JiraProvider(ProviderHttp http, ProviderProperties properties) {
        this.http = http;
        this.jira = properties.jira();
    }

    @Override
    public CatalogEntry entry() {
        return IntegrationCatalog.find("jira").orElseThrow();
    }

    @Override
    public Verification verify(ProviderCredentials credentials) {
        Object site = credentials.config().get("site_url");
        if (jira.baseUrl() == null && !(site instanceof String)) {
            return Verification.rejected("The integration has no Jira site to check the token at: set site_url in "
                    + "its config (such as https://acme.atlassian.net).");
        }
        URI base = jira.baseUrl() != null ? jira.baseUrl() : URI.create((String) site);
        String basic = Base64.getEncoder().encodeToString((credentials.required("email") + ":"
                + credentials.required("api_token")).getBytes(StandardCharsets.UTF_8));
        ProviderHttp.Answer answer = http.send("Jira", http.client().get()
                .uri(UriComponentsBuilder.fromUri(base).path("/rest/api/3/myself").build().toUri())
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json"));
        if (answer.ok() && answer.body().has("accountId")) {
            return Verification.ACCEPTED;
        }
        if (answer.status() == 401 || answer.status() == 403) {
            return Verification.rejected("Jira did not accept the email and API token at " + base + " ("
                    + answer.said("errorMessages", "message") + "): the token was revoked or belongs to another "
                    + "account. Create a new API token at id.atlassian.com and store it with its account's email.");
        }
        if (answer.status() == 404) {
            return Verification.rejected("There is no Jira site at " + base + ". Correct site_url in the "
                    + "integration's config.");
        }
        throw new ProviderUnavailableException("Jira answered HTTP " + answer.status() + " without the token's user");
    }
}
