package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpMethod;

/** What the global integration, webhook and tool tests share: request bodies, a provider's signer, tokens. */
final class GlobalIntegrations {

    static final String PATH = "/integrations/global";

    private GlobalIntegrations() {
    }

    static String slack(String botToken) {
        return """
                {"service_name":"slack","display_name":"Team Slack","description":"Alerts for the ops team",
                 "logo_url":"https://cdn.example.com/slack.png","config":{"default_channel":"#integrations"},
                 "credentials":{"bot_token":"%s"}}""".formatted(botToken);
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

    /** Signs a delivery as a provider does, independently of Tether's own code. */
    static String signature(String webhookSecret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(
                    mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static Response deliver(Api anonymous, String integrationId, String deliveryId, String webhookSecret, String body) {
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        return anonymous.post(PATH + "/" + integrationId + "/webhooks", body, Map.of(
                "X-Tether-Delivery", deliveryId,
                "X-Tether-Timestamp", timestamp,
                "X-Tether-Signature", signature(webhookSecret, timestamp, body)));
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
