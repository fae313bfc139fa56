package io.tether.command.credentials;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_UNREADABLE;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** The bytes a cipher seals: the credentials as JSON, keys sorted. */
final class CredentialsJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> CREDENTIALS = new TypeReference<>() {
    };

    private CredentialsJson() {
    }

    static byte[] toBytes(Map<String, String> credentials) {
        try {
            return JSON.writeValueAsBytes(new TreeMap<>(credentials));
        } catch (IOException e) {
            throw new IllegalStateException("Credentials could not be serialized", e);
        }
    }

    static Map<String, String> fromBytes(byte[] plaintext) {
        try {
            return JSON.readValue(plaintext, CREDENTIALS);
        } catch (IOException e) {
            throw CREDENTIALS_UNREADABLE.exception("The opened credentials are not the JSON Tether sealed", e);
        }
    }
}
