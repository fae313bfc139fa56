package io.tether.query;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A page of one organization's live rows of a read model table, in (created_at, id) order, with the
 * {@link PageCursor} of the next page: the paging every list query shares. Filters are equalities,
 * each left out when its value is {@code null}.
 */
public final class Listing {

    /** A page, and the cursor of the next one ({@code null} on the last page). */
    public record Page<V>(List<V> items, String nextCursor) {
    }

    private final String table;
    private final StringBuilder sql;
    private final Map<String, Object> params = new HashMap<>();

    private Listing(String table, UUID organizationId) {
        this.table = table;
        this.sql = new StringBuilder("SELECT * FROM " + table + " WHERE organization_id = :organizationId AND NOT deleted");
        params.put("organizationId", organizationId);
    }

    public static Listing of(String table, UUID organizationId) {
        return new Listing(table, organizationId);
    }

    /** Only rows whose column holds the value (an enum's name); no filter when the value is {@code null}. */
    public Listing where(String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(column);
            params.put(column, value instanceof Enum<?> constant ? constant.name() : value);
        }
        return this;
    }

    /**
     * The page after the cursor ({@code null}: the first page). One more row than asked for is read, so
     * that the page knows whether another follows; its cursor is made from its last row by {@code cursorOf}.
     *
     * @throws io.tether.api.problem.ProblemException {@code INVALID_CURSOR} when the cursor is not one this service handed out
     */
    public <V> Page<V> page(JdbcClient jdbc, int limit, String cursor, RowMapper<V> rows, Function<V, PageCursor> cursorOf) {
        if (cursor != null) {
            PageCursor after = PageCursor.decode(cursor);
            if (after.createdAt() == null) {
                sql.append(" AND (created_at, id) > (SELECT last.created_at, last.id FROM ").append(table)
                        .append(" last WHERE last.id = :afterId AND last.organization_id = :organizationId)");
            } else {
                sql.append(" AND (created_at, id) > (:afterCreatedAt, :afterId)");
                params.put("afterCreatedAt", Timestamp.from(after.createdAt()));
            }
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY created_at, id LIMIT :limit");
        params.put("limit", limit + 1);
        List<V> found = jdbc.sql(sql.toString()).params(params).query(rows).list();
        if (found.size() <= limit) {
            return new Page<>(found, null);
        }
        List<V> page = List.copyOf(found.subList(0, limit));
        return new Page<>(page, cursorOf.apply(page.get(page.size() - 1)).encode());
    }
}
