package io.tether.command.catalog;

import static io.tether.api.problem.ProblemCode.INVALID_SHAPE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpressionFactory;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.problem.FieldProblem;
import io.tether.api.problem.ProblemException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Checks credentials and config against the JSON Schemas of the {@link IntegrationCatalog}, all compiled
 * once at start-up, and says in the API's words what is wrong. Messages never quote a value.
 */
@Component
public class CredentialShapes {

    private static final String CREDENTIALS = "credentials";
    private static final String CONFIG = "config";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Shapes> shapesBySlug;

    public CredentialShapes() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .regularExpressionFactory(EcmaEndAnchors.FACTORY)
                .build();
        shapesBySlug = IntegrationCatalog.entries().stream().collect(Collectors.toUnmodifiableMap(
                CatalogEntry::slug,
                entry -> new Shapes(
                        Shape.compile(factory, config, entry.slug(), CREDENTIALS, entry.credentialsSchema()),
                        entry.configSchema() == null ? null
                                : Shape.compile(factory, config, entry.slug(), CONFIG, entry.configSchema()))));
    }

    /** @throws ProblemException {@code INVALID_SHAPE} naming each failing {@code credentials.<key>} */
    public void requireValidCredentials(CatalogEntry entry, Map<String, String> credentials) {
        JsonNode instance = JSON.valueToTree(credentials == null ? Map.of() : credentials);
        shapesOf(entry).credentials().require(instance);
    }

    /**
     * A missing config counts as an empty one, which passes unless the schema requires a field; an entry
     * without a config schema takes no config at all.
     *
     * @throws ProblemException {@code INVALID_SHAPE} naming each failing {@code config.<key>}
     */
    public void requireValidConfig(CatalogEntry entry, JsonNode config) {
        JsonNode instance = config == null || config.isNull() || config.isMissingNode() ? JSON.createObjectNode() : config;
        Shape shape = shapesOf(entry).config();
        if (shape == null) {
            if (!instance.isObject() || !instance.isEmpty()) {
                throw invalidShape(entry.slug(), CONFIG,
                        List.of(new FieldProblem(CONFIG, "must be left out: " + entry.slug() + " takes no config")));
            }
            return;
        }
        shape.require(instance);
    }

    /** The detail names the entry and the part, the errors each failing field and rule: never a value, so no secret reaches a log. */
    private static ProblemException invalidShape(String slug, String part, List<FieldProblem> violations) {
        return INVALID_SHAPE.exception("The " + part + (part.endsWith("s") ? " do" : " does") + " not have the shape "
                + slug + " needs.").withErrors(violations);
    }

    private Shapes shapesOf(CatalogEntry entry) {
        Shapes shapes = shapesBySlug.get(entry.slug());
        if (shapes == null) {
            throw new IllegalArgumentException(entry.slug() + " is not in the integration catalog");
        }
        return shapes;
    }

    private record Shapes(Shape credentials, Shape config) {
    }

    /** One compiled schema, with its JSON to look up descriptions and allowed fields for the messages. */
    private record Shape(String slug, String part, JsonNode schemaNode, JsonSchema schema) {

        static Shape compile(JsonSchemaFactory factory, SchemaValidatorsConfig config, String slug, String part,
                             String schemaText) {
            try {
                JsonNode node = JSON.readTree(schemaText);
                JsonSchema schema = factory.getSchema(node, config);
                // Now rather than at the first request: a schema with a broken pattern stops the start-up.
                schema.initializeValidators();
                return new Shape(slug, part, node, schema);
            } catch (JsonProcessingException | RuntimeException e) {
                throw new IllegalStateException("The " + part + " schema of " + slug + " does not compile", e);
            }
        }

        void require(JsonNode instance) {
            Set<ValidationMessage> messages = schema.validate(instance);
            if (messages.isEmpty()) {
                return;
            }
            List<FieldProblem> violations = messages.stream()
                    .map(this::violation)
                    .distinct()
                    .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
                    .toList();
            throw invalidShape(slug, part, violations);
        }

        private FieldProblem violation(ValidationMessage message) {
            String at = field(message.getInstanceLocation());
            Object[] arguments = message.getArguments() == null ? new Object[0] : message.getArguments();
            return switch (message.getType()) {
                case "required" -> new FieldProblem(at + "." + message.getProperty(), "is required");
                case "dependentRequired" -> new FieldProblem(at + "." + arguments[0],
                        "is required when " + arguments[1] + " is given");
                case "additionalProperties" -> new FieldProblem(at + "." + message.getProperty(),
                        "is not a field of " + slug + " " + part + "; it takes "
                                + String.join(", ", allowedFields(message)));
                case "pattern" -> new FieldProblem(at, "has the wrong format"
                        + describedAs(message).map(description -> ": " + description).orElse(""));
                case "maxLength" -> new FieldProblem(at, "must be at most " + message.getSchemaNode().asInt() + " characters");
                case "minLength" -> new FieldProblem(at, message.getSchemaNode().asInt() == 1 ? "must not be empty"
                        : "must be at least " + message.getSchemaNode().asInt() + " characters");
                case "maxItems" -> new FieldProblem(at, "must have at most " + message.getSchemaNode().asInt() + " items");
                case "type" -> new FieldProblem(at, "must be " + withArticle(message.getSchemaNode()));
                case "enum" -> new FieldProblem(at, "must be one of " + values(message.getSchemaNode()));
                case "uniqueItems" -> new FieldProblem(at, "must not repeat a value");
                default -> new FieldProblem(at, message.getError());
            };
        }

        /** {@code credentials.refresh_token}, {@code config.notify_on[1]}: the body's field, not a JSON path. */
        private String field(JsonNodePath location) {
            StringBuilder field = new StringBuilder(part);
            for (int i = 0; i < location.getNameCount(); i++) {
                Object element = location.getElement(i);
                field.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
            }
            return field.toString();
        }

        /** The schema object that holds the failing keyword, found by walking the evaluation path. */
        private JsonNode schemaHolding(ValidationMessage message) {
            JsonNodePath path = message.getEvaluationPath();
            JsonNode node = schemaNode;
            for (int i = 0; i < path.getNameCount() - 1 && node != null; i++) {
                Object element = path.getElement(i);
                node = element instanceof Integer index ? node.get(index) : node.get(element.toString());
            }
            return node == null ? JSON.missingNode() : node;
        }

        private Optional<String> describedAs(ValidationMessage message) {
            JsonNode description = schemaHolding(message).path("description");
            return description.isTextual() ? Optional.of(description.asText()) : Optional.empty();
        }

        private List<String> allowedFields(ValidationMessage message) {
            List<String> names = new ArrayList<>();
            schemaHolding(message).path("properties").fieldNames().forEachRemaining(names::add);
            return names;
        }

        private static String withArticle(JsonNode type) {
            String name = type.isTextual() ? type.asText() : values(type);
            return switch (name) {
                case "object", "array", "integer" -> "an " + name;
                case "null" -> "null";
                default -> "a " + name;
            };
        }

        private static String values(JsonNode array) {
            List<String> values = new ArrayList<>();
            array.elements().forEachRemaining(value -> values.add(value.asText()));
            return String.join(", ", values);
        }
    }

    /**
     * JSON Schema patterns are ECMA-262 regular expressions, where {@code $} matches only at the end of the
     * input; in Java it also matches before a final line break, so {@code "^xoxb-[a-z0-9-]+$"} would accept a
     * token with a pasted newline. Each {@code $} outside a character class is compiled as {@code \z}.
     */
    static final class EcmaEndAnchors {

        static final RegularExpressionFactory FACTORY = regex -> {
            Pattern pattern = Pattern.compile(endAnchored(regex));
            return value -> pattern.matcher(value).find();
        };

        static String endAnchored(String regex) {
            StringBuilder java = new StringBuilder(regex.length() + 4);
            boolean inClass = false;
            for (int i = 0; i < regex.length(); i++) {
                char c = regex.charAt(i);
                if (c == '\\' && i + 1 < regex.length()) {
                    java.append(c).append(regex.charAt(++i));
                } else if (c == '$' && !inClass) {
                    java.append("\\z");
                } else {
                    if (c == '[') {
                        inClass = true;
                    } else if (c == ']') {
                        inClass = false;
                    }
                    java.append(c);
                }
            }
            return java.toString();
        }
    }
}
