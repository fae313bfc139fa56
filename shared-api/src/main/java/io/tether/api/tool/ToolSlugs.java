package io.tether.api.tool;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Tools are named by their slug ({@code ppc-optimizer}); their aggregate id is a name-based UUID of
 * it, so that every node finds the same tool for the same slug without a lookup.
 */
public final class ToolSlugs {

    public static final String PATTERN = "[a-z0-9](-?[a-z0-9]){0,62}";
    public static final int DISPLAY_NAME_MAX_LENGTH = 100;
    public static final int MAX_REQUIRED_INTEGRATIONS = 20;

    private ToolSlugs() {
    }

    public static UUID toolIdOf(String slug) {
        return UUID.nameUUIDFromBytes(("tether-tool:" + slug).getBytes(StandardCharsets.UTF_8));
    }
}
