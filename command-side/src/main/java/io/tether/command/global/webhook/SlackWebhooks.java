package io.tether.command.global.webhook;

import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.command.global.webhook.Signatures.after;
import static io.tether.command.global.webhook.Signatures.hmacSha256;
import static io.tether.command.global.webhook.Signatures.json;
import static io.tether.command.global.webhook.Signatures.text;
import static io.tether.command.global.webhook.Signatures.typeOrNull;
import static io.tether.command.global.webhook.Signatures.utf8;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Slack's request signing: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">}, keyed
 * with the app's signing secret, and {@code X-Slack-Request-Timestamp} in Unix seconds, within five minutes.
 * Slack issues the signing secret (the app's Basic Information page); an admin enters it. The Events API's
 * {@code url_verification} is answered with its challenge. Slack sends no delivery id header: the Events
 * API's {@code event_id} is one, and a slash command or an interaction is named by what was signed.
 */
public final class SlackWebhooks implements WebhookFormat {

    static final String SIGNATURE = "x-slack-signature";
    static final String TIMESTAMP = "x-slack-request-timestamp";

    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNING_SECRET = Pattern.compile("[A-Za-z0-9]{32}");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9]{1,128}");

    @Override
    public String service() {
        return "slack";
    }

    @Override
    public SecretSource secretSource() {
        return SecretSource.ISSUED_BY_PROVIDER;
    }

    @Override
    public String newSecret(SecureRandom random) {
        throw new UnsupportedOperationException("Slack issues the signing secret");
    }

    @Override
    public Optional<String> problemWithEnteredSecret(String secret) {
        return SIGNING_SECRET.matcher(secret).matches() ? Optional.empty()
                : Optional.of("must be the Slack app's signing secret: 32 letters and digits, from the app's "
                + "Basic Information page");
    }

    @Override
    public Set<String> headers() {
        return Set.of(SIGNATURE, TIMESTAMP);
    }

    @Override
    public Optional<Duration> tolerance() {
        return Optional.of(Duration.ofMinutes(5));
    }

    @Override
    public VerifiedDelivery verify(String secret, IncomingDelivery delivery) {
        String timestamp = delivery.header(TIMESTAMP);
        if (timestamp == null || !UNIX_SECONDS.matcher(timestamp).matches()) {
            throw INVALID_WEBHOOK_SIGNATURE.exception("The X-Slack-Request-Timestamp header must be Unix seconds");
        }
        byte[] base = utf8("v0:" + timestamp + ":");
        Signatures.requireHexSignature("X-Slack-Signature", after("v0=", delivery.header(SIGNATURE)),
                hmacSha256(utf8(secret), base, delivery.body()));
        String signedContent = Signatures.sha256Hex(base, delivery.body());
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));

        JsonNode json = json(delivery.body());
        if ("url_verification".equals(text(json, "type")) && text(json, "challenge") != null) {
            return new VerifiedDelivery(Signatures.contentId(signedContent), "url_verification", signedAt,
                    signedContent, text(json, "challenge"));
        }
        String eventId = text(json, "event_id");
        String deliveryId = eventId != null && EVENT_ID.matcher(eventId).matches() ? eventId
                : Signatures.contentId(signedContent);
        return VerifiedDelivery.of(deliveryId, typeOf(json, delivery.body()), signedAt, signedContent);
    }

    /**
     * The Events API's {@code event.type} (or the envelope's {@code type}); an interaction's {@code type},
     * which arrives form-encoded in {@code payload}; {@code slash_command} for a command.
     */
    private static String typeOf(JsonNode json, byte[] body) {
        if (json.isObject()) {
            String eventType = text(json.path("event"), "type");
            return typeOrNull(eventType != null ? eventType : text(json, "type"));
        }
        String form = new String(body, StandardCharsets.UTF_8);
        String payload = formField(form, "payload");
        if (payload != null) {
            return typeOrNull(text(json(payload), "type"));
        }
        return formField(form, "command") != null ? "slash_command" : null;
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return null;
    }
}
