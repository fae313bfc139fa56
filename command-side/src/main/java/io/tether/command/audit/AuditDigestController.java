package io.tether.command.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A digest on demand (role {@code platform_admin}), written and handed to the sinks before the answer. */
@RestController
@RequestMapping("/admin/audit/digests")
class AuditDigestController {

    private final AuditDigestWriter writer;
    private final DigestDeliveries deliveries;

    AuditDigestController(AuditDigestWriter writer, DigestDeliveries deliveries) {
        this.writer = writer;
        this.deliveries = deliveries;
    }

    @PostMapping
    @Operation(operationId = "writeAuditDigest", summary = "Write an audit digest now", tags = "audit",
            description = "Signs and writes the digest of the events since the last one (every aggregate whose history "
                    + "grew, with its chain head), then hands it to the configured sinks.")
    @AllowedRoles(Roles.PLATFORM_ADMIN)
    @ResponseStatus(HttpStatus.CREATED)
    DigestView write(Caller caller) {
        AuditDigestWriter.WrittenDigest digest = writer.writeNow();
        deliveries.deliverPending();
        return new DigestView(digest.number(), digest.intervalStart(), digest.intervalEnd(), digest.hash(),
                digest.aggregates(), digest.events());
    }

    @Schema(name = "AuditDigest")
    record DigestView(long number, Instant intervalStart, Instant intervalEnd, String hash, int aggregateCount, long eventCount) {
    }
}
