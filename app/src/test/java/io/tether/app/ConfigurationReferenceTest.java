package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration reference ({@code docs/configuration.md}) is the operator's reference: its tables must name every property Tether
 * reads, each in a row of its own with its default and, where Tether maps one, its environment
 * variable. The properties come from what the code declares (the configuration metadata that Spring
 * Boot's processor writes for each {@code @ConfigurationProperties} record) and from the defaults
 * every Tether process loads ({@code tether-defaults.yml}); a property added without a row, or a row
 * left behind by a removed property, fails here.
 */
class ConfigurationReferenceTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_.\\-\\[\\]]+)` \\|([^|]*)\\|([^|]*)\\|([^|]*)\\|\\s*$");
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Za-z0-9_.\\-]+):(.*)}$");
    /**
     * Properties of Spring Boot and Axon that the reference documents without Tether declaring them, and the start
     * check's, which {@link StartCheck} reads from the environment after the context has started.
     */
    private static final List<String> OTHER_PROPERTIES_DOCUMENTED = List.of("server.port", "spring.datasource.url",
            "spring.datasource.username", "spring.datasource.password", "logging.structured.format.console",
            "axoniq.update-checker.disabled", "tether.start-check.timeout");

    /** Surefire runs in the module's directory, so the repository root is {@code ..}. */
    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    private static Map<String, Row> reference;

    @BeforeAll
    static void readTheReference() throws IOException {
        reference = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REFERENCE)) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                Row previous = reference.put(row.group(1), new Row(row.group(2).strip(), row.group(3).strip(), row.group(4).strip()));
                assertThat(previous).as("rows of docs/configuration.md for %s", row.group(1)).isNull();
            }
        }
        // The Vault settings have their own reference, docs/vault.md; a row there counts where docs/configuration.md has none.
        for (String line : Files.readAllLines(Path.of("..", "docs", "vault.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                reference.putIfAbsent(row.group(1), new Row(row.group(2).strip(), row.group(3).strip(), row.group(4).strip()));
            }
        }
    }

    @Test
    void everyPropertyTetherDeclares_hasARowWithItsDefault() throws IOException {
        Map<String, Expected> expected = declaredProperties();
        expected.putAll(defaultsFileProperties());

        List<String> problems = new ArrayList<>();
        expected.forEach((name, property) -> {
            Row row = reference.get(name);
            if (row == null) {
                problems.add("no row for `" + name + "` (default " + property.shownDefault() + ")");
                return;
            }
            if (row.description().isEmpty()) {
                problems.add("`" + name + "` says nothing of what it is for");
            }
            if (property.defaultValue() == null || property.defaultValue().isEmpty()) {
                if (row.defaultValue().isEmpty()) {
                    problems.add("`" + name + "` does not say what happens when it is unset");
                }
            } else if (!row.defaultValue().toLowerCase(Locale.ROOT).contains(property.defaultValue().toLowerCase(Locale.ROOT))) {
                problems.add("`" + name + "` shows default '" + row.defaultValue() + "', the code has '" + property.defaultValue() + "'");
            }
            if (property.environment() != null && !row.environment().contains(property.environment())) {
                problems.add("`" + name + "` does not name its variable " + property.environment());
            }
        });
        assertThat(problems).as("the tables of docs/configuration.md").isEmpty();
    }

    @Test
    void everyRowOfTheTable_isAPropertyThatExists() throws IOException {
        Map<String, Expected> known = declaredProperties();
        known.putAll(defaultsFileProperties());

        List<String> stale = reference.keySet().stream()
                .filter(name -> !known.containsKey(name) && !OTHER_PROPERTIES_DOCUMENTED.contains(name))
                .toList();

        assertThat(stale).as("rows of docs/configuration.md that no code reads").isEmpty();
    }

    /** Tether's own properties, as the configuration processor wrote them down from the records. */
    private static Map<String, Expected> declaredProperties() throws IOException {
        Map<String, Expected> properties = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (URL metadata : Collections.list(ConfigurationReferenceTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = metadata.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asText();
                    if (name.startsWith("tether.")) {
                        JsonNode defaultValue = property.path("defaultValue");
                        properties.put(name, new Expected(defaultValue.isMissingNode() || defaultValue.isNull() ? null
                                : defaultValue.isArray() ? String.join(",", json.convertValue(defaultValue, String[].class))
                                : defaultValue.asText(), null));
                    }
                }
            }
        }
        assertThat(properties).as("configuration metadata on the class path").containsKey("tether.data-dir");
        return properties;
    }

    /** Every setting of the defaults file, with the variable its placeholder names and the placeholder's default. */
    private static Map<String, Expected> defaultsFileProperties() throws IOException {
        try (InputStream in = ConfigurationReferenceTest.class.getResourceAsStream("/tether-defaults.yml")) {
            Map<String, Expected> properties = new TreeMap<>();
            for (Object document : new Yaml().loadAll(in)) {
                flatten("", document, properties);
            }
            return properties;
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, Expected> into) {
        if (node instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).forEach((key, value) ->
                    flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, into));
            return;
        }
        String value = String.valueOf(node);
        Matcher placeholder = PLACEHOLDER.matcher(value);
        if (!placeholder.matches()) {
            into.put(prefix, new Expected(value, null));
            return;
        }
        String variable = placeholder.group(1);
        into.put(prefix, new Expected(placeholder.group(2).startsWith("${") ? null : placeholder.group(2),
                variable.equals(variable.toUpperCase(Locale.ROOT)) ? variable : null));
    }

    private record Row(String environment, String defaultValue, String description) {
    }

    private record Expected(String defaultValue, String environment) {

        String shownDefault() {
            return defaultValue == null || defaultValue.isEmpty() ? "unset" : defaultValue;
        }
    }
}
