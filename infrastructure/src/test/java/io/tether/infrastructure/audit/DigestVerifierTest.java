package io.tether.infrastructure.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tether.infrastructure.audit.AuditDigests.Entry;
import io.tether.infrastructure.audit.AuditDigests.Section;
import io.tether.infrastructure.audit.DigestVerifier.Finding;
import io.tether.infrastructure.audit.DigestVerifier.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digests alone, without the event store: their signatures, their keys and their chain. */
class DigestVerifierTest {

    private static final KeyPair SIGNER = Ed25519.fromSeed("the keyring's derived seed, 32 b".getBytes(StandardCharsets.UTF_8));
    private static final DigestKey KEY = new DigestKey(Ed25519.keyId(SIGNER.getPublic()), Ed25519.ALGORITHM,
            Ed25519.encoded(SIGNER.getPublic()));

    @TempDir
    Path directory;

    @Test
    void aChainOfSignedDigests_underAPublishedKey_isClean() throws Exception {
        writeChain(3);

        DigestVerifier.Report report = DigestVerifier.verify(directory, null, null);

        assertThat(report.findings()).isEmpty();
        assertThat(report.clean()).isTrue();
        assertThat(report.digests()).isEqualTo(3);
    }

    @Test
    void theSameSeed_givesTheSameKey() {
        KeyPair again = Ed25519.fromSeed("the keyring's derived seed, 32 b".getBytes(StandardCharsets.UTF_8));
        assertThat(again.getPublic().getEncoded()).isEqualTo(SIGNER.getPublic().getEncoded());
        assertThat(Ed25519.verify(again.getPublic(), new byte[] {1}, Ed25519.sign(SIGNER.getPrivate(), new byte[] {1}))).isTrue();
    }

