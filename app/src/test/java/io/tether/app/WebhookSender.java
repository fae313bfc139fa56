package io.tether.app;

import static io.tether.app.GlobalIntegrations.PATH;
import static io.tether.app.GlobalIntegrations.randomAlphanumeric;
import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each provider as it signs its webhooks, written from its documentation and independently of Tether's
 * code: how its integration is created (with the secret the provider issues, or taking the one Tether
 * generates), what a delivery's body and headers look like, and what Tether should make of it.
 */
enum WebhookSender {

    SLACK("slack", "app_mention", true) {
        @Override
        String body(String deliveryId, Instant signedAt) {
            return "{\"type\":\"event_callback\",\"event_id\":\"" + deliveryId + "\",\"event\":{\"type\":\"app_mention\"}}";
        }

        @Override
        Map<String, String> headers(String secret, String deliveryId, Instant signedAt, String body) {
            String timestamp = String.valueOf(signedAt.getEpochSecond());
            return Map.of("X-Slack-Request-Timestamp", timestamp,
                    "X-Slack-Signature", "v0=" + hex(hmac(utf8(secret), "v0:" + timestamp + ":" + body)));
        }
    },
    GITHUB("github", "issues", false) {
        @Override
        Map<String, String> headers(String secret, String deliveryId, Instant signedAt, String body) {
            return Map.of("X-GitHub-Delivery", deliveryId, "X-GitHub-Event", "issues",
                    "X-Hub-Signature-256", "sha256=" + hex(hmac(utf8(secret), body)));
        }
    },
    CLICKUP("clickup", "taskCreated", false) {
        @Override
        String body(String deliveryId, Instant signedAt) {
            return "{\"webhook_id\":\"7689a169-a000-4985-8676-6902b96d6627\",\"event\":\"taskCreated\",\"task_id\":\""
                    + deliveryId + "\"}";
        }

        @Override
        Map<String, String> headers(String secret, String deliveryId, Instant signedAt, String body) {
            return Map.of("X-Signature", hex(hmac(utf8(secret), body)));
        }

        /** ClickUp sends no delivery id: what was signed names the delivery. */
        @Override
        String expectedDeliveryId(String deliveryId, String body) {
            return "sha256:" + sha256(body);
        }
    },
    LINEAR("linear", "Issue.create", true) {
        @Override
        String body(String deliveryId, Instant signedAt) {
            return "{\"action\":\"create\",\"type\":\"Issue\",\"data\":{\"id\":\"" + deliveryId + "\"},\"webhookTimestamp\":"
                    + signedAt.toEpochMilli() + "}";
        }

        @Override
        Map<String, String> headers(String secret, String deliveryId, Instant signedAt, String body) {
            return Map.of("Linear-Delivery", deliveryId, "Linear-Event", "Issue",
                    "Linear-Signature", hex(hmac(utf8(secret), body)));
        }
    },
    JIRA("jira", "jira:issue_created", false) {
        @Override
        String body(String deliveryId, Instant signedAt) {
            return "{\"timestamp\":" + signedAt.toEpochMilli() + ",\"webhookEvent\":\"jira:issue_created\",\"issue\":{\"id\":\""
                    + deliveryId + "\"}}";
        }

        @Override
        Map<String, String> headers(String secret, String deliveryId, Instant signedAt, String body) {
            return Map.of("X-Atlassian-Webhook-Identifier", deliveryId,
                    "X-Hub-Signature", "sha256=" + hex(hmac(utf8(secret), body)));
        }
    },
    GENERIC("generic", "invoice.paid", true) {
        @Override
        String body(String deliveryId, Instant signedAt) {
            return "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"" + deliveryId + "\"}}";
        }

        @Override
        Map<String, String> headers(String secret, String deliveryId, Instant signedAt, String body) {
            String timestamp = String.valueOf(signedAt.getEpochSecond());
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            return Map.of("webhook-id", deliveryId, "webhook-timestamp", timestamp,
                    "webhook-signature", "v1," + Base64.getEncoder().encodeToString(
                            hmac(key, deliveryId + "." + timestamp + "." + body)));
        }
    };

    final String service;
    final String type;
    /** Whether the provider signs a time, so that an old delivery is stale. */
    final boolean signsTime;

    WebhookSender(String service, String type, boolean signsTime) {
        this.service = service;
        this.type = type;
        this.signsTime = signsTime;
    }

    /** An integration of the service, and the secret its provider signs with. */
    record Integration(String id, String secret, Response created) {
    }

    Integration create(Api admin) {
        String enteredSecret = switch (this) {
            case SLACK -> randomAlphanumeric(32);
            case CLICKUP -> randomAlphanumeric(64).toUpperCase();
            case LINEAR -> "lin_wh_" + randomAlphanumeric(40);
            default -> null;
        };
        String config = this == JIRA ? ",\"config\":{\"site_url\":\"https://acme.atlassian.net\"}" : "";
        Response created = admin.post(PATH, "{\"service_name\":\"" + service + "\"" + config
                + (enteredSecret == null ? "" : ",\"webhook_secret\":\"" + enteredSecret + "\"") + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        if (enteredSecret != null) {
            assertThat(created.body().get("webhook_secret").isNull()).as("an entered secret is never shown").isTrue();
            return new Integration(created.body().get("id").asText(), enteredSecret, created);
        }
        return new Integration(created.body().get("id").asText(), created.body().get("webhook_secret").asText(), created);
    }

    String body(String deliveryId, Instant signedAt) {
        return "{\"action\":\"opened\",\"issue\":{\"node_id\":\"" + deliveryId + "\"}}";
    }

    abstract Map<String, String> headers(String secret, String deliveryId, Instant signedAt, String body);

    String expectedDeliveryId(String deliveryId, String body) {
        return deliveryId;
    }

    /** A delivery id of the kind the provider sends (Slack's event ids are letters and digits). */
    static String newDeliveryId() {
        return "Ev" + randomAlphanumeric(12);
    }

    static String sha256(String text) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(utf8(text)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(utf8(content));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
