package io.tether.infrastructure.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The audit digest as a document: what the writer signs, the sinks keep and the verifier checks. A digest is
 * canonical JSON (keys sorted, no white space). Since format {@value #FORMAT} the aggregates are grouped in one
 * <em>section</em> per organization, and the signed envelope commits to the sections through the root of a Merkle
 * tree over them ({@code sections_root}), so that one organization's section is verified against the signature
 * without the others:
 *
 * <pre>
 * {"format":"tether-audit-digest/2","interval_end":"…","interval_start":"…","number":7,"previous_digest_hash":"…",
 *  "sections":[{"aggregate_count":1,"aggregates":[{"aggregate_id":"…","aggregate_type":"IntegrationAccount",
 *    "chain_head":"…","events":3,"last_sequence":2}],"event_count":3,"organization_id":"…"}],
 *  "sections_root":"…","signature":"…","signing_key":{"algorithm":"Ed25519","key_id":"…","public_key":"…"}}
 * </pre>
 *
 * The signature covers the canonical envelope: the document without its {@code sections} and {@code signature};
 * the next digest's {@code previous_digest_hash} is the SHA-256 of the envelope with its signature. Format
 * {@value #FORMAT_1} (digests written before sections) lists the aggregates in the signed document itself, and is
 * chained by the SHA-256 of the whole document: both verify.
 */
public final class AuditDigests {

    public static final String FORMAT = "tether-audit-digest/2";
    /** The first format: every aggregate in the signed document, no sections. */
    public static final String FORMAT_1 = "tether-audit-digest/1";
    /** The previous digest hash of the first digest. */
    public static final String GENESIS = "0".repeat(64);
    /** The published signing keys, beside the digests in a directory. */
    public static final String PUBLIC_KEYS_FILE = "public-keys.json";

    private static final byte LEAF = 0;
    private static final byte NODE = 1;

    private AuditDigests() {
    }

    /** One aggregate whose history grew in the digest's interval, as it stood at the interval's end. */
    public record Entry(String aggregateId, String aggregateType, long lastSequence, String chainHead, long events) {
    }

    /**
     * The aggregates of one organization (null: of none, as for an aggregate whose first event names no organization),
     * in the order they are written.
     */
    public record Section(String organizationId, List<Entry> entries) {
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

    /** The digest without its signature; the sections in the order given (the writer's: by organization). */
    public static ObjectNode unsigned(long number, Instant intervalStart, Instant intervalEnd, String previousDigestHash,
                                      List<Section> sections, DigestKey key) {
        ObjectNode document = CanonicalJson.MAPPER.createObjectNode();
        document.put("format", FORMAT);
        document.put("number", number);
        document.put("interval_start", intervalStart.toString());
        document.put("interval_end", intervalEnd.toString());
        document.put("previous_digest_hash", previousDigestHash);
        ArrayNode written = document.putArray("sections");
        for (Section section : sections) {
            ObjectNode node = written.addObject();
            node.put("organization_id", section.organizationId());
            node.put("event_count", section.entries().stream().mapToLong(Entry::events).sum());
            node.put("aggregate_count", section.entries().size());
            ArrayNode aggregates = node.putArray("aggregates");
            for (Entry entry : section.entries()) {
                ObjectNode aggregate = aggregates.addObject();
                aggregate.put("aggregate_id", entry.aggregateId());
                aggregate.put("aggregate_type", entry.aggregateType());
                aggregate.put("last_sequence", entry.lastSequence());
                aggregate.put("chain_head", entry.chainHead());
                aggregate.put("events", entry.events());
            }
        }
        document.put("sections_root", sectionsRoot(written));
        document.set("signing_key", key(key));
        return document;
    }

    /** Whether the document is of the first format, without sections. */
    public static boolean isFormat1(JsonNode document) {
        return FORMAT_1.equals(document.path("format").asText());
    }

    /** The signed envelope, signature included: the digest as an organization's export carries it. */
    public static ObjectNode envelope(JsonNode document) {
        ObjectNode envelope = document.deepCopy();
        if (!isFormat1(document)) {
            envelope.remove("sections");
        }
        return envelope;
    }

    /** What the next digest's {@code previous_digest_hash} names: the hash of the envelope, or of a first-format file. */
    public static String chainHash(JsonNode document, byte[] asWritten) {
        return isFormat1(document) ? hash(asWritten) : hash(CanonicalJson.bytes(envelope(document)));
    }

    /** The chain hash of a digest as written (signed, canonical). */
    public static String chainHash(byte[] asWritten) {
        try {
            return chainHash(read(asWritten), asWritten);
        } catch (IOException e) {
            throw new UncheckedIOException("A digest that does not parse cannot be chained", e);
        }
    }

    /** The sections of a whole digest (a first-format digest: its aggregates, as one section of no organization). */
    public static List<JsonNode> sections(JsonNode document) {
        List<JsonNode> sections = new ArrayList<>();
        if (isFormat1(document)) {
            ObjectNode all = CanonicalJson.MAPPER.createObjectNode();
            all.set("aggregates", document.path("aggregates"));
            sections.add(all);
        } else {
            document.path("sections").forEach(sections::add);
        }
        return sections;
    }

    /** Whether a whole digest's sections are those its envelope commits to. */
    public static boolean sectionsMatchRoot(JsonNode document) {
        return isFormat1(document) || sectionsRoot(document.path("sections")).equals(document.path("sections_root").asText());
    }

    /**
     * The Merkle root over the sections (RFC 6962's tree hash: a leaf is SHA-256 of 0x00 and the section's canonical
     * JSON, a node SHA-256 of 0x01 and its two children; no sections: SHA-256 of nothing).
     */
    public static String sectionsRoot(JsonNode sections) {
        List<byte[]> leaves = new ArrayList<>();
        sections.forEach(section -> leaves.add(leafHash(section)));
        return HexFormat.of().formatHex(leaves.isEmpty() ? sha256() : treeHash(leaves));
    }

    /**
     * What links the section at {@code index} to the root: from the leaf up, each sibling's hash under {@code left} or
     * {@code right}, the side it is on. Its length tells roughly how many sections there are, nothing of them.
     */
    public static ArrayNode proof(JsonNode sections, int index) {
        List<byte[]> leaves = new ArrayList<>();
        sections.forEach(section -> leaves.add(leafHash(section)));
        ArrayNode steps = CanonicalJson.MAPPER.createArrayNode();
        path(leaves, index, steps);
        return steps;
    }

    /** The root that a section and its proof lead to. */
    public static String rootOf(JsonNode section, JsonNode proof) {
        byte[] hash = leafHash(section);
        for (JsonNode step : proof) {
            byte[] sibling = HexFormat.of().parseHex(step.has("left") ? step.get("left").asText() : step.path("right").asText());
            hash = step.has("left") ? sha256(new byte[] {NODE}, sibling, hash) : sha256(new byte[] {NODE}, hash, sibling);
        }
        return HexFormat.of().formatHex(hash);
    }

    private static void path(List<byte[]> leaves, int index, ArrayNode steps) {
        if (leaves.size() <= 1) {
            return;
        }
        int split = largestPowerOfTwoBelow(leaves.size());
        if (index < split) {
            path(leaves.subList(0, split), index, steps);
            steps.addObject().put("right", HexFormat.of().formatHex(treeHash(leaves.subList(split, leaves.size()))));
        } else {
            path(leaves.subList(split, leaves.size()), index - split, steps);
            steps.addObject().put("left", HexFormat.of().formatHex(treeHash(leaves.subList(0, split))));
        }
    }

    private static byte[] treeHash(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int split = largestPowerOfTwoBelow(leaves.size());
        return sha256(new byte[] {NODE}, treeHash(leaves.subList(0, split)), treeHash(leaves.subList(split, leaves.size())));
    }

    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static byte[] leafHash(JsonNode section) {
        return sha256(new byte[] {LEAF}, CanonicalJson.bytes(section));
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The bytes a digest's signature covers. */
    public static byte[] signedContent(JsonNode document) {
        ObjectNode content = envelope(document);
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

    /** The aggregates of a whole digest, every section's. */
    public static List<Entry> entries(JsonNode document) {
        List<Entry> entries = new ArrayList<>();
        sections(document).forEach(section -> entries.addAll(entriesOf(section)));
        return entries;
    }

    /** The aggregates of one section. */
    public static List<Entry> entriesOf(JsonNode section) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode aggregate : section.path("aggregates")) {
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

    /** SHA-256, hex, of bytes as written. */
    public static String hash(byte[] document) {
        return HexFormat.of().formatHex(sha256(document));
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
