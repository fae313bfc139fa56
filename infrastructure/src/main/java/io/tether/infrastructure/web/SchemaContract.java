package io.tether.infrastructure.web;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The schemas as strict as the service (and the tags in a stable order): every object the service reads or writes is closed
 * ({@code additionalProperties: false}; it refuses unknown fields, and writes no others), and every
 * property of an answer is required, since the service always writes each one (null where it is
 * nullable). The problem schema, added here after generation (which would replace it), stays open:
 * a problem may carry more members ({@code status_now}, {@code known_services}…).
 */
final class SchemaContract implements OpenApiCustomizer {

    private static final String PROBLEM = "Problem";
    private static final String REF_PREFIX = "#/components/schemas/";

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Set<String> answered = answeredSchemas(openApi, schemas);
        schemas.forEach((name, schema) -> {
            if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
                return;
            }
            if (schema.getAdditionalProperties() == null) {
                schema.setAdditionalProperties(false);
            }
            if (answered.contains(name)) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            }
            ((Map<String, Schema>) schema.getProperties()).values().forEach(SchemaContract::anyValues);
            ((Map<String, Schema>) schema.getProperties()).replaceAll((property, value) -> nullableCopy(value, schemas));
        });
        openApi.getComponents().addSchemas(PROBLEM, problem());
        dropCopiedSchemasNoLongerReferenced(openApi, schemas);
        if (openApi.getTags() != null) {
            // In the order of their names, not of the controllers' discovery: docs/openapi.json stays put.
            openApi.getTags().sort(Comparator.comparing(Tag::getName));
        }
    }

    /** The schemas a nullable copy took the place of somewhere (see below). */
    private final Set<String> copied = new HashSet<>();

    /**
     * A schema whose every reference a nullable copy replaced is left unused: dropped, so that the document
     * names no type a client would generate for nothing.
     */
    @SuppressWarnings("rawtypes")
    private void dropCopiedSchemasNoLongerReferenced(OpenAPI openApi, Map<String, Schema> schemas) {
        String document;
        try {
            document = Json.mapper().writeValueAsString(openApi);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("The OpenAPI document cannot be written", e);
        }
        copied.removeIf(name -> document.contains("\"" + REF_PREFIX + name + "\""));
        copied.forEach(schemas::remove);
        copied.clear();
    }

    /**
     * A nullable reference ({@code nullable} beside {@code allOf: [$ref]}) is not read as nullable by every
     * validator: the referenced schema is copied in its place, nullable (and an enum then lists null too).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private Schema nullableCopy(Schema property, Map<String, Schema> schemas) {
        if (!Boolean.TRUE.equals(property.getNullable()) || property.getAllOf() == null || property.getAllOf().size() != 1
                || ((Schema) property.getAllOf().get(0)).get$ref() == null) {
            return property;
        }
        String name = ((Schema) property.getAllOf().get(0)).get$ref().substring(REF_PREFIX.length());
        Schema copy = Json.mapper().convertValue(schemas.get(name), Schema.class);
        copied.add(name);
        copy.setNullable(true);
        if (copy.getEnum() != null) {
            copy.addEnumItemObject(null);
        }
        if (property.getDescription() != null) {
            copy.setDescription(property.getDescription());
        }
        return copy;
    }

    /**
     * A {@code Map<String, Object>} (a config) holds any JSON values, where swagger would say objects only.
     */
    @SuppressWarnings("rawtypes")
    private static void anyValues(Schema property) {
        if (property.getAdditionalProperties() instanceof Schema values && values.get$ref() == null
                && "object".equals(values.getType()) && values.getProperties() == null) {
            property.setAdditionalProperties(true);
        }
    }

    /** The component schemas that 2xx answers use, directly or through other schemas. */
    @SuppressWarnings("rawtypes")
    private static Set<String> answeredSchemas(OpenAPI openApi, Map<String, Schema> schemas) {
        Deque<Schema> toVisit = new ArrayDeque<>();
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            if (operation.getResponses() != null) {
                operation.getResponses().forEach((status, response) -> {
                    if (status.startsWith("2") && response.getContent() != null) {
                        response.getContent().values().forEach(media -> {
                            if (media.getSchema() != null) {
                                toVisit.add(media.getSchema());
                            }
                        });
                    }
                });
            }
        }));
        Set<String> answered = new HashSet<>();
        while (!toVisit.isEmpty()) {
            Schema schema = toVisit.pop();
            if (schema.get$ref() != null) {
                String name = schema.get$ref().substring(REF_PREFIX.length());
                if (answered.add(name) && schemas.containsKey(name)) {
                    toVisit.add(schemas.get(name));
                }
                continue;
            }
            if (schema.getProperties() != null) {
                toVisit.addAll(((Map<String, Schema>) schema.getProperties()).values());
            }
            if (schema.getItems() != null) {
                toVisit.add(schema.getItems());
            }
            if (schema.getAllOf() != null) {
                toVisit.addAll((List<Schema>) schema.getAllOf());
            }
            if (schema.getAdditionalProperties() instanceof Schema values) {
                toVisit.add(values);
            }
        }
        return answered;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problem() {
        Schema fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().example("account_name"))
                .addProperty("message", new StringSchema().example("must not be blank"))
                .required(List.of("field", "message"));
        fieldError.setAdditionalProperties(false);
        Schema problem = new ObjectSchema()
                .description("RFC 9457 problem details with Tether's stable code; each operation names its codes")
                .addProperty("type", new StringSchema().example("urn:tether:problem:validation_failed"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().example("validation_failed"))
                .addProperty("errors", new ArraySchema().items(fieldError))
                .required(List.of("type", "title", "status", "code"));
        problem.setAdditionalProperties(true);
        return problem;
    }
}
