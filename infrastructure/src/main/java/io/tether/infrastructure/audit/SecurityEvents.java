package io.tether.infrastructure.audit;

import io.tether.api.AuditMetadata;
import io.tether.infrastructure.web.RequestMetadata;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records failed attempts that matter (a refused OAuth state, a refused webhook delivery) with the
 * request they came in, in their own transaction: the attempt failed, its record must not.
 */
@Component
public class SecurityEvents {

    private static final int MAX_DETAIL = 500;

    private final JdbcClient jdbc;

    SecurityEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param organizationId null when the attempt named nothing Tether knows */
    public void record(String kind, UUID organizationId, UUID aggregateId, String detail) {
        Map<String, Object> request = RequestMetadata.current();
        jdbc.sql("""
                        INSERT INTO security_events (kind, organization_id, aggregate_id, detail, client_ip, user_agent, request_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(kind, organizationId, aggregateId == null ? null : aggregateId.toString(),
                        detail == null ? null : detail.substring(0, Math.min(detail.length(), MAX_DETAIL)),
                        request.get(AuditMetadata.CLIENT_IP), request.get(AuditMetadata.USER_AGENT),
                        request.get(AuditMetadata.REQUEST_ID))
                .update();
    }
}
