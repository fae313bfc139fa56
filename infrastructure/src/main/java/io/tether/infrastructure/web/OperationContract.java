package io.tether.infrastructure.web;

import static io.tether.api.problem.ProblemCode.DATABASE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.FORBIDDEN;
import static io.tether.api.problem.ProblemCode.IDENTITY_PROVIDER_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.INTERNAL_ERROR;
import static io.tether.api.problem.ProblemCode.INVALID_PARAMETER;
import static io.tether.api.problem.ProblemCode.JSON_TOO_COMPLEX;
import static io.tether.api.problem.ProblemCode.MALFORMED_BODY;
import static io.tether.api.problem.ProblemCode.PAYLOAD_TOO_LARGE;
import static io.tether.api.problem.ProblemCode.RATE_LIMITED;
import static io.tether.api.problem.ProblemCode.REQUEST_REJECTED;
import static io.tether.api.problem.ProblemCode.UNAUTHENTICATED;
import static io.tether.api.problem.ProblemCode.UNKNOWN_FIELD;
import static io.tether.api.problem.ProblemCode.UNSUPPORTED_MEDIA_TYPE;
import static io.tether.api.problem.ProblemCode.VALIDATION_FAILED;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.Refuses;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;

/**
 * Completes each operation from what its handler declares: who may call it (a {@link Caller} parameter
 * means a bearer token, {@link AllowedRoles} the roles), every refusal it can answer (those of its kind,
 * below, and its {@link Refuses}) grouped by status as {@code application/problem+json} with the enum of
 * their codes, and the headers its answers carry.
 */
