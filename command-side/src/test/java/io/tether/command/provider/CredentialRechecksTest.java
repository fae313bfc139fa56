package io.tether.command.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;

import io.tether.command.provider.CredentialRechecks.Moments;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The periodic check's spread: each id has one moment in the interval, consecutive windows find each once, and a tick
 * reads only those due, through the command side's indexes in a real PostgreSQL.
 */
class CredentialRechecksTest {

    private static final Duration INTERVAL = Duration.ofHours(6);
    private static final long TICK = INTERVAL.toMillis() / 360;
    private static final long START = 1_764_700_000_123L;

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;
    private static final Set<UUID> accounts = new HashSet<>();
    private static final Set<UUID> integrations = new HashSet<>();

    @BeforeAll
    static void storedCredentials() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("credential-rechecks")).start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration/command")
                .load().migrate();
        SingleConnectionDataSource connection =
                new SingleConnectionDataSource(postgres.getPostgresDatabase().getConnection(), true);
        jdbc = JdbcClient.create(connection);
        JdbcTemplate batches = new JdbcTemplate(connection);
        List<Object[]> names = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            UUID account = UUID.randomUUID();
            names.add(new Object[] {UUID.randomUUID(), "account " + i, account});
            accounts.add(account);
        }
        batches.batchUpdate("INSERT INTO account_names (organization_id, marketplace, integration_type, name_key, account_id)"
                + " VALUES (?, 'US', 'AMAZON_ADS', ?, ?)", names);
        batches.update("INSERT INTO account_credentials (account_id, ciphertext, key_version, updated_at)"
                + " SELECT account_id, 'sealed', 1, now() FROM account_names");
        List<Object[]> scopes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            UUID integration = UUID.randomUUID();
            scopes.add(new Object[] {integration, UUID.randomUUID()});
            integrations.add(integration);
        }
        batches.batchUpdate("INSERT INTO global_integration_scopes (integration_id, organization_id, service_name)"
                + " VALUES (?, ?, 'slack')", scopes);
        // An account without stored credentials (created, never connected) is not checked.
        jdbc.sql("INSERT INTO account_names (organization_id, marketplace, integration_type, name_key, account_id)"
                + " VALUES (?, 'US', 'AMAZON_ADS', 'unconnected', ?)").params(UUID.randomUUID(), UUID.randomUUID()).update();
        jdbc.sql("ANALYZE").update();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void ticksThatCoverTheInterval_checkEveryStoredCredentialExactlyOnce_spreadOverTheTicks() {
        Map<UUID, Integer> checked = new HashMap<>();
        int mostInATick = 0;
        for (int tick = 0; tick < 360; tick++) {
            Set<UUID> due = recheck(START + tick * TICK, START + (tick + 1) * TICK);
            due.forEach(id -> checked.merge(id, 1, Integer::sum));
            mostInATick = Math.max(mostInATick, due.size());
        }
        assertThat(checked.keySet()).containsExactlyInAnyOrderElementsOf(union(accounts, integrations));
        assertThat(checked.values()).containsOnly(1);
        // Spread, not bunched: 2,300 over 360 ticks is about 6.4 in each.
        assertThat(mostInATick).isLessThan(25);
    }

    @Test
    void aFirstRun_checksThoseOfTheLastTickOnly() {
        assertThat(recheck(0, START)).isEqualTo(recheck(START - TICK, START)).hasSizeLessThan(25);
    }

    @Test
    void aTick_readsTheDueThroughTheIndexes_notEveryStoredCredential() throws SQLException {
        Moments due = Moments.of(START, START + TICK, INTERVAL.toMillis());
        String accountsPlan = plan("SELECT account_id FROM account_credentials WHERE " + due.where("account_id"), due);
        String integrationsPlan = plan("SELECT integration_id FROM global_integration_scopes WHERE "
                + due.where("integration_id"), due);
        assertThat(accountsPlan).contains("account_credentials_recheck_moment").doesNotContain("Seq Scan");
        assertThat(integrationsPlan).contains("global_integration_scopes_recheck_moment").doesNotContain("Seq Scan");
    }

    @Test
    void theWindowsOfConsecutiveTicks_areConsecutiveRangesOfHashes_coveringThemAllOnce() {
        for (long start : new long[] {0, START, START + 7}) {
            List<long[]> ranges = new ArrayList<>();
            for (int tick = 0; tick < 360; tick++) {
                Moments due = Moments.of(start + tick * TICK, start + (tick + 1) * TICK, INTERVAL.toMillis());
                ranges.add(new long[] {due.from1(), due.to1()});
                ranges.add(new long[] {due.from2(), due.to2()});
            }
            ranges.removeIf(range -> range[0] > range[1]);
            ranges.sort(Comparator.comparingLong(range -> range[0]));
            assertThat(ranges.get(0)[0]).isEqualTo(Long.MIN_VALUE);
            for (int i = 1; i < ranges.size(); i++) {
                assertThat(ranges.get(i)[0]).as("range %d after %d", i, ranges.get(i - 1)[1])
                        .isEqualTo(ranges.get(i - 1)[1] + 1);
            }
            assertThat(ranges.get(ranges.size() - 1)[1]).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void aWindowAsLongAsTheInterval_coversEveryHash_andAnEmptyOne_none() {
        assertThat(Moments.of(5, 5 + INTERVAL.toMillis(), INTERVAL.toMillis()))
                .isEqualTo(new Moments(Long.MIN_VALUE, Long.MAX_VALUE, 0, -1));
        // Empty wherever it lies, the interval's first moment too (where the hash before its first would be below the lowest long).
        for (long at : new long[] {5_000, 0, INTERVAL.toMillis(), START}) {
            Moments empty = Moments.of(at, at, INTERVAL.toMillis());
            assertThat(empty.from1()).isGreaterThan(empty.to1());
            assertThat(empty.from2()).isGreaterThan(empty.to2());
        }
    }

    /** The ids one run of the check over [from, to) checks. */
    private static Set<UUID> recheck(long from, long to) {
        CredentialChecks checks = mock(CredentialChecks.class);
        ProviderProperties properties = mock(ProviderProperties.class);
        when(properties.reverify()).thenReturn(new ProviderProperties.Reverify(true, INTERVAL));
        new CredentialRechecks(jdbc, checks, properties, Clock.systemUTC())
                .recheck(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
        List<UUID> checked = mockingDetails(checks).getInvocations().stream()
                .map(invocation -> invocation.getArgument(0, UUID.class)).toList();
        assertThat(checked).doesNotHaveDuplicates();
        return new HashSet<>(checked);
    }

    /** The query's plan where the planner may not scan a whole table: a Seq Scan means no index serves it. */
    private static String plan(String sql, Moments due) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            JdbcClient one = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            one.sql("SET enable_seqscan = off").update();
            return one.sql("EXPLAIN " + sql).params(due.params()).query(String.class).list().toString();
        }
    }

    private static Set<UUID> union(Set<UUID> a, Set<UUID> b) {
        Set<UUID> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }
}
