package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Every exchange the end-to-end tests make through {@link Api} checked against the OpenAPI document the
 * service serves, by Atlassian's swagger-request-validator (which Tether uses nowhere else). A response the
 * document does not describe (a status, a content type, a header, a field, a null, an unknown property)
 * fails the test that got it. A request the document refuses must be refused by the service too (4xx); what
 * such a refusal looks like is then the container's or the framework's, not one operation's.
 */
final class OpenApiContract {

    /** Headers of HTTP itself, and those Spring Security puts on every answer, which no operation declares. */
    private static final Set<String> UNDECLARED = caseInsensitive(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH,
            HttpHeaders.DATE, HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CONNECTION, "Keep-Alive", HttpHeaders.VARY,
            HttpHeaders.CACHE_CONTROL, HttpHeaders.PRAGMA, HttpHeaders.EXPIRES, "X-Content-Type-Options",
            "X-Frame-Options", "X-XSS-Protection", "Strict-Transport-Security", "Content-Security-Policy", "Referrer-Policy");
    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

    private static final LevelResolver LEVELS = LevelResolver.create()
            // The document closes every object itself (additionalProperties: false): the validator need not
            // inject that into the few that are open (config, problems).
            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
            // A body on an operation that takes none is ignored by the service, as HTTP allows.
            .withLevel("validation.request.body.unexpected", ValidationReport.Level.IGNORE)
            .build();

    /**
     * The served document of each client's application, and its validator. The all-in-one service, the command side
     * and the query side serve different documents, so an exchange is held to the document of the application that
     * answered it; applications serving the same document share one parse of it.
     */
    private static final Map<TestRestTemplate, Served> SERVED_BY_CLIENT = new WeakHashMap<>();
    private static final Map<String, Served> SERVED_BY_DOCUMENT = new HashMap<>();
    private static volatile Committed committed;

    private record Served(OpenApiInteractionValidator validator, JsonNode document) {
    }

    private OpenApiContract() {
    }

