package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.app.Api.Response;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tether.api.account.AccountCredentialsReadEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/** Internal workers get an account's credentials opened, and every such read is on record. */
class CredentialAccessTest extends EndToEndTest {

    @Autowired
    MeterRegistry meters;

    private static final String PURPOSE = "{\"purpose\":\"nightly campaign sync\"}";

    @Test
    void aServiceGetsTheCredentials_andTheReadIsAnEventWithWhoAndWhy() {
        UUID organization = UUID.randomUUID();
        String id = connectedAccount(organization);

        Response read = as(organization, "service").post("/integrations/accounts/" + id + "/credentials", PURPOSE);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Cache-Control")).contains("no-store");
        assertThat(read.body().get("credentials").get("refresh_token").asText()).isEqualTo("Atzr|worker-secret");
        assertThat(read.body().get("integration_type").asText()).isEqualTo("ADS_API");
        JsonNode history = as(organization, "auditor").get("/audit/accounts/" + id + "/events").body().get("events");
        JsonNode recorded = history.get(history.size() - 1);
        assertThat(recorded.get("type").asText()).isEqualTo("AccountCredentialsReadEvent");
        assertThat(recorded.get("payload").get("purpose").asText()).isEqualTo("nightly campaign sync");
        assertThat(recorded.get("metadata").get("roles").asText()).isEqualTo("service");
        assertThat(recorded.toString()).doesNotContain("worker-secret");
    }

