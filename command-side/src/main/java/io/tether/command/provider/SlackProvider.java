package io.tether.command.provider;

import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Slack: the bot token is checked with {@code auth.test}. Slack answers HTTP 200 to nearly everything and
 * says {@code "ok": false} with an error code; the codes that mean the token no longer works are refusals.
 */
@Component
class SlackProvider implements Provider {

    private static final String SLACK = "Slack";
    private static final Set<String> TOKEN_REFUSED = Set.of("invalid_auth", "not_authed", "account_inactive",
            "token_revoked", "token_expired", "no_permission", "missing_scope", "ekm_access_denied", "not_allowed_token_type");

    private final ProviderHttp http;
    private final ProviderProperties.Slack slack;

    SlackProvider(ProviderHttp http, ProviderProperties properties) {
        this.http = http;
        this.slack = properties.slack();
    }

    @Override
    public CatalogEntry entry() {
        return IntegrationCatalog.find("slack").orElseThrow();
    }

    @Override
    public Verification verify(ProviderCredentials credentials) {
        ProviderHttp.Answer answer = http.send(SLACK, http.client().post()
                .uri(UriComponentsBuilder.fromUri(slack.baseUrl()).path("/auth.test").build().toUri())
                .header("Authorization", "Bearer " + credentials.required("bot_token"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON));
        if (answer.ok() && answer.body().path("ok").asBoolean(false)) {
            return Verification.ACCEPTED;
        }
        String error = answer.body().path("error").asText("");
        if (TOKEN_REFUSED.contains(error) || answer.status() == 401 || answer.status() == 403) {
            return Verification.rejected("Slack did not accept the bot token (" + (error.isEmpty() ? "HTTP "
                    + answer.status() : error) + "): the app was uninstalled, the token revoked, or it lacks a scope. "
                    + "Install the Tether app in the workspace again and store its new bot token.");
        }
        throw new ProviderUnavailableException(SLACK + " answered HTTP " + answer.status()
                + (error.isEmpty() ? "" : " " + ProviderHttp.quoted(error)));
    }
}
