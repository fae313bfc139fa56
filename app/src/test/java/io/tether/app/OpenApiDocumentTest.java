package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document covers every endpoint the controllers serve, passes an OpenAPI 3 parser and the
 * linter rules below, says truthfully which operations need a token, and is the committed
 * {@code docs/openapi.json}. After a change to the contract, regenerate that file with
 * {@code ./mvnw -B -pl app -am verify -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dtether.openapi.write=true}.
 */
class OpenApiDocumentTest extends EndToEndTest {

    static final Path COMMITTED = Path.of("..", "docs", "openapi.json").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-zA-Z0-9]+");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{[^}]+}");
    private static final String PROBLEM_JSON = "application/problem+json";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyControllerEndpoint_isInTheDocument_withItsMethod_andProblemResponses() {
        JsonNode paths = served().get("paths");
        List<String> missing = new ArrayList<>();
        Endpoints.served(mappings).forEach((endpoint, handler) -> {
            // springdoc's own endpoints (the document, the UI) are not part of the API they describe.
            if (!handler.getBeanType().getPackageName().startsWith("io.tether")) {
                return;
            }
            String[] methodAndPath = endpoint.split(" ", 2);
            JsonNode operation = paths.path(methodAndPath[1]).path(methodAndPath[0].toLowerCase(Locale.ROOT));
            if (operation.isMissingNode()) {
                missing.add(endpoint);
            } else if (!operation.path("responses").has("500")) {
                missing.add(endpoint + " (no problem responses)");
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void theDocument_isTheCommittedOne() throws IOException {
        JsonNode served = served();
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
        if (Boolean.getBoolean("tether.openapi.write")) {
            Files.writeString(COMMITTED, pretty, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(COMMITTED)).as(COMMITTED + " exists").isTrue();
        assertThat(JSON.readTree(Files.readString(COMMITTED, StandardCharsets.UTF_8)))
                .as("docs/openapi.json is the served document; after a change to the contract regenerate it with "
                        + "-Dtether.openapi.write=true (see this test's javadoc) and review the difference")
                .isEqualTo(served);
    }

    /**
     * Rules of the kind Redocly's and Spectral's recommended sets check (operation ids, summaries, tags, 2xx and
     * 4xx responses, unused components, no wildcard media types), and Tether's own: snake_case properties,
     * closed objects, problems on every error, roles on every operation that needs a token, nothing internal.
     */
    @Test
    void theDocument_passesTheLinterRules() {
        String raw = anonymous().get("/v3/api-docs").rawBody();
        var parsed = new OpenAPIV3Parser().readContents(raw);
        assertThat(parsed.getMessages()).as("what an OpenAPI 3 parser finds wrong with the document").isEmpty();
        JsonNode document = served();
        assertThat(document.get("openapi").asText()).startsWith("3.0");
        List<String> problems = new ArrayList<>();
        Set<String> declaredTags = new HashSet<>();
        document.path("tags").forEach(tag -> {
            declaredTags.add(tag.get("name").asText());
            if (tag.path("description").asText().isBlank()) {
                problems.add("tag " + tag.get("name") + " has no description");
            }
        });
        Set<String> operationIds = new HashSet<>();
        document.get("paths").fields().forEachRemaining(path -> {
            if (path.getKey().equals("/error") || path.getKey().startsWith("/actuator")) {
                problems.add(path.getKey() + " is not an operation of the API");
            }
            path.getValue().fields().forEachRemaining(entry -> {
                String where = entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                JsonNode operation = entry.getValue();
                String id = operation.path("operationId").asText();
                if (!CAMEL_CASE.matcher(id).matches() || id.matches(".*_\\d+$")) {
                    problems.add(where + ": operationId '" + id + "' is not a meaningful camelCase name");
                }
                if (!operationIds.add(id)) {
                    problems.add(where + ": operationId " + id + " is not unique");
                }
                if (operation.path("summary").asText().isBlank() || operation.path("description").asText().isBlank()) {
                    problems.add(where + ": no summary or description");
                }
                if (operation.path("tags").isEmpty()) {
                    problems.add(where + ": no tag");
                }
                operation.path("tags").forEach(tag -> {
                    if (!declaredTags.contains(tag.asText())) {
                        problems.add(where + ": tag " + tag + " is not declared");
                    }
                });
                operation.path("parameters").forEach(parameter -> {
                    if (parameter.path("name").asText().equalsIgnoreCase("caller")) {
                        problems.add(where + ": the internal caller argument is a parameter");
                    }
                });
                lintResponses(where, operation, problems);
                lintSecurity(where, operation, problems);
            });
        });
        lintSchemas(document, problems);
        Matcher media = Pattern.compile("\"\\*/\\*\"").matcher(raw);
        if (media.find()) {
            problems.add("a wildcard media type */* names no format");
        }
        assertThat(problems).as("what the linter rules find wrong with the document").isEmpty();
    }

    /**
     * The document says which operations need a token: each one asked without a token is refused as
     * unauthenticated, and each public one is not.
     */
    @Test
    void everyOperation_needsAToken_exactlyWhenTheDocumentSaysSo() {
        List<String> untruthful = new ArrayList<>();
        served().get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            String concretePath = PATH_VARIABLE.matcher(path.getKey()).replaceAll("00000000-0000-4000-8000-000000000000");
            HttpMethod method = HttpMethod.valueOf(entry.getKey().toUpperCase(Locale.ROOT));
            boolean needsToken = !entry.getValue().path("security").isEmpty();
            Api.Response response = anonymous().exchange(method, concretePath, null, Map.of());
            boolean refusedAsUnauthenticated = response.status() == 401
                    && response.body().path("code").asText().equals("unauthenticated");
            if (needsToken != refusedAsUnauthenticated) {
                untruthful.add(method + " " + path.getKey() + (needsToken ? " needs a token" : " is public")
                        + " says the document, but without a token it answered " + response);
            }
        }));
        assertThat(untruthful).isEmpty();
    }

    private static void lintResponses(String where, JsonNode operation, List<String> problems) {
        Set<String> statuses = new TreeSet<>();
        operation.path("responses").fieldNames().forEachRemaining(statuses::add);
        if (statuses.stream().noneMatch(status -> status.startsWith("2"))) {
            problems.add(where + ": no 2xx response");
        }
        if (statuses.stream().noneMatch(status -> status.startsWith("4"))) {
            problems.add(where + ": no 4xx response");
        }
        operation.path("responses").fields().forEachRemaining(response -> {
            boolean error = response.getKey().startsWith("4") || response.getKey().startsWith("5");
            JsonNode content = response.getValue().path("content");
            if (error && !content.has(PROBLEM_JSON) && !content.has("text/html")) {
                problems.add(where + ": " + response.getKey() + " is not a problem");
            }
            if (content.has(PROBLEM_JSON) && content.path(PROBLEM_JSON).findValues("enum").isEmpty()) {
                problems.add(where + ": " + response.getKey() + " names no problem code");
            }
            if (response.getValue().path("description").asText().isBlank()) {
                problems.add(where + ": " + response.getKey() + " has no description");
            }
        });
    }

    private static void lintSecurity(String where, JsonNode operation, List<String> problems) {
        if (!operation.has("security")) {
            problems.add(where + ": security is not stated");
        } else if (!operation.get("security").isEmpty() && operation.path("x-roles").isEmpty()) {
            problems.add(where + ": needs a token but names no roles (@AllowedRoles)");
        }
    }

    private static void lintSchemas(JsonNode document, List<String> problems) {
        String text = document.toString();
        document.path("components").path("schemas").fields().forEachRemaining(schema -> {
            if (!text.contains("\"#/components/schemas/" + schema.getKey() + "\"")) {
                problems.add("schema " + schema.getKey() + " is not used");
            }
            JsonNode properties = schema.getValue().path("properties");
            if (!properties.isEmpty() && !schema.getKey().equals("Problem")
                    && !schema.getValue().path("additionalProperties").isBoolean()) {
                problems.add("schema " + schema.getKey() + " does not say whether it is closed");
            }
            properties.fieldNames().forEachRemaining(name -> {
                if (!SNAKE_CASE.matcher(name).matches()) {
                    problems.add("schema " + schema.getKey() + ": property " + name + " is not snake_case");
                }
            });
        });
    }

    private JsonNode served() {
        Api.Response served = anonymous().get("/v3/api-docs");
        assertThat(served.status()).isEqualTo(200);
        return served.body();
    }
}
