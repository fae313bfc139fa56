package io.tether.web.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.catalog.CatalogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A connect form's credential fields, read from the catalog's JSON Schema of the entry's credentials: one field per
 * property, its label (the schema's title, or its name in words), its hint (the description), whether it is
 * required, and whether the browser should hide what is typed. Values are never shown again: they are secrets.
 */
record CredentialForm(List<Field> fields) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SECRET_WORDS = Set.of("secret", "token", "key", "password");
    private static final Map<String, String> WORDS = Map.of("id", "ID", "api", "API", "url", "URL", "oauth", "OAuth");

    /** One credential as a form field; {@code error} is the API's word on it, or null. */
    record Field(String name, String label, String hint, boolean required, String inputType, String error) {

        public String id() {
            return "credentials-" + name;
        }

        /** The hint's and the error's ids, for {@code aria-describedby}; null when there is neither. */
        public String describedBy() {
            String ids = ((hint == null ? "" : id() + "-hint ") + (error == null ? "" : id() + "-error")).strip();
            return ids.isEmpty() ? null : ids;
        }

        Field withError(String message) {
            return new Field(name, label, hint, required, inputType, message);
        }
    }

    static CredentialForm of(CatalogEntry entry) {
        JsonNode schema;
        try {
            schema = JSON.readTree(entry.credentialsSchema());
        } catch (IOException e) {
            throw new UncheckedIOException("The catalog's credentials schema of " + entry.slug() + " is not JSON", e);
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        List<Field> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = property.getKey();
            JsonNode definition = property.getValue();
            String label = definition.hasNonNull("title") ? definition.get("title").asText() : words(name);
            String hint = definition.hasNonNull("description") ? definition.get("description").asText() : null;
            fields.add(new Field(name, label, hint, required.contains(name), inputType(name, definition), null));
        }
        return new CredentialForm(List.copyOf(fields));
    }

    CredentialForm withErrors(Map<String, String> errorsByName) {
        return new CredentialForm(fields.stream()
                .map(field -> errorsByName.containsKey(field.name()) ? field.withError(errorsByName.get(field.name())) : field)
                .toList());
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    private static String inputType(String name, JsonNode definition) {
        if ("email".equals(definition.path("format").asText())) {
            return "email";
        }
        for (String word : name.toLowerCase(Locale.ROOT).split("_")) {
            if (SECRET_WORDS.contains(word)) {
                return "password";
            }
        }
        return "text";
    }

    /** {@code client_id} → "Client ID". */
    static String words(String name) {
        List<String> words = new ArrayList<>();
        for (String word : name.split("_")) {
            String known = WORDS.get(word.toLowerCase(Locale.ROOT));
            words.add(known != null ? known : word.toLowerCase(Locale.ROOT));
        }
        String text = String.join(" ", words);
        return text.isEmpty() ? name : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
