package io.tether.web;

/**
 * The two areas of pages, each entered by its own one-time link: a session of one never opens the other.
 * A signed-in page session carries the area's authority beside the caller's roles.
 */
public enum PageArea {
    /** The hosted connect page, {@code /connect}, opened from a connect session's token. */
    CONNECT("/connect"),
    /** The console, {@code /console}, opened from a console session's link or through the OpenID provider. */
    CONSOLE("/console");

    private final String path;

    PageArea(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** The authority a page session of this area holds, checked by {@link PageSecurity} for the area's paths. */
    public String authority() {
        return "PAGE_" + name();
    }
}
