package io.tether.infrastructure.web;

import java.io.Serializable;
import java.util.Objects;

/**
 * The person a page acts for, as the platform that opened the page named them (a hosted connect page's end user).
 * Kept in the page's session under {@link #SESSION_ATTRIBUTE}; {@link RequestMetadata} adds it to every command the
 * page sends, so the audit log says for whom the session's creator acted.
 */
public record EndUser(String id, String displayName) implements Serializable {

    public static final String SESSION_ATTRIBUTE = "tether.end-user";

    public EndUser {
        Objects.requireNonNull(id, "id");
    }
}
