package io.tether.query.admin;

public class ProjectionNotReplayableException extends RuntimeException {

    public ProjectionNotReplayableException(String name) {
        super("Projection '" + name + "' cannot be replayed: none of its handlers supports a reset");
    }
}
