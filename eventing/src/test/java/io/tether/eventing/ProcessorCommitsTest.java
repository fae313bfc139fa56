package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessorCommitsTest {

    private final ProcessorCommits commits = new ProcessorCommits();
    private final ExecutorService waiter = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopWaiting() {
        waiter.shutdownNow();
    }

    @Test
    void aBatchOfSeveralEvents_countsOnce_andOnlyOnceItHasCommitted() {
        AtomicInteger actions = new AtomicInteger();
        commits.afterEachBatch("accounts", actions::incrementAndGet);
        List<Long> seenWhileHandling = new ArrayList<>();

        handleBatch("accounts", 3, () -> seenWhileHandling.add(commits.count("accounts")));

        assertThat(seenWhileHandling).containsExactly(0L, 0L, 0L);
        assertThat(commits.count("accounts")).isEqualTo(1);
        assertThat(commits.count("tools")).isZero();
        assertThat(actions).hasValue(1);
    }

    /** A work package moves its segment's position on in an after-commit handler registered before the handlers run. */
    @Test
    void aBatchIsCounted_afterThePositionOfItsSegmentHasMovedOn() {
        AtomicBoolean positionMoved = new AtomicBoolean();
        List<Boolean> movedWhenCounted = new ArrayList<>();
        commits.afterEachBatch("accounts", () -> movedWhenCounted.add(positionMoved.get()));

        handleBatch("accounts", 2, () -> { }, unitOfWork -> unitOfWork.afterCommit(committed -> positionMoved.set(true)));

        assertThat(movedWhenCounted).containsExactly(true);
    }

    @Test
    void aBatchRolledBack_countsNothing() {
        handleBatch("accounts", 2, () -> {
            throw new IllegalStateException("a handler failed");
        });

        assertThat(commits.count("accounts")).isZero();
    }

    @Test
    void aWaiter_wakesWhenTheProcessorCommits_longBeforeItsTimeout() throws Exception {
        long count = commits.count("accounts");
        Future<Boolean> woken = waiter.submit(() -> commits.awaitNext("accounts", count, Duration.ofMinutes(5)));
        await("no commit yet").during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> !woken.isDone());

        handleBatch("tools", 1, () -> { });
        await("another processor's commit").during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1))
                .until(() -> !woken.isDone());

        handleBatch("accounts", 1, () -> { });
        assertThat(woken.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCommitBeforeTheWaitBegan_isNotMissed_andWithoutOneTheWaitEndsAtItsTimeout() throws Exception {
        long count = commits.count("accounts");
        handleBatch("accounts", 1, () -> { });

        assertThat(commits.awaitNext("accounts", count, Duration.ZERO)).isTrue();
        assertThat(commits.awaitNext("accounts", count + 1, Duration.ofMillis(50))).isFalse();
    }

    /** Handles the events in one batch of the processor and commits it, as a pooled processor's work package does. */
    private void handleBatch(String processor, int events, Runnable handler) {
        handleBatch(processor, events, handler, unitOfWork -> { });
    }

    private void handleBatch(String processor, int events, Runnable handler,
                             Consumer<UnitOfWork<EventMessage<?>>> workPackage) {
        List<EventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            messages.add(GenericEventMessage.asEventMessage("event " + i));
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(messages);
        workPackage.accept(unitOfWork);
        unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(commits.counting(processor)),
                message -> {
                    handler.run();
                    return null;
                }).proceed());
    }
}
