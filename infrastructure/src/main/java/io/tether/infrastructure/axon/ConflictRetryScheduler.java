package io.tether.infrastructure.axon;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.ExceptionUtils;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;

/**
 * Retries a command that lost a race for its aggregate: another node appended the same sequence
 * number first, the event store's unique (aggregate, sequence) constraint refused this append, and
 * nothing of it was written (or PostgreSQL broke a deadlock between the two by rolling this one back). The retry is a fresh unit of work that loads the aggregate again, so it
 * decides on the winner's events. Exponential back-off with jitter keeps the contenders apart.
 * <p>
 * Only such conflicts are retried. Axon's own schedulers retry everything that is not explicitly
 * non-transient, which would include every domain rejection (a 404, a 409 on a taken name).
 */
public final class ConflictRetryScheduler implements RetryScheduler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConflictRetryScheduler.class);

    /** Retries run on these threads, not on the request's; a few suffice, as conflicts are rare and short. */
    private static final int RETRY_THREADS = 4;

    private final CommandRetryProperties properties;
    private final ScheduledExecutorService executor;

    ConflictRetryScheduler(CommandRetryProperties properties) {
        this.properties = properties;
        this.executor = Executors.newScheduledThreadPool(RETRY_THREADS, task -> {
            Thread thread = new Thread(task, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        int attempts = failures.size();
        if (!isConflict(lastFailure) || attempts >= properties.maxAttempts()) {
            if (isConflict(lastFailure)) {
                log.warn("{} lost the race for its aggregate {} times; giving up", commandMessage.getPayloadType().getSimpleName(),
                        attempts);
            }
            return false;
        }
        long delay = delayBeforeRetry(attempts);
        log.debug("{} lost the race for its aggregate (attempt {}); retrying in {} ms",
                commandMessage.getPayloadType().getSimpleName(), attempts, delay);
        try {
            executor.schedule(dispatchTask, delay, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            return false;
        }
    }

    /** Half the exponential interval, plus a random part of up to the other half. */
    long delayBeforeRetry(int failedAttempts) {
        long initial = properties.initialInterval().toMillis();
        long ceiling = properties.maxInterval().toMillis();
        long interval = Math.min(ceiling, initial << Math.min(failedAttempts - 1, 30));
        long half = interval / 2;
        return half + ThreadLocalRandom.current().nextLong(interval - half + 1);
    }

    /**
     * The append lost to another one (the unique sequence constraint), or PostgreSQL rolled the
     * transaction back to break a deadlock or a serialization conflict between two such commands
     * (SQLSTATE class 40). Either way nothing of the command was written.
     */
    public static boolean isConflict(Throwable failure) {
        return ExceptionUtils.findException(failure, cause -> cause instanceof ConcurrencyException
                || cause instanceof AggregateStreamCreationException
                || cause instanceof ConcurrencyFailureException
                || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40"))
                .isPresent();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
