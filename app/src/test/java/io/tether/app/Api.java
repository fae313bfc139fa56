package io.tether.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A client of Tether's REST API as a frontend uses it: JSON in, status, headers and JSON out. */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestRestTemplate http;
    private final String token;

    Api(TestRestTemplate http, String token) {
        this.http = http;
        this.token = token;
    }

    /** A client of an application started by the test itself rather than by Spring's test support. */
    static Api of(ConfigurableApplicationContext application, UUID organizationId) {
        return of(application, Tokens.forOrganization(organizationId));
    }

    /** The same, with these roles. */
    static Api of(ConfigurableApplicationContext application, UUID organizationId, String... roles) {
        return of(application, Tokens.forOrganization(organizationId, roles));
    }

    private static Api of(ConfigurableApplicationContext application, String token) {
        String port = application.getEnvironment().getProperty("local.server.port");
        return new Api(new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port)), token);
    }

    Response get(String path) {
        return exchange(HttpMethod.GET, path, null, Map.of());
    }

    Response get(String path, Map<String, String> headers) {
        return exchange(HttpMethod.GET, path, null, headers);
    }

    Response post(String path, String jsonBody) {
        return exchange(HttpMethod.POST, path, jsonBody, Map.of());
    }

    Response post(String path, String jsonBody, Map<String, String> headers) {
        return exchange(HttpMethod.POST, path, jsonBody, headers);
    }

    Response delete(String path) {
        return exchange(HttpMethod.DELETE, path, null, Map.of());
    }

    Response exchange(HttpMethod method, String path, String jsonBody, Map<String, String> extraHeaders) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        if (jsonBody != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        extraHeaders.forEach(headers::set);
        ResponseEntity<String> response = http.exchange(path, method, new HttpEntity<>(jsonBody, headers), String.class);
        return checked(method, path, headers, jsonBody, response);
    }

    /** A JSON request whose body is these exact bytes, valid UTF-8 or not. */
    Response exchange(HttpMethod method, String path, byte[] jsonBody) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response = http.exchange(path, method, new HttpEntity<>(jsonBody, headers), String.class);
        return checked(method, path, headers, new String(jsonBody, StandardCharsets.UTF_8), response);
    }

    /** The answer, once checked against the OpenAPI document the service serves. */
    private Response checked(HttpMethod method, String path, HttpHeaders headers, String body,
                             ResponseEntity<String> response) {
        Response answer = new Response(response.getStatusCode().value(), response.getHeaders(), response.getBody());
        OpenApiContract.check(http, method, path, headers, body, answer);
        return answer;
    }

    record Response(int status, HttpHeaders headers, String rawBody) {

        JsonNode body() {
            try {
                return rawBody == null ? JSON.nullNode() : JSON.readTree(rawBody);
            } catch (Exception e) {
                throw new AssertionError("Not JSON: " + rawBody, e);
            }
        }

        String header(String name) {
            return headers.getFirst(name);
        }

        /** The read-your-writes header to send with the next query. */
        Map<String, String> position() {
            return Map.of("Tether-Min-Position", header("Tether-Position"));
        }

        @Override
        public String toString() {
            return status + " " + rawBody;
        }
    }
}
