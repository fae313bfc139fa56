package io.tether.command.provider;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.tether.api.AuditMetadata;
import io.tether.api.problem.ProblemException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Checks the stored credentials of every account and global integration again, every
 * {@code tether.providers.reverify.interval}: each has its own moment in the interval (from a hash of its id), so
 * the checks are spread over it rather than all at once. One db-scheduler task runs every
 * {@link #TICKS_PER_INTERVAL}th of the interval, on one node at a time, and checks those whose moment fell since its
 * last run, read through an index of the moments (not every stored credential each tick). A refusal
 * puts the account or integration in ERROR, a success after ERROR records the recovery, a provider that is
 * down changes nothing; each check is attributed to {@value #ACTOR}.
 */
@Configuration(proxyBeanMethods = false)
class CredentialRechecks {

    static final String ACTOR = "tether:credential-check";
    static final TaskDescriptor<Window> TASK = TaskDescriptor.of("credential-recheck", Window.class);

    private static final Logger log = LoggerFactory.getLogger(CredentialRechecks.class);
    private static final int TICKS_PER_INTERVAL = 360;
    private static final Duration SHORTEST_TICK = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final CredentialChecks checks;
    private final ProviderProperties.Reverify reverify;
    private final Clock clock;

    CredentialRechecks(JdbcClient jdbc, CredentialChecks checks, ProviderProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.checks = checks;
        this.reverify = properties.reverify();
        this.clock = clock;
    }

    @Bean
    RecurringTask<Window> credentialRecheckTask() {
        return Tasks.recurring(TASK, FixedDelay.of(tick()))
                .initialData(new Window(0))
                .executeStateful((instance, context) -> {
                    Instant now = clock.instant();
                    if (reverify.enabled()) {
                        recheck(Instant.ofEpochMilli(instance.getData().endEpochMilli()), now);
                    }
                    return new Window(now.toEpochMilli());
                });
    }

    private Duration tick() {
        Duration tick = reverify.interval().dividedBy(TICKS_PER_INTERVAL);
        return tick.compareTo(SHORTEST_TICK) < 0 ? SHORTEST_TICK : tick;
    }

    /** Checks those whose moment in the interval lies in [{@code from}, {@code to}). */
    void recheck(Instant from, Instant to) {
        long interval = reverify.interval().toMillis();
        // A first run, or one after a pause longer than the interval, covers the last tick only: the checks stay
        // spread, and the rest get their turn in the next interval.
        long start = to.toEpochMilli() - from.toEpochMilli() > interval ? to.toEpochMilli() - tick().toMillis()
                : from.toEpochMilli();
        Moments due = Moments.of(start, to.toEpochMilli(), interval);
        for (Owned account : owned("SELECT c.account_id AS id, n.organization_id FROM account_credentials c "
                + "JOIN account_names n ON n.account_id = c.account_id WHERE " + due.where("c.account_id"), due)) {
            check("account", account, () -> checks.verifyAccount(account.id(), account.organizationId(),
                    attributedTo(account)));
        }
        for (Owned integration : owned("SELECT integration_id AS id, organization_id FROM global_integration_scopes "
                + "WHERE " + due.where("integration_id"), due)) {
            check("global integration", integration, () -> checks.verifyGlobalIntegration(integration.id(),
                    integration.organizationId(), attributedTo(integration)));
        }
    }

    private void check(String kind, Owned owned, Runnable check) {
        try {
            check.run();
        } catch (ProblemException | AggregateNotFoundException e) {
            // Disconnected or deleted meanwhile, an OAuth flow under way, the provider or key store down: next time.
            log.info("The periodic check of {} {} did not record an outcome: {}", kind, owned.id(), e.getMessage());
        }
    }

    private List<Owned> owned(String sql, Moments due) {
        return jdbc.sql(sql).params(due.params())
                .query((row, index) -> new Owned(row.getObject("id", UUID.class), row.getObject("organization_id", UUID.class)))
                .list();
    }

    private static Map<String, String> attributedTo(Owned owned) {
        return Map.of(AuditMetadata.ACTOR, ACTOR, AuditMetadata.ORGANIZATION_ID, owned.organizationId().toString());
    }

    /** Where the last run's window ended (epoch milliseconds); 0 before the first run. */
    record Window(long endEpochMilli) {
    }

    private record Owned(UUID id, UUID organizationId) {
    }

    /**
     * The ids whose moment falls in a window of the interval, as ranges of their hash. An id's moment is its place
     * in the interval in proportion to its 64-bit hash's place among all of them (PostgreSQL's
     * {@code uuid_hash_extended}, which V120's indexes hold), so the moments of a window are one range of hashes, or two
     * where the window wraps past the interval's end; the windows of consecutive ticks are consecutive ranges.
     */
    record Moments(long from1, long to1, long from2, long to2) {

        private static final BigInteger HASHES = BigInteger.ONE.shiftLeft(64);
        private static final BigInteger LOWEST = BigInteger.valueOf(Long.MIN_VALUE);

        /** The ids whose moment lies in [{@code start}, {@code end}) (epoch milliseconds), each range inclusive. */
        static Moments of(long start, long end, long interval) {
            if (end <= start) {
                return new Moments(0, -1, 0, -1);
            }
            if (end - start >= interval) {
                return new Moments(Long.MIN_VALUE, Long.MAX_VALUE, 0, -1);
            }
            long from = Math.floorMod(start, interval);
            long until = from + (end - start);
            if (until <= interval) {
                return new Moments(firstHash(from, interval), lastHashBefore(until, interval), 0, -1);
            }
            return new Moments(firstHash(from, interval), Long.MAX_VALUE, Long.MIN_VALUE,
                    lastHashBefore(until - interval, interval));
        }

        /** The lowest hash whose moment is {@code moment} or later, for a moment in [0, interval). */
        private static long firstHash(long moment, long interval) {
            return hashAt(moment, interval).longValueExact();
        }

        /** The highest hash whose moment is before {@code moment}, for a moment in (0, interval]. */
        private static long lastHashBefore(long moment, long interval) {
            return hashAt(moment, interval).subtract(BigInteger.ONE).longValueExact();
        }

        /** ceil(moment × 2^64 ÷ interval) − 2^63: where {@code moment}'s share of the hashes begins. */
        private static BigInteger hashAt(long moment, long interval) {
            BigInteger[] quotient = BigInteger.valueOf(moment).multiply(HASHES).divideAndRemainder(BigInteger.valueOf(interval));
            return (quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE)).add(LOWEST);
        }

        /** The condition on {@code id}'s hash, written as the indexes are. */
        String where(String id) {
            String hash = "uuid_hash_extended(" + id + ", 0)";
            return "(" + hash + " BETWEEN :from1 AND :to1 OR " + hash + " BETWEEN :from2 AND :to2)";
        }

        Map<String, Object> params() {
            return Map.of("from1", from1, "to1", to1, "from2", from2, "to2", to2);
        }
    }
}
