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

    /**
     * The log's order, with {@link #where}: the organization's rows in the index on (organization_id, global_index),
     * read from the page's start. Written as {@code = ANY} and ordered by both columns on purpose: with
     * {@code organization_id = :organization}, PostgreSQL takes the column for a constant, orders by global_index alone,
     * and for a page (a LIMIT) may read the whole log in its primary key's order, dropping other organizations' rows until
     * the page is full; it assumes an organization's rows are spread evenly, where they sit together wherever the
     * organization was active, so a page cost what the log held before the organization's first event (16,101 rows read
     * for a page of 101 in a store of 10 organizations).
     */
    static final String ORDER = " ORDER BY organization_id, global_index";

    String where(Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" WHERE organization_id = ANY (ARRAY[CAST(:organization AS uuid)])");
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
