package io.tether.command.credentials;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Settles a deleted owner's shredding: recorded when the key store confirms the key destroyed; otherwise
 * pending (in {@link PendingShreddings}, and once per reason as an event in the owner's history) and retried
 * by a persistent db-scheduler task, one per owner, every {@code tether.vault.shredding-retry-interval},
 * until the key store confirms it. The deletion's processor moves on meanwhile: one key that Vault keeps
 * holds up no other shredding.
 */
@Configuration(proxyBeanMethods = false)
public class ShreddingRetries {

    static final TaskDescriptor<ShreddingRetry> RETRY = TaskDescriptor.of("credential-shredding-retry", ShreddingRetry.class);

    private final PendingShreddings pending;
    private final SchedulerClient scheduler;
    private final VaultProperties properties;
    private final Clock clock;

    ShreddingRetries(PendingShreddings pending, @Lazy SchedulerClient scheduler, VaultProperties properties, Clock clock) {
        this.pending = pending;
        this.scheduler = scheduler;
        this.properties = properties;
        this.clock = clock;
    }

    /** The owner whose shredding to try again, and which shredder sends its command. */
    record ShreddingRetry(UUID ownerId, String kind) {
    }

    @Bean
    OneTimeTask<ShreddingRetry> credentialShreddingRetryTask(List<OwnerShredder> shredders) {
        return Tasks.oneTime(RETRY)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(properties.shreddingRetryInterval()))
                .execute((instance, context) -> {
                    ShreddingRetry retry = instance.getData();
                    OwnerShredder shredder = shredders.stream().filter(s -> s.kind().equals(retry.kind())).findFirst()
                            .orElseThrow(() -> new IllegalStateException("no shredder for " + retry.kind()));
                    ShreddingResult result = shredder.shred(retry.ownerId());
                    record(retry.ownerId(), result);
                    if (!result.shredded()) {
                        // db-scheduler runs it again after the interval.
                        throw new IllegalStateException("The shredding of " + retry.ownerId() + " is still pending: "
                                + result.pendingReason());
                    }
                });
    }

    /** Shreds the owner's key through {@code shredder}, and if the key store does not confirm it, retries later. */
    public void settle(OwnerShredder shredder, UUID ownerId) {
        ShreddingResult result = shredder.shred(ownerId);
        record(ownerId, result);
        if (!result.shredded()) {
            scheduler.scheduleIfNotExists(RETRY.instance(ownerId.toString())
                    .data(new ShreddingRetry(ownerId, shredder.kind()))
                    .scheduledTo(clock.instant().plus(properties.shreddingRetryInterval())));
        }
    }

    private void record(UUID ownerId, ShreddingResult result) {
        if (result.shredded()) {
            pending.confirmed(ownerId);
        } else {
            pending.failed(ownerId, result.pendingReason());
        }
    }
}
