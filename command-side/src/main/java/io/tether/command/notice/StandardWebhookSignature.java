package io.tether.command.notice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code webhook-signature} of the Standard Webhooks specification: {@code v1,} and the base64 of
 * the HMAC-SHA256 of {@code id.timestamp.body} under the base64-decoded secret (after {@code whsec_}),
 * one per secret, space-separated, so that a receiver holding either secret of a rotation verifies it.
 */
final class StandardWebhookSignature {

    private StandardWebhookSignature() {
    }

    static String of(List<String> secrets, String id, long timestampSeconds, String body) {
        return secrets.stream().map(secret -> "v1," + sign(secret, id, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    private static String sign(String secret, String id, long timestampSeconds, String body) {
        String key = secret.startsWith(SigningSecrets.PREFIX) ? secret.substring(SigningSecrets.PREFIX.length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
