package io.tether.query.admin;

/** A replay resets every segment's token, which only works while no other node holds a claim on one. */
public class ProjectionClaimedElsewhereException extends RuntimeException {

    public ProjectionClaimedElsewhereException(String name, Throwable cause) {
        super("Projection '" + name + "' is being processed by another node; stop the projection there"
                + " (or leave one query node running), then replay it", cause);
    }
}