    static void check(TestRestTemplate http, HttpMethod method, String pathAndQuery, HttpHeaders requestHeaders,
                      String requestBody, Api.Response response) {
        if (method == HttpMethod.OPTIONS || method == HttpMethod.HEAD) {
            return; // CORS preflights and HEAD are the framework's, not operations of the API
        }
        UriComponents uri = UriComponentsBuilder.fromUriString(pathAndQuery).build();
        Request.Method validatorMethod = Request.Method.valueOf(method.name().toUpperCase(Locale.ROOT));
        SimpleRequest.Builder request = new SimpleRequest.Builder(validatorMethod, uri.getPath());
        uri.getQueryParams().forEach((name, values) -> request.withQueryParam(name, values));
        requestHeaders.forEach((name, values) -> request.withHeader(name, values));
        if (requestBody != null) {
            request.withBody(requestBody);
        }
        Served served = served(http);
        ValidationReport requestReport = served.validator().validateRequest(request.build());
        if (response.status() == 405) {
            return; // a method this node does not serve (the query side alone refuses writes): no operation to hold it to
        }
        if (requestReport.getMessages().stream().anyMatch(message -> message.getKey().equals("validation.request.path.missing"))) {
            return; // not an operation of the API: the document, the actuator, the pages; OpenApiDocumentTest covers every endpoint
        }
        if (requestReport.hasErrors()) {
            assertThat(response.status())
                    .as("%s %s is refused by the OpenAPI document, but the service answered it:%n%s", method, pathAndQuery,
                            SimpleValidationReportFormat.getInstance().apply(requestReport))
                    .isGreaterThanOrEqualTo(400);
            return;
        }
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.status());
        response.headers().forEach((name, values) -> answer.withHeader(name, values));
        if (response.rawBody() != null) {
            answer.withBody(response.rawBody());
        }
        ValidationReport report = served.validator().validateResponse(uri.getPath(), validatorMethod, answer.build());
        if (emptyStream(response)) {
            // An NDJSON export of an empty log is an empty body, which OpenAPI cannot say of a media type.
            report = ValidationReport.from(report.getMessages().stream()
                    .filter(message -> !message.getKey().equals("validation.response.body.missing")).toList());
        }
        if (report.hasErrors()) {
            throw new AssertionError("The answer to " + method + " " + pathAndQuery + " is not what the OpenAPI document says:\n"
                    + SimpleValidationReportFormat.getInstance().apply(report) + "\nThe answer: " + response);
        }
        List<String> undeclared = undeclaredHeaders(served.document(), uri.getPath(), method, response);
        if (!undeclared.isEmpty()) {
            throw new AssertionError("The answer to " + method + " " + pathAndQuery + " carries headers its response in the "
                    + "OpenAPI document does not declare: " + undeclared + "\nThe answer: " + response.status() + " "
                    + response.headers());
        }
    }

    /**
     * The headers of the answer that its response in the document does not declare, other than those of HTTP
     * itself and the ones Spring Security and CORS put on every answer ({@link #UNDECLARED}): the validator checks
     * the declared ones, never that an answer carries no other.
     */
    private static List<String> undeclaredHeaders(JsonNode document, String path, HttpMethod method, Api.Response response) {
        JsonNode operation = operation(document, path, method);
        if (operation == null) {
            return List.of();
        }
        JsonNode responses = operation.path("responses");
        JsonNode declared = responses.has(String.valueOf(response.status()))
                ? responses.get(String.valueOf(response.status())) : responses.path("default");
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        declared.path("headers").fieldNames().forEachRemaining(names::add);
        return response.headers().keySet().stream()
                .filter(name -> !names.contains(name))
                .filter(name -> !UNDECLARED.contains(name) && !name.regionMatches(true, 0, "Access-Control-", 0, 15))
                .sorted().toList();
    }

    /** The document's operation for this path and method: a literal path before one with variables. */
    private static JsonNode operation(JsonNode document, String path, HttpMethod method) {
        JsonNode best = null;
        int fewestVariables = Integer.MAX_VALUE;
        for (Map.Entry<String, JsonNode> template : (Iterable<Map.Entry<String, JsonNode>>) () -> document.get("paths").fields()) {
            Matcher variables = VARIABLE.matcher(template.getKey());
            int count = (int) variables.results().count();
            String regex = Arrays.stream(template.getKey().split("\\{[^}]+}", -1)).map(Pattern::quote)
                    .collect(Collectors.joining("[^/]+"));
            JsonNode operation = template.getValue().get(method.name().toLowerCase(Locale.ROOT));
            if (operation != null && path.matches(regex) && count < fewestVariables) {
                best = operation;
                fewestVariables = count;
            }
        }
        return best;
    }

    private static boolean emptyStream(Api.Response response) {
        String contentType = response.header(HttpHeaders.CONTENT_TYPE);
        return response.rawBody() == null && contentType != null && contentType.startsWith("application/x-ndjson");
    }

    /** The document the client's application serves, read once per client, parsed once per document. */
    private static Served served(TestRestTemplate http) {
        synchronized (SERVED_BY_CLIENT) {
            Served known = SERVED_BY_CLIENT.get(http);
            if (known != null) {
                return known;
            }
        }
        String text = http.getForObject("/v3/api-docs", String.class);
        Served served;
        synchronized (SERVED_BY_DOCUMENT) {
            served = SERVED_BY_DOCUMENT.get(text);
            if (served == null) {
                try {
                    served = new Served(OpenApiInteractionValidator.createForInlineApiSpecification(text)
                            .withLevelResolver(LEVELS)
                            .build(), new ObjectMapper().readTree(text));
                } catch (JsonProcessingException e) {
                    throw new AssertionError("The served document is not JSON", e);
                }
                SERVED_BY_DOCUMENT.put(text, served);
            }
        }
        synchronized (SERVED_BY_CLIENT) {
            SERVED_BY_CLIENT.put(http, served);
        }
        return served;
    }

    /**
     * What {@code json} breaks of {@code schema}, a schema of the committed docs/openapi.json (which
     * OpenApiDocumentTest holds to the served document), by the same validator and rules as the exchanges.
     */
    static ValidationReport checkAgainst(Schema<?> schema, String json) {
        return committed().schemas().validate(json, schema, null);
    }

    /** The committed document, parsed, with a validator of values against its schemas. */
    static Committed committed() {
        if (committed == null) {
            synchronized (OpenApiContract.class) {
                if (committed == null) {
                    ParseOptions options = new ParseOptions();
                    options.setResolve(true);
                    OpenAPI api = new OpenAPIV3Parser().read(OpenApiDocumentTest.COMMITTED.toString(), null, options);
                    committed = new Committed(api, new SchemaValidator(api, new MessageResolver(LEVELS)));
                }
            }
        }
        return committed;
    }

    record Committed(OpenAPI api, SchemaValidator schemas) {
    }

    /** The body schema of a notice type in the committed document's x-webhooks (null if it has none). */
    static Schema<?> webhookBodySchema(String noticeType) {
        Object webhooks = committed().api().getExtensions() == null ? null : committed().api().getExtensions().get("x-webhooks");
        JsonNode schema = new ObjectMapper().valueToTree(webhooks).path(noticeType).path("post").path("requestBody")
                .path("content").path("application/json").path("schema");
        return schema.isMissingNode() ? null : Json.mapper().convertValue(schema, Schema.class);
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
