package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Bad input gets a 4xx problem response that says what was wrong, and nothing is written. */
class BadInputTest extends EndToEndTest {

    private Api api;
    private String accountPath;

    @BeforeEach
    void anAccount() {
        api = newOrganization();
        Response created = api.post("/integrations/accounts", adsAccount("Target"));
        accountPath = "/integrations/accounts/" + created.body().get("id").asText();
        api.get(accountPath, created.position());
    }

    static Stream<Arguments> badRequests() {
        String longName = "x".repeat(101);
        return Stream.of(
                Arguments.of("POST", "", "{}", 400, "validation_failed", "account_name"),
                Arguments.of("POST", "", "not json", 400, "malformed_body", null),
                Arguments.of("POST", "", "", 400, "malformed_body", null),
                Arguments.of("POST", "", createBody("AMAZON", "ADS_API", "   ", "EU"), 400, "validation_failed", "account_name"),
                Arguments.of("POST", "", createBody("AMAZON", "ADS_API", longName, "EU"), 400, "validation_failed", "account_name"),
                Arguments.of("POST", "", createBody("EBAY", "ADS_API", "x", "EU"), 400, "validation_failed", "marketplace"),
                Arguments.of("POST", "", createBody("AMAZON", "ADS_API", "x", "MARS"), 400, "validation_failed", "region"),
                Arguments.of("POST", "", createBody("WALMART", "ADS_API", "x", "US"), 400, "validation_failed", "integration_type"),
                Arguments.of("POST", "", createBody("AMAZON", "SP_API_SC", "x", "MX"), 400, "validation_failed", "region"),
                Arguments.of("POST", "", "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\",\"account_name\":\"x\","
                        + "\"region\":\"EU\",\"organization_id\":\"00000000-0000-0000-0000-000000000001\"}",
                        400, "unknown_field", "organization_id"),
                Arguments.of("POST", "", "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\",\"account_name\":[1],"
                        + "\"region\":\"EU\"}", 400, "validation_failed", "account_name"),
                Arguments.of("POST", "/connect", "{}", 400, "validation_failed", "credentials"),
                Arguments.of("POST", "/connect", "{\"credentials\":{}}", 400, "validation_failed", "credentials"),
                Arguments.of("POST", "/connect", "{\"credentials\":{\"refresh_token\":\"\"}}", 400, "validation_failed",
                        "credentials.refresh_token"),
                Arguments.of("POST", "/connect", "{\"credentials\":{\"nested\":{\"a\":1}}}", 400, "validation_failed",
                        "credentials.nested"),
                Arguments.of("POST", "/connect", "{\"credentials\":\"Atzr|flat\"}", 400, "validation_failed", "credentials"),
                Arguments.of("POST", "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|x\",\"password\":\"p\"}}", 400,
                        "validation_failed", "credentials.password"),
                Arguments.of("POST", "/connect", "{\"credentials\":{\"profile_id\":\"123\"}}", 400,
                        "validation_failed", "credentials.refresh_token"),
                Arguments.of("POST", "/connect", "{\"credentials\":{\"refresh_token\":\"xoxb-not-amazon\"}}", 400,
                        "validation_failed", "credentials.refresh_token"),
                Arguments.of("POST", "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|" + "x".repeat(3000) + "\"}}", 400,
                        "validation_failed", "credentials.refresh_token"),
                Arguments.of("POST", "/mark-failed", "{}", 400, "validation_failed", "error_message"),
                Arguments.of("POST", "/disconnect", null, 422, "illegal_account_state", null),
                Arguments.of("POST", "/mark-failed", "{\"error_message\":\"boom\"}", 422, "illegal_account_state", null),
                Arguments.of("GET", "?limit=0", null, 400, "invalid_parameter", "limit"),
                Arguments.of("GET", "?limit=100000", null, 400, "invalid_parameter", "limit"),
                Arguments.of("GET", "?status=SLEEPING", null, 400, "invalid_parameter", "status"),
                Arguments.of("GET", "?integration_type=FOO", null, 400, "invalid_parameter", "integration_type"),
                Arguments.of("GET", "?cursor=bm90LWEtY3Vyc29y", null, 400, "invalid_parameter", "cursor"));
    }

    @ParameterizedTest(name = "{0} {1} {2} → {3} {4}")
    @MethodSource("badRequests")
    void badInput_getsAProblemResponse_andWritesNothing(String method, String suffix, String body, int status,
                                                        String code, String field) {
        String base = method.equals("GET") ? "/integrations/accounts" : suffix.isEmpty() ? "/integrations/accounts" : accountPath;
        Response response = api.exchange(HttpMethod.valueOf(method), base + suffix, body, java.util.Map.of());

        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.body().get("code").asText()).isEqualTo(code);
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
        assertThat(response.body().get("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(response.body().get("errors").findValuesAsText("field")).contains(field);
        }
        assertThat(eventsCausedBy(response)).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("malformedIds")
    void aMalformedAccountId_isABadRequest(String method, String path) {
        Response response = api.exchange(HttpMethod.valueOf(method), path, method.equals("POST") ? "{}" : null,
                java.util.Map.of());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("code").asText()).isEqualTo("invalid_parameter");
        assertThat(response.body().get("errors").findValuesAsText("field")).containsExactly("account_id");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathsTheFirewallRefuses")
    void aPathTheFirewallRefuses_stillGetsAProblemResponse(String path) {
        Response response = api.get(path);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.body().get("code").asText()).isEqualTo("bad_request");
    }

    static Stream<String> pathsTheFirewallRefuses() {
        return Stream.of("/integrations/accounts/..%2F..%2Fetc%2Fpasswd", "/integrations/accounts/%25", "/integrations/accounts;jsessionid=1");
    }

    static Stream<Arguments> malformedIds() {
        return Stream.of(
                Arguments.of("GET", "/integrations/accounts/not-a-uuid"),
                Arguments.of("DELETE", "/integrations/accounts/1234"),
                Arguments.of("POST", "/integrations/accounts/' OR 1=1 --/connect"));
    }
}
