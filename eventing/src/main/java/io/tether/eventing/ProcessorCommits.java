package io.tether.eventing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.stereotype.Component;

/**
 * The batches this node's event processors have committed, by processor: each one moved a segment's
 * stored token and its position in memory on. A read-your-writes query waits here between its looks
 * at the read model's positions, so that it looks again as soon as this node's processor commits
 * instead of at its next poll; {@link CoordinatorPacing} lets a held-back coordinator go on.
 */
@Component
public class ProcessorCommits {

    private static final String REGISTERED = ProcessorCommits.class.getName() + ".registered";

    private final Map<String, Batches> processors = new ConcurrentHashMap<>();

    /**
     * How many batches the processor has committed on this node so far. Take it before looking at
     * the positions and hand it to {@link #awaitNext}, so that a commit in between is not missed.
     */
    public long count(String processor) {
        return batches(processor).count;
    }

    /**
     * Waits until the processor has committed a batch on this node since {@code count} was taken, or
     * the timeout has passed; true when a batch has committed.
     */
    public boolean awaitNext(String processor, long count, Duration timeout) throws InterruptedException {
        Batches batches = batches(processor);
        long nanos = timeout.toNanos();
        batches.lock.lock();
        try {
            while (batches.count == count) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = batches.committed.awaitNanos(nanos);
            }
            return true;
        } finally {
            batches.lock.unlock();
        }
    }

    /** Runs the action after each batch the processor commits on this node (on the committing thread). */
    void afterEachBatch(String processor, Runnable action) {
        batches(processor).actions.add(action);
    }

    /**
     * For the processor's handlers: counts each of its batches once it has committed (tokens included).
     * It counts at the batch's clean-up, not after commit: Axon runs after-commit handlers in reverse
     * order, so one registered by a handler would run before the processor has moved its segment's
     * position on (its processing status), which a waiting query may look at.
     */
    MessageHandlerInterceptor<EventMessage<?>> counting(String processor) {
        Batches batches = batches(processor);
        return (unitOfWork, chain) -> {
            unitOfWork.resources().computeIfAbsent(REGISTERED, key -> {
                unitOfWork.onCleanup(done -> {
                    if (!done.isRolledBack()) {
                        batches.committed();
                    }
                });
                return Boolean.TRUE;
            });
            return chain.proceed();
        };
    }

    private Batches batches(String processor) {
        return processors.computeIfAbsent(processor, name -> new Batches());
    }

    private static final class Batches {

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition committed = lock.newCondition();
        private final List<Runnable> actions = new CopyOnWriteArrayList<>();
        private volatile long count;

        void committed() {
            lock.lock();
            try {
                count++;
                committed.signalAll();
            } finally {
                lock.unlock();
            }
            actions.forEach(Runnable::run);
        }
    }
}
