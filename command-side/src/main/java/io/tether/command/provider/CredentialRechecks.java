package io.tether.command.provider;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.tether.api.AuditMetadata;
import io.tether.api.problem.ProblemException;
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
 * {@code tether.providers.reverify.interval}: each has its own moment in the interval (from its id), so the
 * checks are spread over it rather than all at once. One db-scheduler task runs every {@link #TICKS_PER_INTERVAL}th
 * of the interval, on one node at a time, and checks those whose moment fell since its last run. A refusal
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
        for (Owned account : owned("SELECT c.account_id AS id, n.organization_id FROM account_credentials c "
                + "JOIN account_names n ON n.account_id = c.account_id")) {
            if (isDue(account.id(), start, to.toEpochMilli(), interval)) {
                check("account", account, () -> checks.verifyAccount(account.id(), account.organizationId(),
                        attributedTo(account)));
            }
        }
        for (Owned integration : owned("SELECT integration_id AS id, organization_id FROM global_integration_scopes")) {
            if (isDue(integration.id(), start, to.toEpochMilli(), interval)) {
                check("global integration", integration, () -> checks.verifyGlobalIntegration(integration.id(),
                        integration.organizationId(), attributedTo(integration)));
            }
        }
    }

    /** Whether the id's moment in the interval falls in [start, end). */
    static boolean isDue(UUID id, long start, long end, long interval) {
        if (end - start >= interval) {
            return true;
        }
        long moment = Math.floorMod(id.getMostSignificantBits() ^ id.getLeastSignificantBits(), interval);
        long from = Math.floorMod(start, interval);
        long length = end - start;
        long distance = Math.floorMod(moment - from, interval);
        return distance < length;
    }

    private void check(String kind, Owned owned, Runnable check) {
        try {
            check.run();
        } catch (ProblemException | AggregateNotFoundException e) {
            // Disconnected or deleted meanwhile, an OAuth flow under way, the provider or key store down: next time.
            log.info("The periodic check of {} {} did not record an outcome: {}", kind, owned.id(), e.getMessage());
        }
    }

    private List<Owned> owned(String sql) {
        return jdbc.sql(sql)
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
}
