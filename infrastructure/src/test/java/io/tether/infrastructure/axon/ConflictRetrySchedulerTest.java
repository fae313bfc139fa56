package io.tether.infrastructure.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;

class ConflictRetrySchedulerTest {

    private final ConflictRetryScheduler scheduler = new ConflictRetryScheduler(
            new CommandRetryProperties(5, Duration.ofMillis(10), Duration.ofMillis(200)));

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void aCommandThatLostTheRaceForItsAggregate_isRetried_untilItWins() {
        AtomicInteger attempts = new AtomicInteger();
        DefaultCommandGateway gateway = gatewayHandling(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ConcurrencyException("another node appended sequence number 7 first");
            }
            return "applied on attempt " + attempts.get();
        });

        Object result = gateway.sendAndWait("connect");

        assertThat(result).isEqualTo("applied on attempt 3");
    }

    @Test
    void aCommandThatKeepsLosing_givesUpAfterTheConfiguredAttempts_withTheConflict() {
        AtomicInteger attempts = new AtomicInteger();
        DefaultCommandGateway gateway = gatewayHandling(() -> {
            attempts.incrementAndGet();
            throw new ConcurrencyException("lost again");
        });

        Throwable failure = catchFailure(() -> gateway.sendAndWait("connect"));

        assertThat(failure).isInstanceOf(ConcurrencyException.class);
        assertThat(attempts).hasValue(5);
    }

    @Test
    void aDomainRejection_isNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        DefaultCommandGateway gateway = gatewayHandling(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("the account is deleted");
        });

        assertThat(catchFailure(() -> gateway.sendAndWait("connect"))).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void conflicts_areRecognizedDirectlyOrAsACause_includingTheCreationOfAnExistingStreamAndABrokenDeadlock() {
        assertThat(ConflictRetryScheduler.isConflict(new ConcurrencyException("x"))).isTrue();
        assertThat(ConflictRetryScheduler.isConflict(new AggregateStreamCreationException("x"))).isTrue();
        assertThat(ConflictRetryScheduler.isConflict(new RuntimeException(new ConcurrencyException("x")))).isTrue();
        assertThat(ConflictRetryScheduler.isConflict(new PessimisticLockingFailureException("deadlock detected"))).isTrue();
        assertThat(ConflictRetryScheduler.isConflict(new RuntimeException(new SQLException("deadlock detected", "40P01"))))
                .isTrue();
        assertThat(ConflictRetryScheduler.isConflict(new RuntimeException(new SQLException("duplicate name", "23505"))))
                .isFalse();
        assertThat(ConflictRetryScheduler.isConflict(new RuntimeException("x"))).isFalse();
    }

    @Test
    void theBackOff_growsExponentially_withJitter_upToTheMaximum() {
        List<Long> firstDelays = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            firstDelays.add(scheduler.delayBeforeRetry(1));
            assertThat(scheduler.delayBeforeRetry(2)).isBetween(10L, 20L);
            assertThat(scheduler.delayBeforeRetry(10)).isBetween(100L, 200L);
        }
        assertThat(firstDelays).allSatisfy(delay -> assertThat(delay).isBetween(5L, 10L));
        assertThat(firstDelays.stream().distinct().count()).as("jitter").isGreaterThan(1);
    }

    @Test
    void noRetryIsScheduled_afterTheSchedulerIsClosed() {
        scheduler.close();
        CommandMessage<Object> command = GenericCommandMessage.asCommandMessage("connect");
        AtomicInteger dispatched = new AtomicInteger();

        boolean scheduled = scheduler.scheduleRetry(command, new ConcurrencyException("x"),
                List.of(), dispatched::incrementAndGet);

        assertThat(scheduled).isFalse();
        assertThat(dispatched).hasValue(0);
    }

    /** A gateway with the scheduler under test, in front of a bus whose one handler does what it is given. */
    private DefaultCommandGateway gatewayHandling(Supplier<Object> handler) {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(String.class.getName(), command -> handler.get());
        return DefaultCommandGateway.builder().commandBus(bus).retryScheduler(scheduler).build();
    }

    private static Throwable catchFailure(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
