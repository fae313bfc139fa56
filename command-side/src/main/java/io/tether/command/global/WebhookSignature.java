package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;

import io.tether.api.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a provider signs a delivery: {@code X-Tether-Signature: sha256=<hex>}, the HMAC-SHA256 of
 * {@code <X-Tether-Timestamp>.<raw body>} keyed with the integration's webhook secret (its 64 hex
 * characters, as handed out). The timestamp is Unix seconds and must be within {@link #TOLERANCE} of now.
 */
public final class WebhookSignature {

    public static final String PREFIX = "sha256=";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final Pattern SIGNATURE = Pattern.compile("sha256=[0-9a-fA-F]{64}");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {
    }

    /**
     * Checks the signature in constant time and answers when the provider signed.
     *
     * @throws ProblemException {@code INVALID_WEBHOOK_SIGNATURE} when a header is missing or malformed or the signature does not match
     */
    public static Instant verify(String webhookSecret, String signatureHeader, String timestampHeader, byte[] body) {
        if (signatureHeader == null || !SIGNATURE.matcher(signatureHeader).matches()) {
            throw INVALID_WEBHOOK_SIGNATURE.exception("The X-Tether-Signature header must be sha256=<64 hex digits>");
        }
        if (timestampHeader == null || !TIMESTAMP.matcher(timestampHeader).matches()) {
            throw INVALID_WEBHOOK_SIGNATURE.exception("The X-Tether-Timestamp header must be Unix seconds");
        }
        byte[] expected = sign(webhookSecret, timestampHeader, body);
        byte[] given = HEX.parseHex(signatureHeader.substring(PREFIX.length()));
        if (!MessageDigest.isEqual(expected, given)) {
            throw INVALID_WEBHOOK_SIGNATURE.exception("The signature was not made with this integration's webhook secret");
        }
        return Instant.ofEpochSecond(Long.parseLong(timestampHeader));
    }

    /** Whether {@code signedAt} is within the tolerance of {@code now}, in either direction. */
    public static boolean isFresh(Instant signedAt, Instant now) {
        return Duration.between(signedAt, now).abs().compareTo(TOLERANCE) <= 0;
    }

    /** The header value a provider sends for this timestamp and body. */
    public static String header(String webhookSecret, String timestamp, byte[] body) {
        return PREFIX + HEX.formatHex(sign(webhookSecret, timestamp, body));
    }

    /** The hex SHA-256 of the parts, one after the other. */
    public static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HEX.formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** What the signature covers, before the body: the timestamp and a dot. */
    public static byte[] signedPrefix(String timestamp) {
        return (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] sign(String webhookSecret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            mac.update(signedPrefix(timestamp));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
        }
    }
}
