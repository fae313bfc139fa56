package io.tether.infrastructure.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON written one way only, whatever wrote it first: object keys sorted, no white space. What the hash
 * chain hashes and what a digest's signature covers.
 */
public final class CanonicalJson {

    static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private CanonicalJson() {
    }

    public static String of(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(MAPPER.treeToValue(tree, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write canonical JSON", e);
        }
    }

    public static byte[] bytes(JsonNode tree) {
        return of(tree).getBytes(StandardCharsets.UTF_8);
    }
}
