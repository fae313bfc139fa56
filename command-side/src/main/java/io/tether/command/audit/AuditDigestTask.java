package io.tether.command.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The digests' one recurring db-scheduler task: it runs on one node at a time, every
 * {@code tether.audit.digests.check-interval}; it writes the next digest when its interval has passed and
 * hands every digest a sink has not received to that sink.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tether.audit.digests.enabled", havingValue = "true", matchIfMissing = true)
class AuditDigestTask {

    @Bean
    RecurringTask<Void> auditDigestRecurringTask(AuditDigestProperties properties, AuditDigestWriter writer,
                                                 DigestDeliveries deliveries) {
        return Tasks.recurring("audit-digests", FixedDelay.of(properties.checkInterval()))
                .execute((instance, context) -> {
                    writer.writeIfDue();
                    deliveries.deliverPending();
                });
    }
}
