package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpMethod;

/** What the global integration, webhook and tool tests share: request bodies, creations, deliveries. */
final class GlobalIntegrations {

    static final String PATH = "/integrations/global";

    private GlobalIntegrations() {
    }

    /**
     * The signing secret the Slack integrations of these tests are created with: Slack issues it, an admin
     * enters it. One for the whole run; each integration's deliveries are its own all the same.
     */
    static final String SLACK_SIGNING_SECRET = randomAlphanumeric(32);

    static String slack(String botToken) {
        return """
                {"service_name":"slack","display_name":"Team Slack","description":"Alerts for the ops team",
                 "logo_url":"https://cdn.example.com/slack.png","config":{"default_channel":"#integrations"},
                 "credentials":{"bot_token":"%s"},"webhook_secret":"%s"}""".formatted(botToken, SLACK_SIGNING_SECRET);
    }

    static String github(String token) {
        return "{\"service_name\":\"github\",\"credentials\":{\"token\":\"" + token + "\"}}";
    }

    /** Creates a GitHub integration, whose webhook secret Tether generates and shows in this answer. */
    static Response createGitHub(Api api) {
        Response created = api.post(PATH, github("ghp_" + randomAlphanumeric(36)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    static String randomAlphanumeric(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder random = new StringBuilder(length);
        SecureRandom source = new SecureRandom();
        for (int i = 0; i < length; i++) {
            random.append(alphabet.charAt(source.nextInt(alphabet.length())));
        }
        return random.toString();
    }

    static String service(String serviceName, UUID projectId) {
        return "{\"service_name\":\"" + serviceName + "\""
                + (projectId == null ? "" : ",\"project_id\":\"" + projectId + "\"") + "}";
    }

    /** Creates a connected Slack integration and answers the creation's response. */
    static Response createSlack(Api api) {
        Response created = api.post(PATH, slack("xoxb-" + UUID.randomUUID()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    static Response patch(Api api, String id, String body) {
        return api.exchange(HttpMethod.PATCH, PATH + "/" + id, body, Map.of());
    }

    /** Posts a delivery to the integration's webhook endpoint, as a provider does: no bearer token. */
    static Response deliver(Api anonymous, String integrationId, Map<String, String> headers, String body) {
        return anonymous.post(PATH + "/" + integrationId + "/webhooks", body, headers);
    }

    /** Every table of the schema with a row whose text, or the bytes of a binary column, contains the needle. */
    static List<String> tablesContaining(org.springframework.jdbc.core.JdbcTemplate jdbc, String needle) {
        // A bytea column shows in a row's text as hex, so the needle is looked for as text and as hex.
        String hex = HexFormat.of().formatHex(needle.getBytes(StandardCharsets.UTF_8));
        return jdbc.queryForList("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name", String.class)
                .stream()
                .filter(table -> Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM " + table
                        + " t WHERE strpos(t::text, ?) > 0 OR strpos(t::text, ?) > 0)", Boolean.class, needle, hex)))
                .toList();
    }
}