final class OperationContract implements OperationCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    static final String ROLES_EXTENSION = "x-roles";
    static final String REQUEST_ID = "RequestId";
    private static final String REQUEST_ID_PARAMETER = "#/components/parameters/" + REQUEST_ID;
    private static final String REQUEST_ID_HEADER = "#/components/headers/" + REQUEST_ID;

    /** The filters in front of every endpoint: the firewall, body checks, size and media type, rate limits, the database, a bug. */
    private static final Set<ProblemCode> EVERY_OPERATION = EnumSet.of(REQUEST_REJECTED, MALFORMED_BODY, PAYLOAD_TOO_LARGE,
            UNSUPPORTED_MEDIA_TYPE, RATE_LIMITED, DATABASE_UNAVAILABLE, INTERNAL_ERROR);
    private static final Set<ProblemCode> AUTHENTICATED = EnumSet.of(UNAUTHENTICATED, FORBIDDEN,
            IDENTITY_PROVIDER_UNAVAILABLE);
    private static final Set<ProblemCode> WITH_BODY = EnumSet.of(VALIDATION_FAILED, UNKNOWN_FIELD, JSON_TOO_COMPLEX);
    private static final Set<ProblemCode> WITH_PARAMETERS = EnumSet.of(INVALID_PARAMETER, VALIDATION_FAILED);
    /** What the credential store may answer besides an outage: Vault's refusals an operator must fix. */
    private static final Set<ProblemCode> CREDENTIAL_STORE = EnumSet.of(ProblemCode.CREDENTIAL_STORE_PERMISSION_DENIED,
            ProblemCode.CREDENTIAL_STORE_MOUNT_NOT_FOUND, ProblemCode.CREDENTIAL_STORE_LOGIN_REFUSED,
            ProblemCode.CREDENTIAL_STORE_KEY_NOT_DELETABLE);

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        boolean authenticated = Arrays.stream(handler.getMethodParameters())
                .anyMatch(parameter -> parameter.getParameterType().equals(Caller.class));
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        security(operation, authenticated, handler.getMethodAnnotation(AllowedRoles.class));
        AnswersPage page = handler.getMethodAnnotation(AnswersPage.class);
        if (page != null) {
            pages(operation, page);
        }
        successHeaders(operation, handler);
        problems(operation, refusals(operation, handler, authenticated));
        requestId(operation);
        return operation;
    }

    private static void security(Operation operation, boolean authenticated, AllowedRoles roles) {
        if (!authenticated) {
            operation.setSecurity(List.of());
            return;
        }
        operation.setSecurity(List.of(new SecurityRequirement().addList(OpenApiConfiguration.BEARER)));
        if (roles != null) {
            operation.addExtension(ROLES_EXTENSION, List.of(roles.value()));
            String sentence = "Roles: " + String.join(", ", roles.value()) + ".";
            operation.setDescription(operation.getDescription() == null ? sentence
                    : operation.getDescription() + "\n\n" + sentence);
        }
    }

    /** The page replaces the JSON answer springdoc infers from the handler's return type. */
    private static void pages(Operation operation, AnswersPage page) {
        operation.setResponses(new ApiResponses());
        for (int status : page.value()) {
            operation.getResponses().addApiResponse(String.valueOf(status), new ApiResponse()
                    .description(page.description())
                    .content(new Content().addMediaType(org.springframework.http.MediaType.TEXT_HTML_VALUE,
                            new MediaType().schema(new StringSchema())))
                    .addHeaderObject("Content-Security-Policy", header("Lets only this page's own script and style, "
                            + "by a nonce new with every answer", null))
                    .addHeaderObject("Referrer-Policy", header("no-referrer: the page's address, with its code and "
                            + "state, goes nowhere", null)));
        }
    }

    private static void successHeaders(Operation operation, HandlerMethod handler) {
        boolean answersPosition = handler.hasMethodAnnotation(AnswersPosition.class);
        boolean answersConsistency = operation.getParameters() != null && operation.getParameters().stream()
                .map(Parameter::getName).anyMatch(ConsistencyHeaders.MIN_POSITION::equalsIgnoreCase);
        operation.getResponses().forEach((status, response) -> {
            if (!status.startsWith("2")) {
                return;
            }
            if (status.equals("201")) {
                response.addHeaderObject(HttpHeaders.LOCATION, header("The new resource", "uri"));
            }
            if (answersPosition) {
                response.addHeaderObject(ConsistencyHeaders.POSITION, new Header()
                        .description("The event store position of what this request appended: send it back as "
                                + ConsistencyHeaders.MIN_POSITION + " to read your writes")
                        .schema(new IntegerSchema().format("int64")));
            }
            if (answersConsistency) {
                // Every answer of a query that takes the position says how fresh it is: required, so that a generated
                // client may rely on it, and the end-to-end tests' contract check holds each answer to it.
                response.addHeaderObject(ConsistencyHeaders.CONSISTENCY, new Header()
                        .required(true)
                        .description("caught-up, stale (the wait for " + ConsistencyHeaders.MIN_POSITION
                                + " ran out) or eventual (none was asked for)")
                        .schema(new StringSchema()._enum(List.of("caught-up", "stale", "eventual"))));
            }
        });
    }

    /**
     * Every request may name itself with {@code X-Request-Id} (after the refusals: a request id that is not a
     * plain token is replaced, never refused), and every answer carries the id ({@link RequestIdFilter}).
     */
    private static void requestId(Operation operation) {
        operation.addParametersItem(new Parameter().$ref(REQUEST_ID_PARAMETER));
        operation.getResponses().values()
                .forEach(response -> response.addHeaderObject(RequestIdFilter.HEADER, new Header().$ref(REQUEST_ID_HEADER)));
    }

    private static Set<ProblemCode> refusals(Operation operation, HandlerMethod handler, boolean authenticated) {
        Set<ProblemCode> codes = EnumSet.copyOf(EVERY_OPERATION);
        if (authenticated) {
            codes.addAll(AUTHENTICATED);
        }
        if (operation.getRequestBody() != null) {
            codes.addAll(WITH_BODY);
        }
        if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            codes.addAll(WITH_PARAMETERS);
        }
        Refuses refuses = handler.getMethodAnnotation(Refuses.class);
        if (refuses != null) {
            codes.addAll(List.of(refuses.value()));
        }
        if (codes.contains(ProblemCode.CREDENTIAL_STORE_UNAVAILABLE)) {
            codes.addAll(CREDENTIAL_STORE);
        }
        return codes;
    }

    private static void problems(Operation operation, Set<ProblemCode> codes) {
        Map<Integer, Set<String>> codesByStatus = new TreeMap<>();
        Map<Integer, Set<String>> titlesByStatus = new TreeMap<>();
        for (ProblemCode code : codes) {
            codesByStatus.computeIfAbsent(code.status(), status -> new TreeSet<>()).add(code.code());
            titlesByStatus.computeIfAbsent(code.status(), status -> new TreeSet<>()).add(code.title());
        }
        codesByStatus.forEach((status, wireCodes) -> {
            ApiResponse response = operation.getResponses().computeIfAbsent(String.valueOf(status),
                    key -> new ApiResponse().description(String.join("; ", titlesByStatus.get(status))));
            if (response.getContent() == null) {
                response.setContent(new Content());
            }
            response.getContent().addMediaType(PROBLEM_JSON, new MediaType().schema(problemWith(wireCodes)));
            if (status == 429 || status == 503) {
                response.addHeaderObject(HttpHeaders.RETRY_AFTER, header("Seconds to wait before trying again", null)
                        .schema(new IntegerSchema()));
            }
            if (status == 401) {
                response.addHeaderObject(HttpHeaders.WWW_AUTHENTICATE, header("The bearer challenge (RFC 6750)", null));
            }
        });
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemWith(Set<String> wireCodes) {
        Schema codes = new ObjectSchema().addProperty("code", new StringSchema()._enum(new ArrayList<>(wireCodes)));
        return new ComposedSchema().addAllOfItem(new Schema<>().$ref(PROBLEM_SCHEMA)).addAllOfItem(codes);
    }

    private static Header header(String description, String format) {
        return new Header().description(description).schema(new StringSchema().format(format));
    }
}
