package io.tether.command.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.command.oauth.SlackProperties.SlackApp;
import io.tether.command.provider.ProviderHttp;
import io.tether.command.provider.ProviderProperties;
import io.tether.command.provider.ProviderUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Slack's {@code oauth.v2.access}: the install's code exchanged for the bot token. The app authenticates with
 * HTTP Basic, as Slack's documentation asks in place of {@code client_id} and {@code client_secret} in the
 * form. Slack answers HTTP 200 with {@code "ok": false} and an error code when it refuses. Neither the form nor
 * the answer is ever logged.
 */
@Component
class SlackOAuthClient {

    private static final String SLACK = "Slack";

    private final ProviderHttp http;
    private final ProviderProperties.Slack slack;

    SlackOAuthClient(ProviderHttp http, ProviderProperties properties) {
        this.http = http;
        this.slack = properties.slack();
    }

    /**
     * @throws SlackRefusedException when Slack says {@code "ok": false}, or answers without a bot token Tether can keep
     * @throws ProviderUnavailableException when Slack cannot be reached, is slow, fails or answers something else
     */
    SlackInstallation exchangeCode(SlackApp app, String code) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("code", code);
        form.add("redirect_uri", app.redirectUri());
        ProviderHttp.Answer answer = http.send(SLACK, http.client().post()
                .uri(UriComponentsBuilder.fromUri(slack.baseUrl()).path("/oauth.v2.access").build().toUri())
                .headers(headers -> headers.setBasicAuth(app.clientId(), app.clientSecret(), StandardCharsets.UTF_8))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(form));
        JsonNode body = answer.body();
        if (!body.path("ok").isBoolean()) {
            throw new ProviderUnavailableException(SLACK + " answered HTTP " + answer.status() + " without Slack's JSON");
        }
        if (!body.path("ok").asBoolean()) {
            throw new SlackRefusedException(body.path("error").asText("unknown_error"));
        }
        String botToken = body.path("access_token").asText("");
        if (!botToken.startsWith("xoxb-")) {
            throw new SlackRefusedException(SlackRefusedException.NO_BOT_TOKEN);
        }
        if (body.hasNonNull("refresh_token") || body.hasNonNull("expires_in")) {
            throw new SlackRefusedException(SlackRefusedException.TOKEN_ROTATION);
        }
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("bot_token", botToken);
        putText(credentials, "team_id", body.path("team").path("id"));
        putText(credentials, "team_name", body.path("team").path("name"));
        putText(credentials, "enterprise_id", body.path("enterprise").path("id"));
        putText(credentials, "bot_user_id", body.path("bot_user_id"));
        putText(credentials, "app_id", body.path("app_id"));
        putText(credentials, "scope", body.path("scope"));
        JsonNode webhook = body.path("incoming_webhook");
        putText(credentials, "incoming_webhook_url", webhook.path("url"));
        putText(credentials, "incoming_webhook_channel", webhook.path("channel"));
        putText(credentials, "incoming_webhook_channel_id", webhook.path("channel_id"));
        return new SlackInstallation(credentials);
    }

    private static void putText(Map<String, String> credentials, String key, JsonNode value) {
        if (value.isTextual() && !value.asText().isBlank()) {
            credentials.put(key, value.asText());
        }
    }

    /** What the install left: the bot token and what came with it, under the keys of Slack's credential schema. */
    record SlackInstallation(Map<String, String> credentials) {

        String teamId() {
            return credentials.get("team_id");
        }

        String teamName() {
            return credentials.get("team_name");
        }

        String scopes() {
            return credentials.get("scope");
        }

        @Override
        public String toString() {
            return "SlackInstallation[teamId=" + teamId() + ", scopes=" + scopes() + ", credentials=<redacted>]";
        }
    }

    /** Slack refused the code ({@code "ok": false} and its error code), or gave nothing Tether can keep. */
    static final class SlackRefusedException extends RuntimeException {

        /** Tether's own codes, for an answer that is {@code "ok": true} but unusable. */
        static final String NO_BOT_TOKEN = "no_bot_token";
        static final String TOKEN_ROTATION = "token_rotation_enabled";

        private final String error;

        SlackRefusedException(String error) {
            super("Slack's oauth.v2.access refused the code: " + ProviderHttp.quoted(error));
            this.error = error;
        }

        String error() {
            return error;
        }

        /** Slack's own error code, rather than one of Tether's for an answer it cannot keep. */
        boolean saidBySlack() {
            return !error.equals(NO_BOT_TOKEN) && !error.equals(TOKEN_ROTATION);
        }
    }
}
