package io.tether.query.audit;

import static io.tether.api.problem.ProblemCode.AGGREGATE_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.INVALID_PARAMETER;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.PlainText;
import io.tether.api.account.AccountCredentialsReadEvent;
import io.tether.api.account.AccountView;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.tool.ToolSlugs;
import io.tether.api.tool.ToolView;
import io.tether.api.problem.Refuses;
import io.tether.infrastructure.audit.DigestVerifier;
import io.tether.eventing.ReadYourWrites;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.ConsistencyHeaders;
import io.tether.query.audit.ChainVerifier.Verification;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The event store as auditors read it (role {@code auditor}, own organization only): each
 * aggregate's full history, an account's, a global integration's and a tool's state at any moment, the organization's log with exports,
 * and verification of the hash chains.
 */
@RestController
@RequestMapping("/audit")
@Tag(name = "audit", description = "The event history for auditors: every aggregate's events, the state at any "
        + "instant, the hash chains")
class AuditController {

    static final int MAX_PAGE_SIZE = 500;

    private final EventStoreReader events;
    private final AuditLog log;
    private final ChainVerifier verifier;
    private final Serializer serializer;
    private final ObjectMapper json;
    private final ReadYourWrites readYourWrites;
    private final DigestVerification digestVerifier;
    private final VerifiableExport verifiableExport;

    AuditController(EventStoreReader events, AuditLog log, ChainVerifier verifier, Serializer serializer, ObjectMapper json,
                    ReadYourWrites readYourWrites, DigestVerification digestVerifier, VerifiableExport verifiableExport) {
        this.verifiableExport = verifiableExport;
        this.readYourWrites = readYourWrites;
        this.digestVerifier = digestVerifier;
        this.events = events;
        this.log = log;
        this.verifier = verifier;
        this.serializer = serializer;
        this.json = json;
    }

    @GetMapping("/accounts/{accountId}/events")
    @Operation(operationId = "getAccountHistory", summary = "An account's events",
            description = "Every event of the account, oldest first, with its metadata; sealed values are masked.")
    @AllowedRoles(Roles.AUDITOR)
    @Refuses({AGGREGATE_NOT_FOUND})
    AggregateHistory accountHistory(@PathVariable UUID accountId, Caller caller) {
        return history("IntegrationAccount", accountId, caller);
    }

    @GetMapping("/global/{integrationId}/events")
    @Operation(operationId = "getGlobalIntegrationHistory", summary = "A global integration's events",
            description = "Every event of the global integration, oldest first, with its metadata; sealed values are "
                    + "masked.")
    @AllowedRoles(Roles.AUDITOR)
    @Refuses({AGGREGATE_NOT_FOUND})
    AggregateHistory globalIntegrationHistory(@PathVariable UUID integrationId, Caller caller) {
        return history("GlobalIntegration", integrationId, caller);
    }

    @GetMapping("/accounts/{accountId}/state")
    @Operation(operationId = "getAccountStateAt", summary = "An account as it was at an instant",
            description = "The account's state rebuilt from its events up to the instant at.")
    @AllowedRoles(Roles.AUDITOR)
    @Refuses({AGGREGATE_NOT_FOUND})
    AccountStateView accountState(@PathVariable UUID accountId, @RequestParam Instant at, Caller caller) {
        Replayed<AccountView> replayed = replay(ownedEvents("IntegrationAccount", accountId, caller), at, StateAt::account);
        return new AccountStateView(accountId, at, replayed.applied(), replayed.state() != null, replayed.deleted(),
                replayed.state());
    }

    @GetMapping("/global/{integrationId}/state")
    @Operation(operationId = "getGlobalIntegrationStateAt", summary = "A global integration as it was at an instant",
            description = "The global integration's state rebuilt from its events up to the instant at, by the rules "
                    + "its read model applies.")
    @AllowedRoles(Roles.AUDITOR)
    @Refuses({AGGREGATE_NOT_FOUND})
    GlobalIntegrationStateView globalIntegrationState(@PathVariable UUID integrationId, @RequestParam Instant at,
                                                      Caller caller) {
        Replayed<GlobalIntegrationView> replayed = replay(ownedEvents("GlobalIntegration", integrationId, caller), at,
                StateAt::globalIntegration);
        return new GlobalIntegrationStateView(integrationId, at, replayed.applied(), replayed.state() != null,
                replayed.deleted(), replayed.state());
    }

