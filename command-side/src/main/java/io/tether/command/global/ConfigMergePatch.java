package io.tether.command.global;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON merge patch (RFC 7396) on a config object: null removes a member, objects merge, anything else replaces. */
final class ConfigMergePatch {

    private ConfigMergePatch() {
    }

    static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> merged = new LinkedHashMap<>(target);
        patch.forEach((name, value) -> {
            if (value == null) {
                merged.remove(name);
            } else if (value instanceof Map<?, ?> patchObject) {
                merged.put(name, apply(objectOrEmpty(merged.get(name)), asObject(patchObject)));
            } else {
                merged.put(name, value);
            }
        });
        return Collections.unmodifiableMap(merged);
    }

    private static Map<String, Object> objectOrEmpty(Object value) {
        return value instanceof Map<?, ?> object ? asObject(object) : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Map<?, ?> object) {
        // Config comes from JSON, so its object keys are strings.
        return (Map<String, Object>) object;
    }
}
