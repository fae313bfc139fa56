package io.tether.infrastructure.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The audit digest as a document: what the writer signs, the sinks keep and the verifier checks. A digest is
 * canonical JSON (keys sorted, no white space):
 *
 * <pre>
 * {"aggregate_count":1,"aggregates":[{"aggregate_id":"…","aggregate_type":"IntegrationAccount",
 *   "chain_head":"…","events":3,"last_sequence":2}],"event_count":3,"format":"tether-audit-digest/1",
 *  "interval_end":"…","interval_start":"…","number":7,"previous_digest_hash":"…",
 *  "signature":"…","signing_key":{"algorithm":"Ed25519","key_id":"…","public_key":"…"}}
 * </pre>
 *
 * The signature covers the canonical document without its {@code signature}; the next digest's
 * {@code previous_digest_hash} is the SHA-256 of the whole document's bytes, as written.
 */
public final class AuditDigests {

    public static final String FORMAT = "tether-audit-digest/1";
    /** The previous digest hash of the first digest. */
    public static final String GENESIS = "0".repeat(64);
    /** The published signing keys, beside the digests in a directory. */
    public static final String PUBLIC_KEYS_FILE = "public-keys.json";

    private AuditDigests() {
    }

    /** One aggregate whose history grew in the digest's interval, as it stood at the interval's end. */
    public record Entry(String aggregateId, String aggregateType, long lastSequence, String chainHead, long events) {
    }

    public static String fileName(long number) {
        return String.format("digest-%010d.json", number);
    }

    /** The number in a digest file's name, or -1 when the name is not a digest's. */
    public static long numberOf(String fileName) {
        if (!fileName.matches("digest-\\d{10}\\.json")) {
            return -1;
        }
        return Long.parseLong(fileName.substring("digest-".length(), fileName.length() - ".json".length()));
    }

    /** The digest without its signature: what the signature covers, once canonical. */
    public static ObjectNode unsigned(long number, Instant intervalStart, Instant intervalEnd, String previousDigestHash,
                                      List<Entry> entries, DigestKey key) {
        ObjectNode document = CanonicalJson.MAPPER.createObjectNode();
        document.put("format", FORMAT);
        document.put("number", number);
        document.put("interval_start", intervalStart.toString());
        document.put("interval_end", intervalEnd.toString());
        document.put("previous_digest_hash", previousDigestHash);
        document.put("event_count", entries.stream().mapToLong(Entry::events).sum());
        document.put("aggregate_count", entries.size());
        ArrayNode aggregates = document.putArray("aggregates");
        for (Entry entry : entries) {
            ObjectNode aggregate = aggregates.addObject();
            aggregate.put("aggregate_id", entry.aggregateId());
            aggregate.put("aggregate_type", entry.aggregateType());
            aggregate.put("last_sequence", entry.lastSequence());
            aggregate.put("chain_head", entry.chainHead());
            aggregate.put("events", entry.events());
        }
        document.set("signing_key", key(key));
        return document;
    }

    /** The bytes a digest's signature covers. */
    public static byte[] signedContent(JsonNode document) {
        ObjectNode content = document.deepCopy();
        content.remove("signature");
        return CanonicalJson.bytes(content);
    }

    /** The digest as written: canonical, signature included. */
    public static byte[] signed(ObjectNode unsigned, String signature) {
        ObjectNode document = unsigned.deepCopy();
        document.put("signature", signature);
        return CanonicalJson.bytes(document);
    }

    public static JsonNode read(byte[] document) throws IOException {
        return CanonicalJson.MAPPER.readTree(document);
    }

    public static List<Entry> entries(JsonNode document) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode aggregate : document.path("aggregates")) {
            entries.add(new Entry(aggregate.path("aggregate_id").asText(), aggregate.path("aggregate_type").asText(),
                    aggregate.path("last_sequence").asLong(), aggregate.path("chain_head").asText(),
                    aggregate.path("events").asLong()));
        }
        return entries;
    }

    public static DigestKey signingKey(JsonNode document) {
        JsonNode key = document.path("signing_key");
        return new DigestKey(key.path("key_id").asText(), key.path("algorithm").asText(), key.path("public_key").asText());
    }

    /** SHA-256, hex, of a digest's bytes as written. */
    public static String hash(byte[] document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The published keys: {@code {"keys":[{"algorithm":…,"key_id":…,"public_key":…}]}}. */
    public static byte[] publicKeys(List<DigestKey> keys) {
        ObjectNode document = CanonicalJson.MAPPER.createObjectNode();
        ArrayNode published = document.putArray("keys");
        keys.forEach(key -> published.add(key(key)));
        return CanonicalJson.bytes(document);
    }

    public static List<DigestKey> readPublicKeys(byte[] document) throws IOException {
        List<DigestKey> keys = new ArrayList<>();
        for (JsonNode key : CanonicalJson.MAPPER.readTree(document).path("keys")) {
            keys.add(new DigestKey(key.path("key_id").asText(), key.path("algorithm").asText(), key.path("public_key").asText()));
        }
        return keys;
    }

    private static ObjectNode key(DigestKey key) {
        ObjectNode node = CanonicalJson.MAPPER.createObjectNode();
        node.put("key_id", key.keyId());
        node.put("algorithm", key.algorithm());
        node.put("public_key", key.publicKey());
        return node;
    }
}
