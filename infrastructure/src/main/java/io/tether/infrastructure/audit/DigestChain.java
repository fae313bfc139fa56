package io.tether.infrastructure.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.infrastructure.audit.DigestVerifier.Finding;
import io.tether.infrastructure.audit.DigestVerifier.Problem;
import java.io.IOException;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequence of digests checked one after the other, in number order, as a directory or an export holds them:
 * each one's signature under a trusted key (and, for a whole digest, its sections under the root it signed), no
 * number missing, each naming the one before it. What it finds goes
 * to the verifier's findings.
 */
final class DigestChain {

    private final Map<String, PublicKey> trusted;
    private final List<Finding> findings;
    private Long next;
    private String previousHash;
    private int digests;

    /** {@code first}: the number the sequence must start at, or null to start at whichever comes first. */
    DigestChain(Map<String, PublicKey> trusted, Long first, List<Finding> findings) {
        this.trusted = trusted;
        this.next = first;
        this.findings = findings;
    }

    /** The keys of a published keys document ({@value AuditDigests#PUBLIC_KEYS_FILE}) that the verifier can check. */
    static Map<String, PublicKey> trustedKeys(byte[] publicKeys) throws IOException {
        Map<String, PublicKey> keys = new HashMap<>();
        for (DigestKey key : AuditDigests.readPublicKeys(publicKeys)) {
            if (Ed25519.ALGORITHM.equals(key.algorithm())) {
                keys.put(key.keyId(), Ed25519.publicKey(key.publicKey()));
            }
        }
        return keys;
    }

    int digests() {
        return digests;
    }

    /**
     * The digest numbered {@code number} (its file's name, or its own number in an export), as written; the
     * document when it verifies and follows the one before, null when it cannot vouch for anything.
     */
    JsonNode next(long number, byte[] bytes) {
        digests++;
        long expected = next == null ? number : next;
        if (number > expected) {
            findings.add(new Finding(Problem.DIGEST_MISSING, null, null, expected, number - expected == 1
                    ? "Digest " + expected + " is missing: the digests go from " + (expected - 1) + " to " + number
                    : "Digests " + expected + " to " + (number - 1) + " are missing"));
            previousHash = null;
        }
        next = number + 1;
        JsonNode document;
        try {
            document = AuditDigests.read(bytes);
        } catch (IOException e) {
            findings.add(new Finding(Problem.DIGEST_UNREADABLE, null, null, number,
                    "Digest " + number + " is not a digest any more: its file does not parse"));
            previousHash = null;
            return null;
        }
        String hash = AuditDigests.chainHash(document, bytes);
        DigestKey key = AuditDigests.signingKey(document);
        PublicKey publicKey = trusted.get(key.keyId());
        boolean valid = false;
        if (document.path("number").asLong() != number) {
            findings.add(new Finding(Problem.DIGEST_EDITED, null, null, number, "Digest " + number
                    + " was edited: its file is named for digest " + number + " but it says " + document.path("number")));
        } else if (publicKey == null) {
            findings.add(new Finding(Problem.DIGEST_UNKNOWN_KEY, null, null, number, "Digest " + number
                    + " is signed with key " + key.keyId() + ", which is not among the published keys: it was re-signed"));
        } else if (!Ed25519.verify(publicKey, AuditDigests.signedContent(document), document.path("signature").asText())) {
            findings.add(new Finding(Problem.DIGEST_EDITED, null, null, number, "Digest " + number
                    + " was edited after it was signed: its signature does not verify"));
        } else if (document.has("sections") && !AuditDigests.sectionsMatchRoot(document)) {
            // A whole digest, as the directory keeps it; an export's envelope carries only its organization's section.
            findings.add(new Finding(Problem.DIGEST_EDITED, null, null, number, "Digest " + number
                    + " was edited after it was signed: its sections are not those its signature covers"));
        } else {
            valid = true;
        }
        if (valid && previousHash != null && !previousHash.equals(document.path("previous_digest_hash").asText())) {
            findings.add(new Finding(Problem.DIGEST_OUT_OF_CHAIN, null, null, number, "Digest " + number
                    + " does not follow digest " + (number - 1) + ": it names another digest before it"));
        }
        previousHash = hash;
        return valid ? document : null;
    }
}
