package io.tether.infrastructure.web;

/**
 * Read-your-writes over HTTP. A command's response carries {@value #POSITION}, the event store
 * position of the events it appended; a query that sends it back as {@value #MIN_POSITION} is
 * answered once the read model has processed that position (or after a bounded wait, marked
 * {@value #CONSISTENCY}{@code : stale}).
 */
public final class ConsistencyHeaders {

    public static final String POSITION = "Tether-Position";
    public static final String MIN_POSITION = "Tether-Min-Position";
    public static final String CONSISTENCY = "Tether-Consistency";

    private ConsistencyHeaders() {
    }
}
