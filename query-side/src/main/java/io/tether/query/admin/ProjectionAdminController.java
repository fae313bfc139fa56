package io.tether.query.admin;

import static io.tether.api.problem.ProblemCode.PROJECTION_CLAIMED_ELSEWHERE;
import static io.tether.api.problem.ProblemCode.PROJECTION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.PROJECTION_NOT_REPLAYABLE;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.problem.Refuses;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuilding read models from the event store (role {@code platform_admin}: a read model holds
 * every organization's rows): replay one from the start, and watch its progress.
 */
@RestController
@RequestMapping("/admin/projections")
@Tag(name = "administration", description = "For platform admins: the read models' processors and their dead letters")
class ProjectionAdminController {

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;

    ProjectionAdminController(EventProcessingConfiguration processing, JdbcClient jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    @GetMapping
    @Operation(operationId = "listProjections", summary = "List the projections",
            description = "Each read model's processor on this node: running, replaying, segments claimed here, "
                    + "position and lag.")
    @AllowedRoles(Roles.PLATFORM_ADMIN)
    List<ProjectionStatus> projections(Caller caller) {
        long head = head();
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(processor -> status((StreamingEventProcessor) processor, head))
                .sorted(Comparator.comparing(ProjectionStatus::name))
                .toList();
    }

    @GetMapping("/{name}")
    @Operation(operationId = "getProjection", summary = "Get a projection",
            description = "One read model's processor on this node.")
    @AllowedRoles(Roles.PLATFORM_ADMIN)
    @Refuses({PROJECTION_NOT_FOUND})
    ProjectionStatus projection(@PathVariable String name, Caller caller) {
        return status(processor(name), head());
    }

    /**
     * Resets the projection's tokens: its reset handler empties the read model, then it replays every
     * event. With several query nodes, the others must not hold a segment of it meanwhile.
     */
    @PostMapping("/{name}/replay")
    @Operation(operationId = "replayProjection", summary = "Replay a projection",
            description = "Resets the projection's tokens: its reset handler empties the read model, then it replays "
                    + "every event. No other node may hold a segment of it meanwhile.")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @AllowedRoles(Roles.PLATFORM_ADMIN)
    @Refuses({PROJECTION_NOT_FOUND, PROJECTION_NOT_REPLAYABLE, PROJECTION_CLAIMED_ELSEWHERE})
    ResponseEntity<ProjectionStatus> replay(@PathVariable String name, Caller caller) {
        StreamingEventProcessor processor = processor(name);
        if (!processor.supportsReset()) {
            throw PROJECTION_NOT_REPLAYABLE.exception("Projection '" + name
                    + "' cannot be replayed: none of its handlers supports a reset");
        }
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (UnableToClaimTokenException claimedByAnotherNode) {
            throw PROJECTION_CLAIMED_ELSEWHERE.exception("Projection '" + name
                    + "' is being processed by another node; stop the projection there (or leave one query node running), then replay it", claimedByAnotherNode);
        } finally {
            processor.start();
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(status(processor, head()));
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> PROJECTION_NOT_FOUND.exception("No projection named '" + name
                        + "' runs in this process"));
    }

    private long head() {
        return jdbc.sql("SELECT COALESCE(MAX(global_index), -1) FROM domain_event_entry").query(Long.class).single();
    }

    private static ProjectionStatus status(StreamingEventProcessor processor, long head) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        long position = segments.values().stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(-1))
                .min().orElse(-1);
        boolean replaying = segments.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        List<String> errors = segments.values().stream()
                .filter(EventTrackerStatus::isErrorState)
                .map(status -> String.valueOf(status.getError()))
                .toList();
        double progress = head <= 0 ? 1.0 : Math.min(1.0, Math.max(0, position) / (double) head);
        return new ProjectionStatus(processor.getName(), processor.isRunning(), replaying, segments.size(), position,
                head, progress, position >= head, errors);
    }

    /**
     * {@code replaying} stays true after a replay has reached the head until a newer event arrives
     * (Axon ends a replay on the first event past the reset point); {@code caughtUp} is the answer to
     * "is the rebuilt read model complete".
     */
    record ProjectionStatus(String name, boolean running, boolean replaying, int segmentsClaimedHere, long position,
                            long headPosition, double progress, boolean caughtUp, List<String> errors) {
    }
}
