package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.app.NoticeReceiver.Received;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Three Tether processes share one PostgreSQL and all deliver notices: each notice reaches the receiver
 * once, whichever node wrote its outbox row and whichever claimed it.
 */
class NoticeThreeNodeTest {

    private static final int ACCOUNTS = 60;

    @Test
    void threeNodes_deliverEachNoticeOnce() throws Exception {
        Path scratch = Path.of("target", "test-data", "notice-nodes-" + UUID.randomUUID()).toAbsolutePath();
        String token = Tokens.forOrganization(UUID.randomUUID());
        List<TetherNode> nodes = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(scratch.resolve("postgres")).start();
             NoticeReceiver receiver = new NoticeReceiver()) {
            Map<String, String> properties = Map.of(
                    "spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "spring.datasource.username", "postgres",
                    "tether.security.jwt.hmac-secret", Tokens.SECRET,
                    "tether.keyring.master-key", Base64.getEncoder().encodeToString(new byte[32]),
                    "tether.rate-limits.enabled", "false",
                    "tether.notices.allow-private-targets", "true",
                    "tether.notices.poll-interval", "100ms");
            try {
                TetherNode.startSharingOneDatabase(scratch, properties, 3, nodes);
                assertThat(NoticeCrashTest.post(nodes.get(0), token, "/integrations/webhook-endpoints",
                        "{\"url\":\"" + receiver.url() + "\",\"notice_types\":[\"account.created\"]}")).isPresent();

                List<String> created = new CopyOnWriteArrayList<>();
                ExecutorService clients = Executors.newFixedThreadPool(3);
                for (int i = 0; i < ACCOUNTS; i++) {
                    TetherNode node = nodes.get(i % nodes.size());
                    String name = "Node " + i;
                    clients.submit(() -> NoticeCrashTest.post(node, token, "/integrations/accounts", EndToEndTest.adsAccount(name))
                            .ifPresent(created::add));
                }
                clients.shutdown();
                assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                assertThat(created).hasSize(ACCOUNTS);

                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= ACCOUNTS);
                JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
                await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                        "SELECT count(*) FROM notice_deliveries WHERE state = 'DELIVERED'", Long.class) == ACCOUNTS);
                Map<String, Long> timesById = receiver.received().stream()
                        .collect(Collectors.groupingBy(Received::id, Collectors.counting()));
                assertThat(timesById).hasSize(ACCOUNTS);
                assertThat(timesById.values()).as("each notice delivered once").containsOnly(1L);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM notice_attempts", Long.class)).isEqualTo(ACCOUNTS);
                assertThat(receiver.received().stream().map(notice -> notice.json().at("/data/resource_id").asText()))
                        .containsExactlyInAnyOrderElementsOf(created);
            } finally {
                for (TetherNode node : nodes) {
                    node.close();
                }
            }
        }
    }
}
