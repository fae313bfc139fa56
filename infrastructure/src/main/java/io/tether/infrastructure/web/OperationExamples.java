package io.tether.infrastructure.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The request and response examples of the main operations (the README's walkthrough), written once in
 * {@value #RESOURCE}: operationId → {@code request} (the body sent) and status → the body answered. Each
 * becomes the {@code example} of every media type of that body, so a generator, Swagger UI or a linter sees
 * it; a test validates each one against its own schema, so an example cannot drift from the contract. An
 * operation this node does not serve (the query side alone has no commands) is left out.
 */
final class OperationExamples implements OpenApiCustomizer {

    static final String RESOURCE = "openapi/examples.json";
    static final String REQUEST = "request";

    private final Map<String, Map<String, Object>> examples;

    OperationExamples() {
        this.examples = load();
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().stream()
                .flatMap(path -> path.readOperationsMap().values().stream())
                .forEach(this::exemplify);
    }

    private void exemplify(Operation operation) {
        Map<String, Object> bodies = examples.get(operation.getOperationId());
        if (bodies == null) {
            return;
        }
        bodies.forEach((key, body) -> {
            if (key.equals(REQUEST)) {
                exemplify(operation.getRequestBody() == null ? null : operation.getRequestBody().getContent(), body);
                return;
            }
            ApiResponse response = operation.getResponses() == null ? null : operation.getResponses().get(key);
            exemplify(response == null ? null : response.getContent(), body);
        });
    }

    private static void exemplify(Content content, Object body) {
        if (content != null) {
            content.values().forEach(mediaType -> mediaType.setExample(body));
        }
    }

    static Map<String, Map<String, Object>> load() {
        try (InputStream in = OperationExamples.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new ObjectMapper().readValue(in, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
