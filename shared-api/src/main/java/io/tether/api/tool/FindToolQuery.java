package io.tether.api.tool;

/** One tool; answered with an optional {@link ToolView}. */
public record FindToolQuery(String slug) {
}
