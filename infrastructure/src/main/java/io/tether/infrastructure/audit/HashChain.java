package io.tether.infrastructure.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The tamper-evidence chain of an aggregate's events: each link is the SHA-256 of the previous link
 * and a canonical form of the event (aggregate, sequence, event id, type, timestamp to the
 * millisecond, payload and metadata as JSON with sorted keys, the link itself left out). The link
 * is kept in the event's metadata under {@value #METADATA_KEY}.
 */
public final class HashChain {

    public static final String METADATA_KEY = "hash";
    /** The link before an aggregate's first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper CANONICAL = CanonicalJson.MAPPER;

    private HashChain() {
    }

    public static String link(String previous, EventFacts event) {
        String canonical = String.join("\n",
                previous,
                event.aggregateId(),
                Long.toString(event.sequenceNumber()),
                event.eventId(),
                event.payloadType(),
                Long.toString(event.timestamp().toEpochMilli()),
                canonicalJson(event.payloadJson()),
                canonicalJson(withoutLink(event.metadataJson())));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The stored link of a stored event's metadata, or null when it has none. */
    public static String storedLink(byte[] metadataJson) {
        JsonNode link = readTree(metadataJson).get(METADATA_KEY);
        return link == null ? null : link.asText();
    }

    private static JsonNode withoutLink(byte[] metadataJson) {
        JsonNode metadata = readTree(metadataJson);
        if (metadata instanceof ObjectNode object) {
            object.remove(METADATA_KEY);
        }
        return metadata;
    }

    private static String canonicalJson(byte[] json) {
        return canonicalJson(readTree(json));
    }

    private static String canonicalJson(JsonNode tree) {
        return CanonicalJson.of(tree);
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return json == null || json.length == 0 ? CANONICAL.createObjectNode() : CANONICAL.readTree(json);
        } catch (IOException e) {
            // An event whose stored JSON no longer parses was altered; it hashes as its raw text.
            return CANONICAL.getNodeFactory().textNode(new String(json, StandardCharsets.UTF_8));
        }
    }

    /** What the chain covers of one event, as stored (or about to be). */
    public record EventFacts(String aggregateId, long sequenceNumber, String eventId, String payloadType,
                             Instant timestamp, byte[] payloadJson, byte[] metadataJson) {
    }
}
