package io.tether.command.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The notices Tether sends, in the OpenAPI document as {@value #EXTENSION}: one entry per {@link NoticeType},
 * a POST to the subscriber's endpoint with the Standard Webhooks headers and the body schema of that type, taken
 * from {@value #SCHEMAS} (the JSON Schema that the tests hold every delivered notice to: one definition).
 *
 * <p>The document is OpenAPI 3.0, whose top-level {@code webhooks} does not exist: the request validator of the
 * end-to-end tests reads 3.0 only (docs/api.md says why it stays). So the entries are the vendor extension
 * {@code x-webhooks} (the same shape as 3.1's {@code webhooks}, read by Redocly), and each JSON Schema 2020-12 is
 * written in 3.0's dialect: {@code type: [T, "null"]} as {@code nullable}, {@code const} as a one-value
 * {@code enum}, an enum's type written out, {@code $defs} references inlined.
 */
@Component
class NoticeWebhooks implements OpenApiCustomizer {

    static final String EXTENSION = "x-webhooks";
    static final String SCHEMAS = "notices/notices.schema.json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DEFS_REF = "#/$defs/";

    private final ObjectNode webhooks;

    NoticeWebhooks(ObjectMapper json) {
        JsonNode schemas = read(json);
        this.webhooks = NODES.objectNode();
        for (NoticeType type : NoticeType.values()) {
            JsonNode schema = schemas.path("$defs").get(type.wireName());
            if (schema == null) {
                throw new IllegalStateException(SCHEMAS + " has no schema for the notice type " + type.wireName());
            }
            webhooks.set(type.wireName(), entry(type, openApi30(schema, schemas.path("$defs"))));
        }
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.addExtension(EXTENSION, webhooks);
    }

    private static ObjectNode entry(NoticeType type, JsonNode schema) {
        ObjectNode post = NODES.objectNode();
        post.put("operationId", "notice" + camel(type.wireName()));
        post.put("summary", "The " + type.wireName() + " notice");
        post.put("description", "Sent to each enabled endpoint of the organization that subscribed to " + type.wireName()
                + " (or to every type), and to platform-wide endpoints; signed with the endpoint's signing secret as "
                + "Standard Webhooks specify. A Slack channel endpoint receives the same notice as a Slack message.");
        post.putArray("tags").add("notice-endpoints");
        post.putArray("security");
        ArrayNode parameters = post.putArray("parameters");
        parameters.add(header("webhook-id", "The notice's id: the same for every attempt and replay of it; a receiver "
                + "that has it already has the notice", NODES.objectNode().put("type", "string")));
        parameters.add(header("webhook-timestamp", "When this attempt was signed, in seconds since the epoch",
                NODES.objectNode().put("type", "string").put("pattern", "^[0-9]+$")));
        parameters.add(header("webhook-signature", "v1, and the base64 of the HMAC-SHA256 of \"<webhook-id>.<webhook-timestamp>."
                + "<body>\" under the signing secret; while a rotated secret is still honoured, one signature per secret, "
                + "separated by spaces", NODES.objectNode().put("type", "string").put("pattern", "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$")));
        ObjectNode body = post.putObject("requestBody");
        body.put("required", true);
        body.putObject("content").putObject("application/json").set("schema", schema);
        ObjectNode responses = post.putObject("responses");
        responses.putObject("2XX").put("description", "Received: the delivery is done");
        responses.putObject("410").put("description", "Gone: Tether disables the endpoint and tells the organization's other "
                + "endpoints (endpoint.disabled)");
        responses.putObject("default").put("description", "Any other answer, or none within the timeout: the attempt failed "
                + "and is retried on the schedule of docs/notices.md");
        ObjectNode item = NODES.objectNode();
        item.set("post", post);
        return item;
    }

    private static ObjectNode header(String name, String description, ObjectNode schema) {
        ObjectNode parameter = NODES.objectNode();
        parameter.put("name", name);
        parameter.put("in", "header");
        parameter.put("required", true);
        parameter.put("description", description);
        parameter.set("schema", schema);
        return parameter;
    }

    /** A JSON Schema 2020-12 of the notices file in OpenAPI 3.0's dialect, its references to {@code $defs} inlined. */
    static JsonNode openApi30(JsonNode schema, JsonNode defs) {
        if (schema.isArray()) {
            ArrayNode items = NODES.arrayNode();
            schema.forEach(item -> items.add(openApi30(item, defs)));
            return items;
        }
        if (!schema.isObject()) {
            return schema;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith(DEFS_REF) || !defs.has(ref.substring(DEFS_REF.length()))) {
                throw new IllegalStateException(SCHEMAS + " refers to " + ref + ", which it does not define");
            }
            return openApi30(defs.get(ref.substring(DEFS_REF.length())), defs);
        }
        ObjectNode converted = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            switch (field.getKey()) {
                case "$schema", "$id", "$defs" -> {
                }
                case "type" -> type(field.getValue(), converted);
                case "const" -> converted.putArray("enum").add(field.getValue());
                // 3.0 has no contentEncoding: its base64 string is the format byte
                case "contentEncoding" -> {
                    if (!field.getValue().asText().equals("base64")) {
                        throw new IllegalStateException(SCHEMAS + " uses contentEncoding " + field.getValue() + ", which 3.0 cannot say");
                    }
                    converted.put("format", "byte");
                }
                case "properties" -> {
                    ObjectNode properties = converted.putObject("properties");
                    field.getValue().fields().forEachRemaining(property ->
                            properties.set(property.getKey(), openApi30(property.getValue(), defs)));
                }
                default -> converted.set(field.getKey(), openApi30(field.getValue(), defs));
            }
        }
        if (converted.has("enum") && !converted.has("type")) {
            // 3.0 reads a schema without a type as an object: an enum's values name it.
            converted.put("type", converted.get("enum").get(0).isBoolean() ? "boolean" : "string");
        }
        return converted;
    }

    private static void type(JsonNode type, ObjectNode converted) {
        if (!type.isArray()) {
            converted.set("type", type);
            return;
        }
        List<String> types = new ArrayList<>();
        type.forEach(each -> types.add(each.asText()));
        if (types.remove("null")) {
            converted.put("nullable", true);
        }
        if (types.size() == 1) {
            converted.put("type", types.get(0));
        }
    }

    private static String camel(String wireName) {
        StringBuilder name = new StringBuilder();
        for (String word : wireName.split("[._]")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.toString();
    }

    private static JsonNode read(ObjectMapper json) {
        try (InputStream in = NoticeWebhooks.class.getClassLoader().getResourceAsStream(SCHEMAS)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMAS + " is not on the class path");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
