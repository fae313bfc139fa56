package io.tether.query.tool;

/** No tool has this slug. */
public class ToolNotFoundException extends RuntimeException {

    public ToolNotFoundException(String slug) {
        super("Tool " + slug + " does not exist");
    }
}