    /** Tools are the platform's, defined by platform admins and read by every organization: any auditor sees one. */
    @GetMapping("/tools/{slug}/state")
    @Operation(operationId = "getToolStateAt", summary = "A tool as it was at an instant",
            description = "The tool's definition rebuilt from its events up to the instant at, by the rules its read "
                    + "model applies.")
    @AllowedRoles(Roles.AUDITOR)
    @Refuses({AGGREGATE_NOT_FOUND})
    ToolStateView toolState(@PathVariable @PlainText String slug, @RequestParam Instant at, Caller caller) {
        UUID toolId = ToolSlugs.toolIdOf(slug);
        List<StoredEvent> stored = events.eventsOf(toolId.toString());
        if (stored.isEmpty() || !"Tool".equals(stored.get(0).aggregateType())) {
            throw AGGREGATE_NOT_FOUND.exception("No history of tool " + slug);
        }
        Replayed<ToolView> replayed = replay(stored, at, StateAt::tool);
        return new ToolStateView(slug, at, replayed.applied(), replayed.state() != null, replayed.state());
    }

    @GetMapping("/events")
    @Operation(operationId = "listAuditEvents", summary = "The organization's audit log",
            description = "Events of the organization's aggregates, oldest first, filtered by time, actor, event type "
                    + "and aggregate; next_cursor fetches the next page.")
    @AllowedRoles(Roles.AUDITOR)
    ResponseEntity<AuditLogPage> auditLog(
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) @PlainText String actor,
            @RequestParam(name = "event_type", required = false) @PlainText String eventType,
            @RequestParam(name = "aggregate_id", required = false) @PlainText String aggregateId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_PAGE_SIZE) int limit,
            @RequestParam(required = false) Long cursor,
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        String consistency = readYourWrites.await(minPosition, AuditLogProjection.PROCESSING_GROUP).headerValue();
        List<AuditLogEntry> rows = log.page(new AuditLogFilter(caller.organizationId(), from, to, actor, eventType,
                aggregateId, cursor), limit + 1);
        AuditLogPage page = rows.size() <= limit ? new AuditLogPage(rows, null)
                : new AuditLogPage(List.copyOf(rows.subList(0, limit)), String.valueOf(rows.get(limit - 1).globalIndex()));
        return ResponseEntity.ok().header(ConsistencyHeaders.CONSISTENCY, consistency).body(page);
    }

    /** Failed attempts that matter, against the organization's aggregates: newest first. */
    @GetMapping("/security-events")
    @Operation(operationId = "listSecurityEvents", summary = "Security events",
            description = "Failed attempts that matter against the organization's aggregates, newest first.")
    @AllowedRoles(Roles.AUDITOR)
    List<SecurityEventView> securityEvents(@RequestParam(defaultValue = "100") @Min(1) @Max(MAX_PAGE_SIZE) int limit,
                                           Caller caller) {
        return events.securityEventsOf(caller.organizationId(), limit);
    }

    /**
     * The same log as NDJSON or CSV, streamed however long it is; with {@code include=digests}, verifiable
     * outside the company with the verifier alone ({@link VerifiableExport}).
     */
    @GetMapping("/events/export")
    @Operation(operationId = "exportAuditLog", summary = "Export the audit log",
            description = "The same log as the audit events page, as NDJSON or CSV, streamed however long it is. With "
                    + "include=digests (no actor or event_type filter), the export also carries the signed digests whose "
                    + "intervals meet the range (each as its signed envelope with the organization's own section of it), "
                    + "the keys that signed them, and each event as its hash chain covers it, so that "
                    + "`java -jar tether.jar verify --export <file>` verifies it alone. As CSV, every record is a row "
                    + "whose first column names its kind (export, public_keys, digest, digest_section, event).",
            responses = @ApiResponse(responseCode = "200", description = "The audit log, streamed",
                    headers = @Header(name = "Content-Disposition", schema = @Schema(type = "string"),
                            description = "attachment; filename=audit-log.ndjson or .csv"),
                    // No schema: one audit log entry as JSON per line, or a CSV header line and one entry per
                    // line; an empty log is an empty body.
                    content = {@Content(mediaType = "application/x-ndjson"), @Content(mediaType = "text/csv")}))
    @AllowedRoles(Roles.AUDITOR)
    @Refuses({INVALID_PARAMETER})
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "NDJSON") ExportFormat format,
                                                 @RequestParam(required = false) Instant from,
                                                 @RequestParam(required = false) Instant to,
                                                 @RequestParam(required = false) @PlainText String actor,
                                                 @RequestParam(name = "event_type", required = false) @PlainText String eventType,
                                                 @RequestParam(name = "aggregate_id", required = false) @PlainText String aggregateId,
                                                 @Parameter(description = "digests: the signed digests covering the "
                                                         + "range, for the verifier", schema = @Schema(allowableValues = "digests"))
                                                 @RequestParam(required = false) @PlainText String include,
                                                 @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
                                                 Caller caller) {
        AuditLogFilter filter = new AuditLogFilter(caller.organizationId(), from, to, actor, eventType, aggregateId, null);
        boolean withDigests = include != null;
        if (withDigests && !include.equals("digests")) {
            throw INVALID_PARAMETER.fieldException("include", "must be digests");
        }
        if (withDigests && (actor != null || eventType != null)) {
            throw INVALID_PARAMETER.fieldException("include", "digests verify every event of an aggregate in the range: "
                    + "filter by from, to and aggregate_id only, not by actor or event_type");
        }
        // A digest may already vouch for the newest events: with digests the log is read once it has indexed them all.
        String consistency = readYourWrites.await(withDigests ? Long.valueOf(events.headPosition()) : minPosition,
                AuditLogProjection.PROCESSING_GROUP).headerValue();
        StreamingResponseBody body = output -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            if (withDigests) {
                verifiableExport.write(filter, format == ExportFormat.CSV, writer);
                return;
            }
            if (format == ExportFormat.CSV) {
                writer.write(Csv.line(AuditLogEntry.CSV_HEADER));
            }
            log.stream(filter, entry -> {
                try {
                    writer.write(format == ExportFormat.CSV ? Csv.line(entry.csvValues()) : json.writeValueAsString(entry) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(format.mediaType)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-log." + format.extension + "\"")
                .header(ConsistencyHeaders.CONSISTENCY, consistency)
                .body(body);
    }

    /**
     * Recomputes the hash chains of one aggregate, the organization's aggregates, or (platform admins) all;
     * or, given the directory of the signed digests (platform admins), verifies the digests and the whole event
     * store against them, as {@code java -jar tether.jar verify} does.
     */
    @PostMapping("/verify")
    @Operation(operationId = "verifyAuditChains", summary = "Verify the hash chains, or the store against its digests",
            description = "Recomputes the hash chains of one aggregate (an account's with its credential-read stream), "
                    + "of the organization's aggregates, or "
                    + "(platform admins, scope ALL) of all. Given `digests`, the directory of the signed audit digests "
                    + "(platform admins), verifies the digests and the whole event store against them instead, and "
                    + "reports each finding in words.",
            responses = @ApiResponse(responseCode = "200", description = "The chains' verification, or the digests' report",
                    content = @Content(mediaType = "application/json", schema = @Schema(
                            oneOf = {Verification.class, DigestVerifier.Report.class}))))
    @AllowedRoles({Roles.AUDITOR, Roles.PLATFORM_ADMIN})
    @Refuses({AGGREGATE_NOT_FOUND})
    Object verify(@RequestBody(required = false) VerifyRequest request, Caller caller) {
        VerifyRequest scope = request == null ? new VerifyRequest(null, null, null, null) : request;
        if (scope.digests() != null) {
            caller.requireAnyRole(Roles.PLATFORM_ADMIN);
            return digestVerifier.verify(scope.digests(), scope.publicKeys());
        }
        if (scope.scope() == VerifyScope.ALL) {
            caller.requireAnyRole(Roles.PLATFORM_ADMIN);
            return verifier.verify(events.allAggregates());
        }
        caller.requireAnyRole(Roles.AUDITOR);
        if (scope.aggregateId() != null) {
            if (!events.belongsTo(scope.aggregateId().toString(), caller.organizationId())) {
                throw AGGREGATE_NOT_FOUND.exception("No history of " + scope.aggregateId() + " in your organization");
            }
            return verifier.verify(withItsCredentialReads(scope.aggregateId()));
        }
        return verifier.verify(events.aggregatesOf(caller.organizationId()));
    }

    /**
     * The aggregate, and for an account the stream its credential reads are recorded in (as its history shows both):
     * an account's verification that skipped its reads would vouch for less than the history it answers for.
     */
    private List<String> withItsCredentialReads(UUID aggregateId) {
        String reads = AccountCredentialsReadEvent.streamOf(aggregateId).toString();
        return events.exists(reads) ? List.of(aggregateId.toString(), reads) : List.of(aggregateId.toString());
    }

    /** The aggregate's events up to the instant, each applied as the read model's rules say. */
    private <V> Replayed<V> replay(List<StoredEvent> stored, Instant at, StateAt.Evolution<V> evolution) {
        V state = null;
        long applied = 0;
        boolean deleted = false;
        for (StoredEvent event : stored) {
            if (event.timestamp().isAfter(at)) {
                break;
            }
            Object payload = serializer.deserialize(new SimpleSerializedObject<>(
                    event.payload(), byte[].class, event.payloadType(), event.payloadRevision()));
            state = evolution.evolve(state, payload, event.timestamp());
            deleted |= event.simpleType().endsWith("DeletedEvent");
            applied++;
        }
        return new Replayed<>(state, applied, deleted);
    }

    private record Replayed<V>(V state, long applied, boolean deleted) {
    }

    private AggregateHistory history(String aggregateType, UUID aggregateId, Caller caller) {
        List<StoredEvent> stored = new ArrayList<>(ownedEvents(aggregateType, aggregateId, caller));
        if (aggregateType.equals("IntegrationAccount")) {
            // The reads of its credentials are recorded in a stream of their own, beside the account's; in append order.
            stored.addAll(events.eventsOf(AccountCredentialsReadEvent.streamOf(aggregateId).toString()));
            stored.sort(Comparator.comparingLong(StoredEvent::globalIndex));
        }
        boolean shredded = stored.stream().anyMatch(event -> event.simpleType().endsWith("ShreddedEvent"));
        List<HistoryEvent> history = new ArrayList<>();
        for (StoredEvent event : stored) {
            history.add(new HistoryEvent(event.globalIndex(), event.aggregateId(), event.sequenceNumber(), event.eventId(), event.simpleType(),
                    event.payloadRevision(), event.timestamp(), SealedValues.masked(readTree(event.payload()), shredded),
                    readTree(event.metadata())));
        }
        return new AggregateHistory(aggregateId, aggregateType, shredded, history);
    }

    private List<StoredEvent> ownedEvents(String aggregateType, UUID aggregateId, Caller caller) {
        List<StoredEvent> stored = events.eventsOf(aggregateId.toString());
        boolean owned = !stored.isEmpty()
                && aggregateType.equals(stored.get(0).aggregateType())
                && events.belongsTo(aggregateId.toString(), caller.organizationId());
        if (!owned) {
            throw AGGREGATE_NOT_FOUND.exception("No history of " + aggregateId + " in your organization");
        }
        return stored;
    }

    private JsonNode readTree(byte[] bytes) {
        try {
            return bytes == null ? json.createObjectNode() : json.readTree(bytes);
        } catch (IOException e) {
            ObjectNode unreadable = json.createObjectNode();
            unreadable.put("unreadable", new String(bytes, StandardCharsets.UTF_8));
            return unreadable;
        }
    }

    enum ExportFormat {
        NDJSON(MediaType.parseMediaType("application/x-ndjson"), "ndjson"),
        CSV(MediaType.parseMediaType("text/csv"), "csv");

        private final MediaType mediaType;
        private final String extension;

        ExportFormat(MediaType mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }
    }

    /**
     * {@code scope}: {@code all} (platform admins) or {@code organization}, the default; nothing else.
     * {@code digests}: the directory of signed digests on the server, with {@code public_keys} the file of keys
     * to trust instead of those published in it.
     */
    record VerifyRequest(UUID aggregateId, VerifyScope scope,
                         @Schema(description = "The directory of the signed digests (platform admins)") @PlainText String digests,
                         @Schema(description = "A file of trusted public keys; the digests' own by default") @PlainText String publicKeys) {
    }

    enum VerifyScope {
        @JsonProperty("organization") ORGANIZATION,
        @JsonProperty("all") ALL
    }

    record AggregateHistory(UUID aggregateId, String aggregateType, boolean credentialsShredded, List<HistoryEvent> events) {
    }

    record HistoryEvent(long globalIndex,
                        @Schema(description = "The stream the event is in, whose hash chain links it at sequence_number: the "
                                + "aggregate's own, or (for an account's credential reads) the account's credential-read stream")
                        String aggregateId,
                        long sequenceNumber, String eventId, String type, @Nullable String revision,
                        Instant timestamp, JsonNode payload, JsonNode metadata) {
    }

    record AccountStateView(UUID accountId, Instant at, long eventsApplied, boolean existed, boolean deleted,
                            @Nullable AccountView account) {
    }

    record GlobalIntegrationStateView(UUID integrationId, Instant at, long eventsApplied, boolean existed,
                                      boolean deleted, @Nullable GlobalIntegrationView integration) {
    }

    record ToolStateView(String slug, Instant at, long eventsApplied, boolean existed, @Nullable ToolView tool) {
    }

    record SecurityEventView(long id, Instant occurredAt, String kind, @Nullable String aggregateId,
                             @Nullable String detail,
                             @Nullable String clientIp, @Nullable String userAgent, @Nullable String requestId) {
    }

    record AuditLogPage(List<AuditLogEntry> items, @Nullable String nextCursor) {
    }
}
