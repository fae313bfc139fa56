package io.tether.command.provider;

import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/** GitHub: the token is checked by asking for the authenticated user ({@code GET /user}). */
@Component
class GitHubProvider implements Provider {

    private final ProviderHttp http;
    private final ProviderProperties.GitHub github;

    GitHubProvider(ProviderHttp http, ProviderProperties properties) {
        this.http = http;
        this.github = properties.github();
    }

    @Override
    public CatalogEntry entry() {
        return IntegrationCatalog.find("github").orElseThrow();
    }

    @Override
    public Verification verify(ProviderCredentials credentials) {
        ProviderHttp.Answer answer = http.send("GitHub", http.client().get()
                .uri(UriComponentsBuilder.fromUri(github.baseUrl()).path("/user").build().toUri())
                .header("Authorization", "Bearer " + credentials.required("token"))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "Tether"));
        if (answer.ok() && answer.body().has("login")) {
            return Verification.ACCEPTED;
        }
        if (answer.status() == 401) {
            return Verification.rejected("GitHub did not accept the token (" + answer.said("message")
                    + "): it expired or was revoked. Create a new personal access token in GitHub's developer "
                    + "settings and store it.");
        }
        if (answer.status() == 403 && answer.body().path("message").asText("").toLowerCase().contains("rate limit")) {
            throw new ProviderUnavailableException("GitHub's rate limit for this token is used up for now");
        }
        if (answer.status() == 403) {
            return Verification.rejected("GitHub refused the token (" + answer.said("message") + "). Check its "
                    + "permissions and the organization's token policy, then store it again.");
        }
        throw new ProviderUnavailableException("GitHub answered HTTP " + answer.status() + " without the token's user");
    }
}
