package io.tether.query.admin;

public class ProjectionNotFoundException extends RuntimeException {

    public ProjectionNotFoundException(String name) {
        super("No projection named '" + name + "' runs in this process");
    }
}