    /**
     * A worker's read, and a GET of the frontend, are answered whole: with their length, not chunked. Jackson's flush,
     * passed on to Tomcat, sent each answer as a chunk and then a closing chunk, two writes and two reads for one
     * answer (the infrastructure module's {@code WholeAnswersFilter}).
     */
    @Test
    void theAnswers_goOutWithTheirLength_notChunked() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String id = admin.post("/integrations/accounts", adsAccount("Whole " + UUID.randomUUID())).body().get("id").asText();
        Response connected = admin.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|worker-secret\"}}");

        Response read = as(organization, "service").post("/integrations/accounts/" + id + "/credentials", PURPOSE);
        // The account's read model may trail the connect: the GET waits for it.
        Response account = admin.get("/integrations/accounts/" + id, connected.position());

        for (Response answer : List.of(read, account)) {
            assertThat(answer.status()).as(answer.rawBody()).isEqualTo(200);
            assertThat(answer.header(HttpHeaders.TRANSFER_ENCODING)).as(answer.headers().toString()).isNull();
            assertThat(answer.headers().getContentLength()).as(answer.headers().toString())
                    .isEqualTo(answer.rawBody().getBytes(StandardCharsets.UTF_8).length);
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void onlyTheServiceRole_ofTheOwnOrganization_mayRead() {
        UUID organization = UUID.randomUUID();
        String id = connectedAccount(organization);
        String path = "/integrations/accounts/" + id + "/credentials";

        assertThat(as(organization, "admin").post(path, PURPOSE).status()).isEqualTo(403);
        assertThat(as(organization, "auditor").post(path, PURPOSE).status()).isEqualTo(403);
        assertThat(as(UUID.randomUUID(), "service").post(path, PURPOSE).status()).isEqualTo(404);
        assertThat(anonymous().post(path, PURPOSE).status()).isEqualTo(401);
    }

    @Test
    void aReadWithoutAPurpose_orOfAnAccountWithoutCredentials_isRefused() {
        UUID organization = UUID.randomUUID();
        String id = connectedAccount(organization);
        Api service = as(organization, "service");

        Response noPurpose = service.post("/integrations/accounts/" + id + "/credentials", "{}");
        assertThat(noPurpose.status()).isEqualTo(400);
        assertThat(noPurpose.body().get("errors").findValuesAsText("field")).containsExactly("purpose");
        as(organization, "admin").post("/integrations/accounts/" + id + "/disconnect", null);
        assertThat(service.post("/integrations/accounts/" + id + "/credentials", PURPOSE).status()).isEqualTo(422);
        as(organization, "admin").delete("/integrations/accounts/" + id);
        assertThat(service.post("/integrations/accounts/" + id + "/credentials", PURPOSE).status()).isEqualTo(404);
    }

    /**
     * One large seller, many jobs: 24 workers reading one account's credentials at once, 8 more another's. Reads of one
     * account do not queue for its aggregate holding pool connections (they queued, drained the pool and answered 503
     * {@code database_unavailable} after 2 s): every read answers 200, no request ever waited out the pool, every read is
     * on record once, in order, in its account's credential-read stream, and
     * the read models keep up meanwhile.
     */
    @Test
    void manyWorkersReadingOneAccountAtOnce_allGetTheCredentials_andEveryReadIsOnRecord() throws Exception {
        UUID organization = UUID.randomUUID();
        String id = connectedAccount(organization);
        String other = connectedAccount(organization);
        Api service = as(organization, "service");
        double poolTimeoutsBefore = poolTimeouts();
        int workers = 32;
        int readsEach = 8;

        List<Integer> statuses = readAtOnce(service, workers, readsEach, (worker, read) -> worker % 4 == 3 ? other : id);

        assertThat(statuses).hasSize(workers * readsEach).containsOnly(200);
        assertThat(poolTimeouts()).as("requests that waited out the connection pool").isEqualTo(poolTimeoutsBefore);
        int hotReads = workers * 3 / 4 * readsEach;
        assertThat(sequencesOfTheReadsOf(id)).containsExactlyElementsOf(LongStream.range(0, hotReads).boxed().toList());
        assertThat(sequencesOfTheReadsOf(other))
                .containsExactlyElementsOf(LongStream.range(0, workers * readsEach - hotReads).boxed().toList());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND payload_type LIKE '%AccountCredentialsReadEvent'", Long.class, id)).isZero();

        Api auditor = as(organization, "auditor");
        JsonNode history = auditor.get("/audit/accounts/" + id + "/events").body().get("events");
        assertThat(history.findValuesAsText("type").stream().filter("AccountCredentialsReadEvent"::equals))
                .hasSize(hotReads);
        Response verified = auditor.post("/audit/verify", "{}");
        assertThat(verified.body().get("intact").asBoolean()).as(verified.toString()).isTrue();

        Api admin = as(organization, "admin");
        Response created = admin.post("/integrations/accounts", adsAccount("After the reads " + UUID.randomUUID()));
        Response read = admin.get("/integrations/accounts/" + created.body().get("id").asText(), created.position());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Tether-Consistency")).as("the read model kept up").isEqualTo("caught-up");
    }

    /**
     * A worker fleet over many accounts: reads of a dozen accounts at once, group-committed together. Every read is on
     * record once, in its account's stream without a gap, in the organization's audit log with who and why, and the
     * chains verify.
     */
    @Test
    void workersReadingManyAccountsAtOnce_eachReadIsRecordedOnce_inTheAuditLog_andTheChainsAreIntact() throws Exception {
        UUID organization = UUID.randomUUID();
        List<String> accounts = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            accounts.add(connectedAccount(organization));
        }
        Api service = as(organization, "service");
        int workers = 24;
        int readsEach = 6;

        List<Integer> statuses = readAtOnce(service, workers, readsEach,
                (worker, read) -> accounts.get((worker + read * 5) % accounts.size()));

        assertThat(statuses).hasSize(workers * readsEach).containsOnly(200);
        int recorded = 0;
        for (String account : accounts) {
            List<Long> sequences = sequencesOfTheReadsOf(account);
            assertThat(sequences).as("the reads of %s", account)
                    .containsExactlyElementsOf(LongStream.range(0, sequences.size()).boxed().toList());
            recorded += sequences.size();
        }
        assertThat(recorded).isEqualTo(workers * readsEach);
        String[] streams = accounts.stream()
                .map(account -> AccountCredentialsReadEvent.streamOf(UUID.fromString(account)).toString()).toArray(String[]::new);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                jdbc.queryForList("SELECT actor FROM audit_log WHERE aggregate_id = ANY (?) AND organization_id = ?",
                        String.class, streams, organization))
                .hasSize(workers * readsEach).doesNotContainNull());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ANY (?)"
                + " AND convert_from(payload, 'UTF8') LIKE '%nightly campaign sync%'", Long.class, (Object) streams))
                .as("reads recorded with their purpose").isEqualTo(workers * readsEach);
        Response verified = as(organization, "auditor").post("/audit/verify", "{}");
        assertThat(verified.body().get("intact").asBoolean()).as(verified.toString()).isTrue();
    }

    /** The workers' reads, all started at once, each worker's one after the other: the answers' statuses. */
    private static List<Integer> readAtOnce(Api service, int workers, int readsEach,
                                            java.util.function.BiFunction<Integer, Integer, String> accountOfRead)
            throws InterruptedException {
        List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        for (int worker = 0; worker < workers; worker++) {
            int w = worker;
            pool.submit(() -> {
                start.await();
                for (int read = 0; read < readsEach; read++) {
                    String account = accountOfRead.apply(w, read);
                    statuses.add(service.post("/integrations/accounts/" + account + "/credentials", PURPOSE).status());
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        return statuses;
    }

    private List<Long> sequencesOfTheReadsOf(String accountId) {
        return jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " ORDER BY sequence_number", Long.class,
                AccountCredentialsReadEvent.streamOf(UUID.fromString(accountId)).toString());
    }

    private double poolTimeouts() {
        return meters.find("hikaricp.connections.timeout").counters().stream().mapToDouble(Counter::count).sum();
    }

    private String connectedAccount(UUID organization) {
        Api admin = as(organization, "admin");
        String id = admin.post("/integrations/accounts", adsAccount("Worker " + UUID.randomUUID())).body().get("id").asText();
        admin.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|worker-secret\"}}");
        return id;
    }
}
