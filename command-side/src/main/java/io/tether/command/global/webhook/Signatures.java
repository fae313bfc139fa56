package io.tether.command.global.webhook;

import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.api.problem.ProblemCode.MALFORMED_WEBHOOK;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.tether.api.global.GlobalIntegrationFields;
import io.tether.api.problem.ProblemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What every format does alike: HMAC-SHA256 over the signed parts, compared in constant time; digests;
 * the delivery id and type checks; reading a field of a JSON body. Each provider's scheme is a handful of
 * lines over these, and so can be read against its documentation.
 */
public final class Signatures {

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern DELIVERY_ID = Pattern.compile(GlobalIntegrationFields.DELIVERY_ID_PATTERN);
    /** Event types as providers spell them: {@code pull_request}, {@code jira:issue_created}, {@code Issue.create}. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._:/-]{1,100}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Signatures() {
    }

    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** The hex SHA-256 of the parts, one after the other. */
    public static String sha256Hex(byte[]... parts) {
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

    /**
     * Compares a hex HMAC-SHA256 from a header (after its prefix) with the expected one, in constant time.
     *
     * @throws ProblemException {@code INVALID_WEBHOOK_SIGNATURE} when it is missing, not 64 hex digits, or wrong
     */
    static void requireHexSignature(String header, String given, byte[] expected) {
        if (given == null || !HEX_SHA256.matcher(given).matches()) {
            throw INVALID_WEBHOOK_SIGNATURE.exception("The " + header + " header must hold a hex HMAC-SHA256");
        }
        requireSame(expected, HEX.parseHex(given));
    }

    static void requireSame(byte[] expected, byte[] given) {
        if (!MessageDigest.isEqual(expected, given)) {
            throw INVALID_WEBHOOK_SIGNATURE.exception("The signature was not made with this integration's webhook secret");
        }
    }

    /** The value after a fixed prefix ({@code sha256=}, {@code v0=}), or null when the header lacks it. */
    static String after(String prefix, String header) {
        return header != null && header.startsWith(prefix) ? header.substring(prefix.length()) : null;
    }

    /**
     * @throws ProblemException {@code MALFORMED_WEBHOOK} naming the header when the provider's delivery id is
     *                          missing or not a plain token
     */
    static String requireDeliveryId(String header, String value) {
        if (value == null || !DELIVERY_ID.matcher(value).matches()) {
            throw MALFORMED_WEBHOOK.fieldException(header, value == null ? "is required: the provider always sends it"
                    : "must be 1 to 128 letters, digits or . _ : -");
        }
        return value;
    }

    /** For a provider that sends no delivery id: the signed content names the delivery. */
    static String contentId(String signedContentSha256) {
        return "sha256:" + signedContentSha256;
    }

    /** The provider's event type when it looks like one; anything else is not recorded. */
    static String typeOrNull(String candidate) {
        return candidate != null && TYPE.matcher(candidate).matches() ? candidate : null;
    }

    /** The body as JSON, or a missing node when it is not JSON: the signature, not the shape, decides. */
    static JsonNode json(byte[] body) {
        try {
            JsonNode parsed = JSON.readTree(body);
            return parsed == null ? MissingNode.getInstance() : parsed;
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    static JsonNode json(String text) {
        return json(utf8(text));
    }

    /** A text field of a JSON body, or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
