package io.tether.query.admin;

import static io.tether.api.problem.ProblemCode.PROJECTION_NOT_FOUND;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.problem.Refuses;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The read models' dead letters (role {@code platform_admin}): what failed and why, and a retry. */
@RestController
@RequestMapping("/admin/dead-letters")
@Tag(name = "administration", description = "For platform admins: the read models' processors and their dead letters")
class DeadLetterController {

    private static final int MAX_RETRIES_PER_REQUEST = 1000;

    private final EventProcessingConfiguration processing;

    DeadLetterController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @GetMapping
    @Operation(operationId = "listDeadLetters", summary = "List the dead letters",
            description = "Each processing group's dead-letter queue: its sequences and letters with their causes.")
    @AllowedRoles(Roles.PLATFORM_ADMIN)
    List<DeadLetterQueueView> deadLetters(Caller caller) {
        List<DeadLetterQueueView> queues = new ArrayList<>();
        for (String group : new TreeSet<>(processing.eventProcessors().keySet())) {
            processing.deadLetterQueue(group).ifPresent(queue -> queues.add(view(group, queue)));
        }
        return queues;
    }

    /** Retries the queue's sequences in order; a letter that fails again stays, with its new cause. */
    @PostMapping("/{processingGroup}/retry")
    @Operation(operationId = "retryDeadLetters", summary = "Retry a dead-letter queue",
            description = "Retries the queue's sequences in order; a letter that fails again stays, with its new "
                    + "cause.")
    @AllowedRoles(Roles.PLATFORM_ADMIN)
    @Refuses({PROJECTION_NOT_FOUND})
    RetryResult retry(@PathVariable String processingGroup, Caller caller) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processingGroup);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(processingGroup)
                .orElseThrow(() -> PROJECTION_NOT_FOUND.exception("No projection named '" + processingGroup
                        + "' runs in this process"));
        int sequencesBefore = (int) queue.amountOfSequences();
        int processed = 0;
        for (int attempt = 0; attempt < Math.min(sequencesBefore, MAX_RETRIES_PER_REQUEST); attempt++) {
            if (processor.processAny()) {
                processed++;
            }
        }
        return new RetryResult(processingGroup, processed, queue.amountOfSequences());
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return processing.deadLetterQueue(group).orElseThrow(() -> PROJECTION_NOT_FOUND.exception("No projection named '" + group + "' runs in this process"));
    }

    private static DeadLetterQueueView view(String group, SequencedDeadLetterQueue<EventMessage<?>> queue) {
        List<DeadLetterView> letters = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                EventMessage<?> message = letter.message();
                letters.add(new DeadLetterView(
                        message.getIdentifier(),
                        message instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null,
                        message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null,
                        letter.cause().map(cause -> cause.type()).orElse(null),
                        letter.cause().map(cause -> cause.message()).orElse(null),
                        letter.enqueuedAt(),
                        letter.lastTouched()));
            }
        }
        return new DeadLetterQueueView(group, queue.amountOfSequences(), letters);
    }

    record DeadLetterQueueView(String processingGroup, long sequences, List<DeadLetterView> letters) {
    }

    record DeadLetterView(String eventId, @Nullable String aggregateId, @Nullable Long sequenceNumber,
                          @Nullable String causeType, @Nullable String causeMessage,
                          Instant enqueuedAt, @Nullable Instant lastTouched) {
    }

    record RetryResult(String processingGroup, int processed, long sequencesLeft) {
    }
}
