package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.app.NoticeReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How soon and how many at once notices go out: with a poll interval of a minute, a notice leaves as soon
 * as its outbox row commits; different resources' notices go to one endpoint side by side, at most
 * {@code concurrency-per-endpoint} at once, while each resource's wait for the one before.
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                "tether.rate-limits.per-ip=1000000",
                "tether.notices.allow-private-targets=true",
                // Longer than any wait below: a notice that arrives was not found by the poll.
                "tether.notices.poll-interval=1m",
                "tether.notices.concurrency-per-endpoint=2"})
class NoticeConcurrencyTest {

    private static final Path DATA_DIRECTORY = Path.of("target", "test-data", "notice-concurrency-" + UUID.randomUUID());
    private static final Duration SOON = Duration.ofSeconds(10);

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void ownDataDirectory(DynamicPropertyRegistry registry) {
        registry.add("tether.data-dir", DATA_DIRECTORY::toString);
    }

    @Test
    void aNotice_leavesAsSoonAsItIsWritten_notAtTheNextPoll() {
        Api api = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            NoticesTest.register(api, receiver, null);
            String id = create(api, "Prompt");

            await().atMost(SOON).until(() -> receiver.delivered().stream().anyMatch(notice -> notice.body().contains(id)));
        }
    }

    @Test
    void twoResources_goOutSideBySide_eachInItsOrder_andNoMoreAtOnceThanTheEndpointsLimit() {
        Api api = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            receiver.holdWhile(body -> body.contains("\"account.created\""));
            NoticesTest.register(api, receiver, null);

            String first = create(api, "First");
            await().atMost(SOON).until(() -> arrived(receiver, first).size() == 1);
            api.post("/integrations/accounts/" + first + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|side-by-side\"}}");
            String second = create(api, "Second");
            await("the second account's notice, while the first account's is unanswered").atMost(SOON)
                    .until(() -> arrived(receiver, second).size() == 1);

            String third = create(api, "Third");
            await().atMost(SOON).until(() -> pendingNotices(first) == 2 && pendingNotices(third) == 1);
            await("the first account's connect waits for its creation; "
                    + "the third account waits for a free place at the endpoint").during(Duration.ofSeconds(1)).atMost(SOON).until(() ->
                    arrived(receiver, first).size() == 1 && arrived(receiver, third).isEmpty());

            receiver.release();
            await().atMost(SOON).until(() -> receiver.delivered().size() == 4);
            assertThat(arrived(receiver, first)).extracting(Received::type).containsExactly("account.created", "account.connected");
            assertThat(arrived(receiver, third)).extracting(Received::type).containsExactly("account.created");
        }
    }

    private static String create(Api api, String name) {
        Api.Response created = api.post("/integrations/accounts", EndToEndTest.adsAccount(name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private static List<Received> arrived(NoticeReceiver receiver, String accountId) {
        return receiver.received().stream().filter(notice -> notice.body().contains(accountId)).toList();
    }

    private long pendingNotices(String accountId) {
        return jdbc.queryForObject("SELECT count(*) FROM notice_deliveries WHERE resource_id = CAST(? AS uuid) AND state = 'PENDING'",
                Long.class, accountId);
    }
}
