package io.tether.query.audit;

import static io.tether.api.problem.ProblemCode.INVALID_PARAMETER;

import io.tether.query.StorableInstants;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Which audit log rows an auditor asked for; null fields match everything. */
record AuditLogFilter(UUID organizationId, Instant from, Instant to, String actor, String eventType,
                      String aggregateId, Long after) {

    AuditLogFilter {
        requireStorable("from", from);
        requireStorable("to", to);
    }

    private static void requireStorable(String parameter, Instant instant) {
        if (instant != null && !StorableInstants.storable(instant)) {
            throw INVALID_PARAMETER.fieldException(parameter,
                    "must be between " + StorableInstants.EARLIEST + " and " + StorableInstants.LATEST);
        }
    }

    String where(Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" WHERE organization_id = :organization");
        params.put("organization", organizationId);
        condition(where, params, from, "occurred_at >= :from", "from", from == null ? null : java.sql.Timestamp.from(from));
        condition(where, params, to, "occurred_at < :to", "to", to == null ? null : java.sql.Timestamp.from(to));
        condition(where, params, actor, "actor = :actor", "actor", actor);
        condition(where, params, eventType, "event_type = :eventType", "eventType", eventType);
        condition(where, params, aggregateId, "aggregate_id = :aggregateId", "aggregateId", aggregateId);
        condition(where, params, after, "global_index > :after", "after", after);
        return where.toString();
    }

    Map<String, Object> newParams() {
        return new HashMap<>();
    }

    private static void condition(StringBuilder where, Map<String, Object> params, Object present, String sql,
                                  String name, Object value) {
        if (present != null) {
            where.append(" AND ").append(sql);
            params.put(name, value);
        }
    }
}