    @Test
    void aDigestReplacedByAnotherValidlySignedOne_isOutOfTheChain() throws Exception {
        writeChain(3);
        // Digest 2 rewritten and signed again with the real key, but naming another predecessor.
        write(2, "f".repeat(64));

        List<Finding> findings = DigestVerifier.verify(directory, null, null).findings();

        assertThat(findings).extracting(Finding::problem, Finding::digest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Problem.DIGEST_OUT_OF_CHAIN, 2L),
                        org.assertj.core.groups.Tuple.tuple(Problem.DIGEST_OUT_OF_CHAIN, 3L));
    }

    @Test
    void withoutThePublishedKeys_everyDigestIsSignedByAnUnknownKey_unlessTheAuditorBringsThem() throws Exception {
        writeChain(2);
        Path kept = Files.move(directory.resolve(AuditDigests.PUBLIC_KEYS_FILE), directory.resolveSibling("kept-keys.json"));

        assertThat(DigestVerifier.verify(directory, null, null).findings()).extracting(Finding::problem)
                .containsExactly(Problem.DIGEST_UNKNOWN_KEY, Problem.DIGEST_UNKNOWN_KEY);
        assertThat(DigestVerifier.verify(directory, kept, null).clean()).isTrue();
        Files.delete(kept);
    }

    private void writeChain(int digests) throws Exception {
        Files.write(directory.resolve(AuditDigests.PUBLIC_KEYS_FILE), AuditDigests.publicKeys(List.of(KEY)));
        String previous = AuditDigests.GENESIS;
        for (long number = 1; number <= digests; number++) {
            previous = AuditDigests.chainHash(write(number, previous));
        }
    }

    @Test
    void digestsOfTheFirstFormat_beforeSections_stillVerify_andTheFirstOfTheNewFormatFollowsThem() throws Exception {
        Files.write(directory.resolve(AuditDigests.PUBLIC_KEYS_FILE), AuditDigests.publicKeys(List.of(KEY)));
        byte[] first = writeFormat1(1, AuditDigests.GENESIS);
        byte[] second = writeFormat1(2, AuditDigests.hash(first));
        write(3, AuditDigests.hash(second));

        DigestVerifier.Report report = DigestVerifier.verify(directory, null, null);

        assertThat(report.findings()).isEmpty();
        assertThat(report.digests()).isEqualTo(3);
        assertThat(AuditDigests.entries(AuditDigests.read(first))).extracting(Entry::aggregateId).containsExactly("aggregate-1");
    }

    @Test
    void aSectionEditedInAWholeDigest_isFound_thoughTheEnvelopeStillVerifies() throws Exception {
        writeChain(2);
        Path file = directory.resolve(AuditDigests.fileName(2));
        ObjectNode document = (ObjectNode) AuditDigests.read(Files.readAllBytes(file));
        ((ObjectNode) document.get("sections").get(0).get("aggregates").get(0)).put("last_sequence", 7);
        Files.write(file, CanonicalJson.bytes(document));

        assertThat(DigestVerifier.verify(directory, null, null).findings()).extracting(Finding::problem, Finding::digest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Problem.DIGEST_EDITED, 2L));
    }

    @Test
    void eachSectionsProof_leadsToTheSignedRoot_andAnEditedSectionDoesNot() {
        for (int count = 1; count <= 7; count++) {
            ArrayNode sections = CanonicalJson.MAPPER.createArrayNode();
            for (int i = 0; i < count; i++) {
                sections.addObject().put("organization_id", "organization-" + i).put("event_count", i);
            }
            String root = AuditDigests.sectionsRoot(sections);
            for (int i = 0; i < count; i++) {
                JsonNode proof = AuditDigests.proof(sections, i);
                assertThat(AuditDigests.rootOf(sections.get(i), proof)).as("section %d of %d", i, count).isEqualTo(root);
                ObjectNode edited = sections.get(i).deepCopy();
                edited.put("event_count", 99);
                assertThat(AuditDigests.rootOf(edited, proof)).isNotEqualTo(root);
                if (count > 1) {
                    assertThat(AuditDigests.rootOf(sections.get((i + 1) % count), proof)).as("another section, this one's proof")
                            .isNotEqualTo(root);
                }
            }
        }
    }

    /** A digest as Tether wrote them before sections: the aggregates in the signed document, chained by its bytes. */
    private byte[] writeFormat1(long number, String previous) throws Exception {
        ObjectNode unsigned = CanonicalJson.MAPPER.createObjectNode();
        unsigned.put("format", AuditDigests.FORMAT_1);
        unsigned.put("number", number);
        unsigned.put("interval_start", Instant.EPOCH.plusSeconds(number).toString());
        unsigned.put("interval_end", Instant.EPOCH.plusSeconds(number + 1).toString());
        unsigned.put("previous_digest_hash", previous);
        unsigned.put("event_count", 1);
        unsigned.put("aggregate_count", 1);
        unsigned.putArray("aggregates").addObject().put("aggregate_id", "aggregate-" + number)
                .put("aggregate_type", "IntegrationAccount").put("last_sequence", 0).put("chain_head", "0".repeat(64))
                .put("events", 1);
        unsigned.set("signing_key", AuditDigests.read(AuditDigests.publicKeys(List.of(KEY))).get("keys").get(0));
        byte[] document = AuditDigests.signed(unsigned, Ed25519.sign(SIGNER.getPrivate(), AuditDigests.signedContent(unsigned)));
        Files.write(directory.resolve(AuditDigests.fileName(number)), document);
        return document;
    }

    private byte[] write(long number, String previous) throws Exception {
        var unsigned = AuditDigests.unsigned(number, Instant.EPOCH.plusSeconds(number), Instant.EPOCH.plusSeconds(number + 1),
                previous, List.of(new Section("organization", List.of(new Entry("aggregate-" + number, "IntegrationAccount", 0,
                        "0".repeat(64), 1)))), KEY);
        byte[] document = AuditDigests.signed(unsigned, Ed25519.sign(SIGNER.getPrivate(), AuditDigests.signedContent(unsigned)));
        Files.write(directory.resolve(AuditDigests.fileName(number)), document);
        return document;
    }
}
