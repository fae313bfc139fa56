package io.tether.command.global;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deletes the kept bodies of webhook deliveries once their retention is over: a db-scheduler recurring
 * task, so one node at a time does it, every {@code tether.webhooks.body-cleanup-interval}.
 */
@Configuration(proxyBeanMethods = false)
class WebhookBodyExpiry {

    private static final Logger log = LoggerFactory.getLogger(WebhookBodyExpiry.class);

    @Bean
    RecurringTask<Void> webhookBodyExpiryTask(WebhookDeliveries deliveries, WebhookProperties properties, Clock clock) {
        return Tasks.recurring("webhook-body-expiry", FixedDelay.of(properties.bodyCleanupInterval()))
                .execute((instance, context) -> {
                    int deleted = deliveries.forgetBodiesExpiredBy(clock.instant());
                    if (deleted > 0) {
                        log.info("Deleted {} webhook bodies whose retention was over", deleted);
                    }
                });
    }
}
