package io.tether.command.notice;

import io.tether.command.global.webhook.StandardWebhooks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code webhook-signature} of the Standard Webhooks specification: {@code v1,} and the base64 of
 * the HMAC-SHA256 of {@code id.timestamp.body} under the base64-decoded secret (after {@code whsec_}),
 * one per secret, space-separated, so that a receiver holding either secret of a rotation verifies it. The
 * signature itself is the one incoming deliveries are checked with ({@link StandardWebhooks#sign}).
 */
final class StandardWebhookSignature {

    private StandardWebhookSignature() {
    }

    static String of(List<String> secrets, String id, long timestampSeconds, String body) {
        return secrets.stream().map(secret -> "v1," + sign(secret, id, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    private static String sign(String secret, String id, long timestampSeconds, String body) {
        return StandardWebhooks.sign(secret, id, String.valueOf(timestampSeconds), body.getBytes(StandardCharsets.UTF_8));
    }
}
