package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import java.util.Locale;
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

    private static volatile OpenApiInteractionValidator validator;

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
        ValidationReport requestReport = validator(http).validateRequest(request.build());
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
        ValidationReport report = validator(http).validateResponse(uri.getPath(), validatorMethod, answer.build());
        if (emptyStream(response)) {
            // An NDJSON export of an empty log is an empty body, which OpenAPI cannot say of a media type.
            report = ValidationReport.from(report.getMessages().stream()
                    .filter(message -> !message.getKey().equals("validation.response.body.missing")).toList());
        }
        if (report.hasErrors()) {
            throw new AssertionError("The answer to " + method + " " + pathAndQuery + " is not what the OpenAPI document says:\n"
                    + SimpleValidationReportFormat.getInstance().apply(report) + "\nThe answer: " + response);
        }
    }

    private static boolean emptyStream(Api.Response response) {
        String contentType = response.header(HttpHeaders.CONTENT_TYPE);
        return response.rawBody() == null && contentType != null && contentType.startsWith("application/x-ndjson");
    }

    private static OpenApiInteractionValidator validator(TestRestTemplate http) {
        if (validator == null) {
            synchronized (OpenApiContract.class) {
                if (validator == null) {
                    String document = http.getForObject("/v3/api-docs", String.class);
                    validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                            .withLevelResolver(LevelResolver.create()
                                    // The document closes every object itself (additionalProperties: false): the
                                    // validator need not inject that into the few that are open (config, problems).
                                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                                    // A body on an operation that takes none is ignored by the service, as HTTP allows.
                                    .withLevel("validation.request.body.unexpected", ValidationReport.Level.IGNORE)
                                    .build())
                            .build();
                }
            }
        }
        return validator;
    }
}
