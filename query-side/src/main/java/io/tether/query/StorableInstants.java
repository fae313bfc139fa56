package io.tether.query;

import java.time.Instant;

/**
 * The instants a query may hand PostgreSQL: years 1 to 294276 (PostgreSQL stores nothing later, and before
 * year 1 the JDBC driver's calendar and PostgreSQL's disagree). Anything else in a filter or a cursor is the
 * client's mistake, a 400, not a database error.
 */
public final class StorableInstants {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("+294276-12-31T23:59:59.999999Z");

    private StorableInstants() {
    }

    public static boolean storable(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
