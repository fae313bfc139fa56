package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tether.api.account.AccountCredentialsReadEvent;
import io.tether.app.Api.Response;
import io.tether.infrastructure.audit.AuditDigests;
import io.tether.infrastructure.audit.DigestKey;
import io.tether.infrastructure.audit.DigestVerifier;
import io.tether.infrastructure.audit.DigestVerifier.Finding;
import io.tether.infrastructure.audit.DigestVerifier.Report;
import io.tether.infrastructure.audit.Ed25519;
import io.tether.infrastructure.audit.ExportVerifier;
import io.tether.infrastructure.audit.ExportVerifier.ExportReport;
import io.tether.infrastructure.audit.HashChain;
import io.tether.infrastructure.audit.HashChain.EventFacts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Signed audit digests written outside the event store, and the auditor's verifier: an untouched store
 * verifies clean; each tampering, made by SQL against the real PostgreSQL by someone who can write to it
 * (and who covers their tracks in the chain heads), is found and told in words; so is each tampering with
 * the digests themselves. Its own application and data directory: it tampers with the whole store.
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                "tether.rate-limits.per-ip=1000000",
                // Digests only when the test asks: the recurring check writes the first one at start, then waits.
                "tether.audit.digests.check-interval=1h"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditDigestTest {

    private static final Path DATA_DIRECTORY = Path.of("target", "test-data", "digests-" + UUID.randomUUID());
    private static final Path DIGESTS = DATA_DIRECTORY.resolve("audit-digests");

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void ownDataDirectory(DynamicPropertyRegistry registry) {
        registry.add("tether.data-dir", DATA_DIRECTORY::toString);
    }

    @Test
    @Order(1)
    void anUntouchedStore_verifiesClean_andADigestAppearsForAnEmptyInterval() throws Exception {
        // The recurring check writes the store's first digest once the application is up: this test's events come
        // after it, or some of them would be in that digest and not in the one the test writes.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM audit_digests", Long.class) > 0);
        UUID organization = UUID.randomUUID();
        String id = accountWithFourEvents(organization);
        JsonNode digest = writeDigest();
        assertThat(digest.get("aggregate_count").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode written = AuditDigests.read(Files.readAllBytes(DIGESTS.resolve(AuditDigests.fileName(digest.get("number").asLong()))));
        assertThat(written.get("format").asText()).isEqualTo(AuditDigests.FORMAT);
        assertThat(AuditDigests.entries(written)).extracting(AuditDigests.Entry::aggregateId).contains(id);
        assertThat(sectionOf(written, id).get("organization_id").asText()).isEqualTo(organization.toString());
        JsonNode entry = entryOf(written, id);
        assertThat(entry.get("last_sequence").asLong()).isEqualTo(3);
        assertThat(entry.get("events").asLong()).isEqualTo(4);
        assertThat(entry.get("chain_head").asText()).isEqualTo(
                jdbc.queryForObject("SELECT hash FROM event_chain_heads WHERE aggregate_identifier = ?", String.class, id));

        JsonNode empty = writeDigest();
        assertThat(empty.get("aggregate_count").asInt()).isZero();
        assertThat(DIGESTS.resolve(AuditDigests.fileName(empty.get("number").asLong()))).isRegularFile();
        assertThat(DIGESTS.resolve(AuditDigests.PUBLIC_KEYS_FILE)).isRegularFile();

        Response verified = as(organization, "platform_admin").post("/audit/verify",
                "{\"digests\":\"" + DIGESTS.toAbsolutePath() + "\"}");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.body().get("clean").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.body().get("events_checked").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(cli("--digests", DIGESTS.toString(), "--database", databaseUrl())).startsWith("Clean: ");
    }

    @Test
    @Order(2)
    void eachTamperingOfTheEventStore_isFoundAndToldInWords() throws Exception {
        UUID organization = UUID.randomUUID();
        String edited = accountWithFourEvents(organization);
        String middle = accountWithFourEvents(organization);
        String truncated = accountWithFourEvents(organization);
        String whole = accountWithFourEvents(organization);
        String reordered = accountWithFourEvents(organization);
        String rewritten = accountWithFourEvents(organization);
        String untouched = accountWithFourEvents(organization);
        writeDigest();

        jdbc.update("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                + " 'Digested', 'Innocent'), 'UTF8') WHERE aggregate_identifier = ? AND sequence_number = 0", edited);
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 1", middle);
        // The last event goes, and the chain head is moved back to the event before it: event_chain_heads agrees.
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3", truncated);
        jdbc.update("UPDATE event_chain_heads SET sequence_number = 2, hash = (SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'hash'"
                + " FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 2) WHERE aggregate_identifier = ?",
                truncated, truncated);
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?", whole);
        jdbc.update("DELETE FROM event_chain_heads WHERE aggregate_identifier = ?", whole);
        jdbc.update("UPDATE domain_event_entry SET sequence_number = -1 WHERE aggregate_identifier = ? AND sequence_number = 1", reordered);
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 1 WHERE aggregate_identifier = ? AND sequence_number = 2", reordered);
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 2 WHERE aggregate_identifier = ? AND sequence_number = -1", reordered);
        rewriteWithHashesRecomputed(rewritten);

        Response response = as(organization, "platform_admin").post("/audit/verify",
                "{\"digests\":\"" + DIGESTS.toAbsolutePath() + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode report = response.body();
        assertThat(report.get("clean").asBoolean()).isFalse();
        assertThat(problemsOf(report, edited)).containsExactly("event_edited");
        assertThat(problemsOf(report, middle)).containsExactly("event_deleted");
        assertThat(problemsOf(report, truncated)).containsExactly("stream_truncated");
        assertThat(problemsOf(report, whole)).containsExactly("stream_deleted");
        assertThat(problemsOf(report, reordered)).containsExactly("events_reordered");
        assertThat(problemsOf(report, rewritten)).containsExactly("history_rewritten");
        assertThat(problemsOf(report, untouched)).isEmpty();
        assertThat(descriptionOf(report, edited)).isEqualTo("Event 0 of " + edited
                + " was edited: its content no longer matches the hash recorded when it was appended");
        assertThat(descriptionOf(report, middle)).isEqualTo("Event 1 of " + middle + " was deleted from the middle of its stream");
        assertThat(descriptionOf(report, truncated)).contains("truncated at its end").contains("end at 2");
        assertThat(descriptionOf(report, whole)).startsWith("The whole stream of " + whole + " was deleted");
        assertThat(descriptionOf(report, reordered)).startsWith("Events of " + reordered + " were reordered");

        String printed = cli("--digests", DIGESTS.toString(), "--database", databaseUrl());
        assertThat(printed).contains("stream_deleted: The whole stream of " + whole).contains("event_edited: Event 0 of " + edited);
    }

    @Test
    @Order(3)
    void eachTamperingOfTheDigests_isFound(@TempDir Path copy) throws Exception {
        for (int i = 0; i < 3; i++) {
            writeDigest();
        }
        try (Stream<Path> files = Files.list(DIGESTS)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        long newest = newestDigest(copy);
        long missing = newest - 2;
        long edited = newest - 1;
        long resigned = newest;
        Files.delete(copy.resolve(AuditDigests.fileName(missing)));
        Path editedFile = copy.resolve(AuditDigests.fileName(edited));
        // A section slipped into the digest after it was signed: its envelope still verifies, its sections do not.
        ObjectNode editedDigest = (ObjectNode) AuditDigests.read(Files.readAllBytes(editedFile));
        ((com.fasterxml.jackson.databind.node.ArrayNode) editedDigest.get("sections")).addObject()
                .put("organization_id", UUID.randomUUID().toString()).put("event_count", 1);
        Files.writeString(editedFile, editedDigest.toString());
        resignWithAnotherKey(copy.resolve(AuditDigests.fileName(resigned)));

        Report report = DigestVerifier.verify(copy, null, null);

        assertThat(report.findings()).extracting(Finding::digest, finding -> finding.problem().code()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(missing, "digest_missing"),
                org.assertj.core.groups.Tuple.tuple(edited, "digest_edited"),
                org.assertj.core.groups.Tuple.tuple(resigned, "digest_unknown_key"));
        assertThat(report.findings().get(0).description()).isEqualTo("Digest " + missing + " is missing: the digests go from "
                + (missing - 1) + " to " + edited);
        assertThat(cli("--digests", copy.toString())).contains("digest_unknown_key: Digest " + resigned + " is signed with key ");
    }

    @Test
    @Order(4)
    void anExportWithItsDigests_verifiesWithTheVerifierAlone_andEachTamperingOfItIsFound(@TempDir Path files) throws Exception {
        Exported exported = twoAccountsDigestedAndExported("NDJSON");
        UUID organization = exported.organization();
        String one = exported.one();
        String other = exported.other();
        Api auditor = as(organization, "auditor");
        Response export = exported.export();
        assertThat(export.rawBody()).doesNotContain("Atzr");
        List<String> lines = export.rawBody().lines().toList();
        assertThat(lines).anyMatch(line -> line.startsWith("{\"digest_section\":"));
        Path untouched = write(files, "untouched.ndjson", lines);
        assertThat(cli("--export", untouched.toString())).startsWith("Clean: ").contains("8 of the 8 events are covered by a digest");
        ExportReport clean = ExportVerifier.verify(untouched, DIGESTS.resolve(AuditDigests.PUBLIC_KEYS_FILE));
        assertThat(clean.clean()).as(clean.findings().toString()).isTrue();
        assertThat(clean.eventsChecked()).isEqualTo(8);
        assertThat(clean.aggregatesChecked()).isEqualTo(2);
        assertThat(clean.organizationId()).isEqualTo(organization.toString());

        List<String> edited = new ArrayList<>(lines);
        edited.set(lineOf(lines, one, 0), lines.get(lineOf(lines, one, 0)).replace("Digested", "Innocent"));
        assertThat(problemsIn(files, "edited.ndjson", edited, one)).containsExactly("event_edited");

        List<String> removed = new ArrayList<>(lines);
        removed.remove(lineOf(lines, other, 1));
        assertThat(problemsIn(files, "removed.ndjson", removed, other)).containsExactly("event_deleted");

        List<String> removedLast = new ArrayList<>(lines);
        removedLast.remove(lineOf(lines, one, 3));
        assertThat(problemsIn(files, "removed-last.ndjson", removedLast, one)).containsExactly("stream_truncated");

        List<String> reordered = new ArrayList<>(lines);
        reordered.set(lineOf(lines, other, 1), lines.get(lineOf(lines, other, 2)));
        reordered.set(lineOf(lines, other, 2), lines.get(lineOf(lines, other, 1)));
        assertThat(problemsIn(files, "reordered.ndjson", reordered, other)).containsExactly("events_reordered");

        assertThat(problemsIn(files, "rewritten.ndjson", rewrittenInTheExport(lines, one), one))
                .as("an event edited and every link after it recomputed: the digest's head disagrees")
                .containsExactly("history_rewritten");

        assertThat(auditor.get("/audit/events/export?actor=alice&include=digests").status()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void anOrganizationsExport_carriesOnlyItsOwnSectionOfEachDigest_andASectionEditedIsFound(@TempDir Path files)
            throws Exception {
        UUID organization = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        String own = accountWithFourEvents(organization);
        String theirs = accountWithFourEvents(neighbour);
        JsonNode digest = writeDigest();
        JsonNode whole = AuditDigests.read(Files.readAllBytes(DIGESTS.resolve(AuditDigests.fileName(digest.get("number").asLong()))));
        assertThat(sectionOf(whole, theirs).get("organization_id").asText()).isEqualTo(neighbour.toString());
        Api auditor = as(organization, "auditor");
        await().atMost(Duration.ofSeconds(10)).until(() -> auditor.get("/audit/events?limit=100").body().get("items").size() == 4);

        String body = auditor.get("/audit/events/export?include=digests").rawBody();

        assertThat(body).contains(own).doesNotContain(neighbour.toString()).doesNotContain(theirs);
        Path export = write(files, "own.ndjson", body.lines().toList());
        ExportReport report = ExportVerifier.verify(export, DIGESTS.resolve(AuditDigests.PUBLIC_KEYS_FILE));
        assertThat(report.clean()).as(report.findings().toString()).isTrue();
        assertThat(report.eventsVouchedFor()).isEqualTo(4);

        List<String> lines = new ArrayList<>(body.lines().toList());
        int section = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"digest_section\":") && lines.get(i).contains(own)) {
                section = i;
            }
        }
        assertThat(section).as("the organization's section of the digest").isNotNegative();
        lines.set(section, lines.get(section).replace("\"last_sequence\":3", "\"last_sequence\":2"));
        ExportReport edited = ExportVerifier.verify(write(files, "edited-section.ndjson", lines),
                DIGESTS.resolve(AuditDigests.PUBLIC_KEYS_FILE));
        assertThat(edited.findings()).extracting(finding -> finding.problem().code()).containsExactly("section_edited");
        assertThat(edited.findings().get(0).description()).isEqualTo("The section of organization " + organization
                + " in digest " + digest.get("number").asLong() + " was edited: it is not the section the digest's "
                + "signature covers");
    }

    @Test
    @Order(6)
    void aCsvExportWithItsDigests_verifiesAsTheNdjsonOneDoes_andARowEditedDeletedOrReorderedIsFound(@TempDir Path files)
            throws Exception {
        Exported exported = twoAccountsDigestedAndExported("CSV");
        String one = exported.one();
        String other = exported.other();
        Response export = exported.export();
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        assertThat(export.rawBody()).doesNotContain("Atzr");
        List<String> rows = export.rawBody().lines().toList();
        assertThat(rows.get(0)).startsWith("record,global_index,organization_id,aggregate_id,");
        assertThat(rows).anyMatch(row -> row.startsWith("digest_section,"));
        Path untouched = write(files, "untouched.csv", rows);
        assertThat(cli("--export", untouched.toString())).startsWith("Clean: ").contains("8 of the 8 events are covered by a digest");

        List<String> edited = new ArrayList<>(rows);
        edited.set(rowOf(rows, one, 0), rows.get(rowOf(rows, one, 0)).replace("Digested", "Innocent"));
        assertThat(cli("--export", write(files, "edited.csv", edited).toString())).contains("event_edited: Event 0 of " + one
                + " was edited: its content no longer matches the hash recorded when it was appended");

        List<String> deleted = new ArrayList<>(rows);
        deleted.remove(rowOf(rows, other, 1));
        assertThat(cli("--export", write(files, "deleted.csv", deleted).toString()))
                .contains("event_deleted: Event 1 of " + other + " was deleted from the middle of its stream");

        List<String> reordered = new ArrayList<>(rows);
        reordered.set(rowOf(rows, other, 1), rows.get(rowOf(rows, other, 2)));
        reordered.set(rowOf(rows, other, 2), rows.get(rowOf(rows, other, 1)));
        assertThat(cli("--export", write(files, "reordered.csv", reordered).toString()))
                .contains("events_reordered: Events of " + other + " were reordered");
        assertThat(problemsIn(files, "reordered-report.csv", reordered, other)).containsExactly("events_reordered");
    }

    @Test
    @Order(7)
    void anAccountsVerification_coversItsCredentialReadStream_andFindsAReadEventTamperedWith() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String id = admin.post("/integrations/accounts", EndToEndTest.adsAccount("Read " + UUID.randomUUID())).body().get("id").asText();
        admin.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|digest\"}}");
        Response read = as(organization, "service").post("/integrations/accounts/" + id + "/credentials",
                "{\"purpose\":\"nightly campaign sync\"}");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        String reads = AccountCredentialsReadEvent.streamOf(UUID.fromString(id)).toString();
        Api auditor = as(organization, "auditor");
        String request = "{\"aggregate_id\":\"" + id + "\"}";

        Response before = auditor.post("/audit/verify", request);
        assertThat(before.body().get("intact").asBoolean()).as(before.toString()).isTrue();
        assertThat(before.body().get("aggregates").asInt()).as("the account and its credential-read stream").isEqualTo(2);

        jdbc.update("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                + " 'nightly campaign sync', 'a harmless look'), 'UTF8') WHERE aggregate_identifier = ?", reads);
        Response after = auditor.post("/audit/verify", request);

        assertThat(after.body().get("intact").asBoolean()).as(after.toString()).isFalse();
        JsonNode broken = after.body().get("broken");
        assertThat(broken).hasSize(1);
        assertThat(broken.get(0).get("aggregate_id").asText()).isEqualTo(reads);
        assertThat(broken.get(0).get("problem").asText()).isEqualTo("altered_event");
    }

    private record Exported(UUID organization, String one, String other, Response export) {
    }

    /** Two accounts of a new organization, four events each, a digest after them, and the organization's export with it. */
    private Exported twoAccountsDigestedAndExported(String format) {
        UUID organization = UUID.randomUUID();
        String one = accountWithFourEvents(organization);
        String other = accountWithFourEvents(organization);
        writeDigest();
        Api auditor = as(organization, "auditor");
        await().atMost(Duration.ofSeconds(10)).until(() -> auditor.get("/audit/events?limit=100").body().get("items").size() == 8);
        Response export = auditor.get("/audit/events/export?format=" + format + "&include=digests");
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        return new Exported(organization, one, other, export);
    }

    /** The index of the CSV export's row holding the aggregate's event (the columns before the payload hold no comma). */
    private static int rowOf(List<String> rows, String aggregateId, long sequence) {
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",", 7);
            if (cells.length == 7 && cells[0].equals("event") && cells[3].equals(aggregateId)
                    && cells[5].equals(Long.toString(sequence))) {
                return i;
            }
        }
        throw new AssertionError("No exported row of event " + sequence + " of " + aggregateId);
    }

    private static Path write(Path directory, String name, List<String> lines) throws Exception {
        return Files.write(directory.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static List<String> problemsIn(Path directory, String name, List<String> lines, String aggregateId)
            throws Exception {
        ExportReport report = ExportVerifier.verify(write(directory, name, lines), DIGESTS.resolve(AuditDigests.PUBLIC_KEYS_FILE));
        assertThat(report.clean()).isFalse();
        return report.findings().stream().filter(finding -> aggregateId.equals(finding.aggregateId()))
                .map(finding -> finding.problem().code()).toList();
    }

    /** The index of the export's line holding the aggregate's event. */
    private static int lineOf(List<String> lines, String aggregateId, long sequence) throws Exception {
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = AuditDigests.read(lines.get(i).getBytes(StandardCharsets.UTF_8));
            if (aggregateId.equals(line.path("aggregate_id").asText()) && line.path("sequence_number").asLong() == sequence
                    && line.has("global_index")) {
                return i;
            }
        }
        throw new AssertionError("No exported event " + sequence + " of " + aggregateId);
    }

    /** What someone who knows the hash chain does to an export: edits the first event, recomputes every link after it. */
    private static List<String> rewrittenInTheExport(List<String> lines, String aggregateId) throws Exception {
        List<String> rewritten = new ArrayList<>(lines);
        String link = HashChain.GENESIS;
        for (long sequence = 0; sequence < 4; sequence++) {
            int index = lineOf(lines, aggregateId, sequence);
            ObjectNode line = (ObjectNode) AuditDigests.read(
                    lines.get(index).replace("Digested", "Rewritten").getBytes(StandardCharsets.UTF_8));
            link = HashChain.link(link, new EventFacts(aggregateId, sequence, line.get("event_id").asText(),
                    line.get("payload_type").asText(), Instant.parse(line.get("time_stamp").asText()),
                    line.get("payload").toString().getBytes(StandardCharsets.UTF_8),
                    line.get("metadata").toString().getBytes(StandardCharsets.UTF_8)));
            ((ObjectNode) line.get("metadata")).put("hash", link);
            rewritten.set(index, line.toString());
        }
        return rewritten;
    }

    private JsonNode writeDigest() {
        Response written = as(UUID.randomUUID(), "platform_admin").post("/admin/audit/digests", null);
        assertThat(written.status()).as(written.toString()).isEqualTo(201);
        return written.body();
    }

    private String accountWithFourEvents(UUID organization) {
        Api admin = as(organization, "admin");
        String id = admin.post("/integrations/accounts", EndToEndTest.adsAccount("Digested " + UUID.randomUUID()))
                .body().get("id").asText();
        admin.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|digest\"}}");
        admin.post("/integrations/accounts/" + id + "/mark-failed", "{\"error_message\":\"expired\"}");
        admin.post("/integrations/accounts/" + id + "/disconnect", null);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id))
                .isEqualTo(4);
        return id;
    }

    /** What an attacker who knows the hash chain does: edits the first event, then recomputes every link and the head. */
    private void rewriteWithHashesRecomputed(String aggregate) {
        jdbc.update("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                + " 'Digested', 'Rewritten'), 'UTF8') WHERE aggregate_identifier = ? AND sequence_number = 0", aggregate);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT sequence_number, event_identifier, payload_type, time_stamp,"
                + " payload, meta_data FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number", aggregate);
        String link = HashChain.GENESIS;
        for (Map<String, Object> row : rows) {
            long sequence = ((Number) row.get("sequence_number")).longValue();
            link = HashChain.link(link, new EventFacts(aggregate, sequence, (String) row.get("event_identifier"),
                    (String) row.get("payload_type"), Instant.parse((String) row.get("time_stamp")), (byte[]) row.get("payload"),
                    (byte[]) row.get("meta_data")));
            jdbc.update("UPDATE domain_event_entry SET meta_data = convert_to(jsonb_set(convert_from(meta_data, 'UTF8')::jsonb,"
                    + " '{hash}', to_jsonb(?::text))::text, 'UTF8') WHERE aggregate_identifier = ? AND sequence_number = ?",
                    link, aggregate, sequence);
        }
        jdbc.update("UPDATE event_chain_heads SET hash = ? WHERE aggregate_identifier = ?", link, aggregate);
    }

    private static void resignWithAnotherKey(Path file) throws Exception {
        ObjectNode document = (ObjectNode) AuditDigests.read(Files.readAllBytes(file));
        KeyPair mallory = Ed25519.fromSeed("mallory's own key, 32 bytes long".getBytes(StandardCharsets.UTF_8));
        DigestKey key = new DigestKey(Ed25519.keyId(mallory.getPublic()), Ed25519.ALGORITHM, Ed25519.encoded(mallory.getPublic()));
        document.remove("signature");
        document.set("signing_key", AuditDigests.read(AuditDigests.publicKeys(List.of(key))).get("keys").get(0));
        Files.write(file, AuditDigests.signed(document, Ed25519.sign(mallory.getPrivate(), AuditDigests.signedContent(document))));
    }

    private static long newestDigest(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> AuditDigests.numberOf(file.getFileName().toString())).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    private static JsonNode entryOf(JsonNode digest, String aggregateId) {
        for (JsonNode entry : sectionOf(digest, aggregateId).get("aggregates")) {
            if (entry.get("aggregate_id").asText().equals(aggregateId)) {
                return entry;
            }
        }
        throw new AssertionError(aggregateId + " is not in the digest");
    }

    /** The section of the whole digest that holds the aggregate. */
    private static JsonNode sectionOf(JsonNode digest, String aggregateId) {
        for (JsonNode section : digest.get("sections")) {
            if (section.get("aggregates").findValuesAsText("aggregate_id").contains(aggregateId)) {
                return section;
            }
        }
        throw new AssertionError(aggregateId + " is in no section of the digest");
    }

    private static List<String> problemsOf(JsonNode report, String aggregateId) {
        List<String> problems = new ArrayList<>();
        for (JsonNode finding : report.get("findings")) {
            if (aggregateId.equals(finding.path("aggregate_id").asText(null))) {
                problems.add(finding.get("problem").asText());
            }
        }
        return problems;
    }

    private static String descriptionOf(JsonNode report, String aggregateId) {
        for (JsonNode finding : report.get("findings")) {
            if (aggregateId.equals(finding.path("aggregate_id").asText(null))) {
                return finding.get("description").asText();
            }
        }
        throw new AssertionError("No finding for " + aggregateId);
    }

    private String databaseUrl() throws Exception {
        String url;
        try (java.sql.Connection connection = jdbc.getDataSource().getConnection()) {
            url = connection.getMetaData().getURL();
        }
        String password = Files.readString(DATA_DIRECTORY.resolve("postgres-password")).strip();
        return url + (url.contains("?") ? "&" : "?") + "password=" + password;
    }

    /** The verifier as an auditor runs it: {@code java -jar tether.jar verify ...}; what it printed. */
    private static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        VerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        return out.toString(StandardCharsets.UTF_8);
    }

    private Api as(UUID organizationId, String... roles) {
        return new Api(http, Tokens.forOrganization(organizationId, roles));
    }
}
