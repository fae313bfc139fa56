package io.tether.web.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.catalog.CatalogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * One part of a connect form read from one of the catalog's JSON Schemas of an entry: its credentials, or its
 * (non-secret) config. One field per property: its label (the schema's title, or its name in words), its hint (the
 * description), whether it is required, and how it is entered: a text box (a password box for a credential whose
 * name says it is a secret) or, for an array of enumerated values, a group of checkboxes. The form's parameters are
 * the API's field names, {@code credentials.<name>} and {@code config.<name>}, so the API's field errors find their
 * fields. Credentials are never shown again (they are secrets); config values are.
 */
record SchemaFields(String part, List<Field> fields) {

    static final String CREDENTIALS = "credentials";
    static final String CONFIG = "config";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SECRET_WORDS = Set.of("secret", "token", "key", "password");
    private static final Map<String, String> WORDS = Map.of("id", "ID", "api", "API", "url", "URL", "oauth", "OAuth");

    /**
     * One property as a form field; {@code options} are an array's allowed values (checkboxes), {@code values} what
     * was entered (never a credential), {@code error} the API's word on it, or null.
     */
    record Field(String part, String name, String label, String hint, boolean required, String inputType,
                 List<Option> options, List<String> values, String error) {

        public String id() {
            return part + "-" + name;
        }

        /** The request parameter, which is also the API's name of the field: {@code config.site_url}. */
        public String parameter() {
            return part + "." + name;
        }

        public boolean choices() {
            return !options.isEmpty();
        }

        /** What a text box shows again: a config value, never a credential. */
        public String value() {
            return values.isEmpty() ? null : values.get(0);
        }

        public boolean checked(String option) {
            return values.contains(option);
        }

        /** The hint's and the error's ids, for {@code aria-describedby}; null when there is neither. */
        public String describedBy() {
            String ids = ((hint == null ? "" : id() + "-hint ") + (error == null ? "" : id() + "-error")).strip();
            return ids.isEmpty() ? null : ids;
        }

        Field withValues(List<String> entered) {
            return new Field(part, name, label, hint, required, inputType, options, List.copyOf(entered), error);
        }

        Field withError(String message) {
            return new Field(part, name, label, hint, required, inputType, options, values, message);
        }
    }

    /** One allowed value of an array: the value sent, and its label. */
    record Option(String value, String label) {

        public String id(Field field) {
            return field.id() + "-" + value;
        }
    }

    static SchemaFields credentials(CatalogEntry entry) {
        return of(CREDENTIALS, entry.slug(), entry.credentialsSchema());
    }

    /** The entry's config fields; none when it takes no config. */
    static SchemaFields config(CatalogEntry entry) {
        return entry.takesConfig() ? of(CONFIG, entry.slug(), entry.configSchema()) : new SchemaFields(CONFIG, List.of());
    }

    static SchemaFields none(String part) {
        return new SchemaFields(part, List.of());
    }

    private static SchemaFields of(String part, String slug, String schemaText) {
        JsonNode schema;
        try {
            schema = JSON.readTree(schemaText);
        } catch (IOException e) {
            throw new UncheckedIOException("The catalog's " + part + " schema of " + slug + " is not JSON", e);
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
            List<Option> options = new ArrayList<>();
            String type = definition.path("type").asText();
            if (type.equals("array") && definition.path("items").path("enum").isArray()) {
                definition.path("items").path("enum").forEach(value -> options.add(new Option(value.asText(),
                        words(value.asText()))));
            } else if (!type.equals("string")) {
                throw new IllegalStateException("The connect page has no field for " + slug + "'s " + part + " "
                        + name + " of type " + type + ": only strings and arrays of enumerated strings");
            }
            fields.add(new Field(part, name, label, hint, required.contains(name), inputType(part, name, definition),
                    List.copyOf(options), List.of(), null));
        }
        return new SchemaFields(part, List.copyOf(fields));
    }

    /** The part as the API takes it: each field's value, arrays as lists; a field left empty is left out. */
    Map<String, Object> submitted(MultiValueMap<String, String> parameters) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : fields) {
            List<String> entered = entered(field, parameters);
            if (field.choices() && !entered.isEmpty()) {
                values.put(field.name(), entered);
            } else if (!field.choices() && !entered.isEmpty()) {
                values.put(field.name(), entered.get(0));
            }
        }
        return values;
    }

    /** The credentials as the API takes them: strings only. */
    Map<String, String> submittedStrings(MultiValueMap<String, String> parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        submitted(parameters).forEach((name, value) -> values.put(name, value.toString()));
        return values;
    }

    /** The fields showing what was entered: for the config only, since credentials are never shown again. */
    SchemaFields withValues(MultiValueMap<String, String> parameters) {
        if (part.equals(CREDENTIALS)) {
            return this;
        }
        return new SchemaFields(part, fields.stream().map(field -> field.withValues(entered(field, parameters))).toList());
    }

    /** The fields showing the values stored (a global integration's config): strings, and lists of strings. */
    SchemaFields withValues(Map<String, Object> stored) {
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        (stored == null ? Map.<String, Object>of() : stored).forEach((name, value) -> {
            if (value instanceof List<?> values) {
                values.forEach(element -> parameters.add(part + "." + name, String.valueOf(element)));
            } else if (value != null) {
                parameters.add(part + "." + name, String.valueOf(value));
            }
        });
        return withValues(parameters);
    }

    /**
     * Takes the errors that name a field of this part ({@code config.site_url}, {@code config.notify_on[1]}) out of
     * {@code errors} and puts them beside their fields.
     */
    SchemaFields withErrorsFrom(Map<String, String> errors) {
        List<Field> placed = new ArrayList<>();
        for (Field field : fields) {
            String message = null;
            for (Iterator<Map.Entry<String, String>> error = errors.entrySet().iterator(); error.hasNext(); ) {
                Map.Entry<String, String> named = error.next();
                String key = named.getKey();
                if (key.equals(field.parameter()) || key.startsWith(field.parameter() + "[")) {
                    message = message == null ? named.getValue() : message;
                    error.remove();
                }
            }
            placed.add(message == null ? field : field.withError(message));
        }
        return new SchemaFields(part, List.copyOf(placed));
    }

    /** The same error beside each required field left without one: the part as a whole was refused. */
    SchemaFields withErrorOnRequired(String message) {
        return new SchemaFields(part, fields.stream()
                .map(field -> field.required() && field.error() == null ? field.withError(message) : field)
                .toList());
    }

    private static List<String> entered(Field field, MultiValueMap<String, String> parameters) {
        List<String> entered = parameters.getOrDefault(field.parameter(), List.of());
        return entered.stream().filter(value -> value != null && !value.isEmpty()).toList();
    }

    private static String inputType(String part, String name, JsonNode definition) {
        String format = definition.path("format").asText();
        if (format.equals("email") || name.equals("email")) {
            return "email";
        }
        List<String> words = List.of(name.toLowerCase(Locale.ROOT).split("_"));
        if (part.equals(CREDENTIALS) && words.stream().anyMatch(SECRET_WORDS::contains)) {
            return "password";
        }
        if (format.equals("uri") || words.get(words.size() - 1).equals("url")) {
            return "url";
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
