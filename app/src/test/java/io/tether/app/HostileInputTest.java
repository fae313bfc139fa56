package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Hostile input against every endpoint Spring MVC serves, with a token that has every role: malformed,
 * oversized and deeply nested bodies, the wrong types and content types, control, invisible and
 * bidirectional characters and unpaired surrogates in text fields, SQL and script payloads, bad UUIDs and
 * slugs in paths, bad numbers, enums, instants and cursors in parameters. Each request gets a 4xx problem
 * (the OAuth callbacks answer with their page) without a stack trace, never a 5xx, and none writes an
 * event. A new endpoint is swept as soon as it is served; one that takes a body needs its text fields
 * named in {@link #TEXT_FIELDS}.
 */
class HostileInputTest extends EndToEndTest {

    private static final String[] ALL_ROLES = {"viewer", "admin", "auditor", "service", "platform_admin", "metrics"};

    /** For each endpoint with a body: valid bodies but for one text field, {h}, which carries the hostile text. */
    private static final Map<String, List<String>> TEXT_FIELDS = Map.ofEntries(
            Map.entry("POST /integrations/accounts", List.of(adsAccount("{h}"))),
            Map.entry("POST /integrations/accounts/{accountId}/connect", List.of(
                    "{\"credentials\":{\"refresh_token\":\"Atzr|{h}\"}}", "{\"credentials\":{\"{h}\":\"Atzr|x\"}}")),
            Map.entry("POST /integrations/accounts/{accountId}/mark-failed", List.of("{\"error_message\":\"{h}\"}")),
            Map.entry("POST /integrations/accounts/{accountId}/credentials", List.of("{\"purpose\":\"{h}\"}")),
            Map.entry("PUT /integrations/accounts/{accountId}/profile", List.of("{\"profile_id\":\"{h}\"}")),
            Map.entry("POST /integrations/global/{integrationId}/credentials", List.of("{\"purpose\":\"{h}\"}")),
            Map.entry("POST /integrations/global", List.of(
                    "{\"service_name\":\"slack\",\"project_id\":\"{project}\",\"display_name\":\"{h}\"}",
                    "{\"service_name\":\"slack\",\"project_id\":\"{project}\",\"description\":\"{h}\"}",
                    "{\"service_name\":\"slack\",\"project_id\":\"{project}\",\"config\":{\"default_channel\":\"{h}\"}}",
                    "{\"service_name\":\"slack\",\"project_id\":\"{project}\",\"config\":{\"{h}\":\"#x\"}}",
                    "{\"service_name\":\"slack\",\"project_id\":\"{project}\",\"credentials\":{\"bot_token\":\"xoxb-{h}\"}}")),
            Map.entry("PATCH /integrations/global/{integrationId}", List.of(
                    "{\"display_name\":\"{h}\"}", "{\"description\":\"{h}\"}", "{\"config\":{\"default_channel\":\"{h}\"}}")),
            Map.entry("POST /integrations/global/{integrationId}/webhook-secret", List.of("{\"webhook_secret\":\"{h}\"}")),
            Map.entry("PUT /integrations/tools/{slug}", List.of(
                    "{\"display_name\":\"{h}\",\"required_integrations\":[\"slack\"]}",
                    "{\"display_name\":\"Tool\",\"required_integrations\":[\"{h}\"]}")),
            Map.entry("POST /audit/verify", List.of("{\"scope\":\"{h}\"}")),
            Map.entry("POST /integrations/connect-sessions", List.of(
                    "{\"end_user\":{\"id\":\"{h}\"},\"origin\":\"https://app.example.com\"}",
                    "{\"end_user\":{\"id\":\"u\",\"display_name\":\"{h}\"},\"origin\":\"https://app.example.com\"}",
                    "{\"integrations\":[\"{h}\"],\"origin\":\"https://app.example.com\"}",
                    "{\"origin\":\"https://{h}.example.com\"}")),
            Map.entry("POST /integrations/organization/offboard", List.of("{\"confirm_organization_id\":\"{h}\"}")),
            Map.entry("POST /integrations/webhook-endpoints", List.of("{\"url\":\"https://receiver.example.com/{h}\"}",
                    "{\"url\":\"https://receiver.example.com/x\",\"description\":\"{h}\"}",
                    "{\"slack\":{\"integration_id\":\"{integrationId}\",\"channel\":\"{h}\"}}")),
            Map.entry("PATCH /integrations/webhook-endpoints/{endpointId}", List.of("{\"url\":\"https://receiver.example.com/{h}\"}",
                    "{\"description\":\"{h}\"}")),
            Map.entry("POST /integrations/webhook-endpoints/{endpointId}/replay", List.of(
                    "{\"since\":\"{h}\",\"until\":\"2100-01-01T00:00:00Z\"}")));

    /** As JSON string contents: escapes where JSON needs them, one raw right-to-left override. */
    private static final List<String> HOSTILE_TEXT = List.of(
            "\\u0000", "nul\\u0000inside", "\\u202Eevil.exe", "raw\u202Eoverride", "zero\\u200Bwidth", "\\uD800",
            "lone\\uDC00low", "bell\\u0007", "next\\u0085line", "bom\\uFEFF", "escape\\u001B[31m");

    private static final List<String> HOSTILE_PATH_VALUES = List.of(
            "not-a-uuid", "' OR '1'='1", "<script>alert(1)</script>", "1; DROP TABLE domain_event_entry", "-1",
            "x".repeat(3000), "\u202Eevil");

    private static final List<String> HOSTILE_STRING_PARAMETERS = List.of(
            "' OR '1'='1' --", "<script>alert(1)</script>", "\u0000", "\u202Eevil", "x".repeat(3000), "%00");

    /** A blank value (a lone NUL, once trimmed) counts as none given, as Spring's conversions do; these do not. */
    private static final List<String> WRONG_TYPED_VALUES = List.of(
            "not-a-value", "' OR 1=1 --", "99999999999999999999999999", "<script>", "a\u0000b");

    /** Refused on every endpoint but GETs, whether it reads a body or not: truncated, not JSON, a key given twice. */
    private static final List<String> MALFORMED_BODIES = List.of("{", "not json", "{\"a\":1,\"a\":2}");

    private static final String NESTED = "[".repeat(10_000) + "]".repeat(10_000);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @TestFactory
    Stream<DynamicTest> everyEndpoint_refusesHostileInput_withAProblem_andWritesNothing() {
        return Endpoints.served(mappings).entrySet().stream().map(endpoint -> DynamicTest.dynamicTest(endpoint.getKey(),
                () -> sweep(endpoint.getKey(), endpoint.getValue())));
    }

    private void sweep(String endpoint, HandlerMethod handler) {
        Fixture fixture = fixture();
        String[] parts = endpoint.split(" ", 2);
        HttpMethod method = HttpMethod.valueOf(parts[0]);
        String pattern = parts[1];
        List<Attempt> attempts = new ArrayList<>();

        Matcher variables = Pattern.compile("\\{([^}]+)}").matcher(pattern);
        while (variables.find()) {
            String variable = variables.group();
            for (String value : HOSTILE_PATH_VALUES) {
                attempts.add(new Attempt("path " + variable + "=" + abbreviated(value), method,
                        fixture.fill(pattern.replace(variable, value)), null, null, true));
            }
        }
        String path = fixture.fill(pattern);
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
            if (requestParam != null) {
                String name = nameOf(parameter, requestParam);
                boolean typed = parameter.getParameterType() != String.class;
                List<String> values = typed ? WRONG_TYPED_VALUES : HOSTILE_STRING_PARAMETERS;
                if (name.equals("limit")) {
                    values = Stream.concat(values.stream(), Stream.of("-1", "0", "100000")).toList();
                }
                for (String value : values) {
                    attempts.add(new Attempt("?" + name + "=" + abbreviated(value), method,
                            path + (path.contains("?") ? "&" : "?") + requiredParameters(handler, name, fixture)
                                    + name + "=" + value,
                            null, null, typed || name.equals("cursor")));
                }
            }
            RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
            if (header != null && parameter.getParameterType() != String.class) {
                attempts.add(new Attempt("header " + header.name() + "=abc", method, path + requiredParameters(handler, "", fixture),
                        Map.of(header.name(), "abc"), null, true));
            }
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                for (String body : List.of("[]", "123", "\"text\"", "{\"a\":" + NESTED + "}", NESTED)) {
                    attempts.add(new Attempt("body " + abbreviated(body), method, path, null, body, true));
                }
                attempts.add(new Attempt("text/plain", method, path, Map.of("Content-Type", "text/plain"), "hello", true));
                attempts.add(new Attempt("application/xml", method, path, Map.of("Content-Type", "application/xml"),
                        "<a>1</a>", true));
                List<String> templates = TEXT_FIELDS.get(endpoint);
                assertThat(templates).as("%s takes a body: name its text fields in TEXT_FIELDS", endpoint).isNotNull();
                for (String template : templates) {
                    for (String text : HOSTILE_TEXT) {
                        attempts.add(new Attempt(abbreviated(template) + " with " + text, method, path, null,
                                fixture.fill(template.replace("{h}", text)), true));
                    }
                }
            }
        }
        if (method != HttpMethod.GET) {
            // Whether or not the endpoint reads a body, a malformed one is refused and nothing happens.
            for (String body : MALFORMED_BODIES) {
                attempts.add(new Attempt("body " + abbreviated(body), method, path, null, body, true));
            }
            for (String type : List.of("application/*", "*/*")) {
                attempts.add(new Attempt("Content-Type " + type, method, path, Map.of("Content-Type", type), "{}", true));
            }
        }
        if (!pattern.endsWith("/webhooks")) {
            // Webhook deliveries have their own, larger bound, which the webhook tests check.
            attempts.add(new Attempt("oversized body", method, path, null,
                    "{\"a\":\"" + "x".repeat(70 * 1024) + "\"}", true));
        }

        Api api = new Api(http, Tokens.signed(Tokens.SECRET, Map.of("sub", "hostile-" + UUID.randomUUID(),
                "org_id", fixture.organization().toString(), "roles", List.of(ALL_ROLES)), Instant.now().plusSeconds(600)));
        List<String> failures = new ArrayList<>();
        List<Response> responses = new ArrayList<>();
        for (Attempt attempt : attempts) {
            Response response = api.exchange(attempt.method(), attempt.path(), attempt.body(),
                    attempt.headers() == null ? Map.of() : attempt.headers());
            responses.add(response);
            String problem = problemWith(pattern, attempt, response);
            if (problem != null) {
                failures.add(attempt.description() + " → " + response.status() + ": " + problem + " "
                        + abbreviated(String.valueOf(response.rawBody())));
            }
        }

        assertThat(failures).as(endpoint).isEmpty();
        assertThat(eventsCausedBy(jdbc, responses)).as("events written by hostile requests to %s", endpoint).isZero();
    }

    @Test
    void invalidUtf8_andOverlongForms_areRefused_andNothingIsStored() {
        Api admin = newOrganization();
        byte[] prefix = "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\",\"region\":\"EU\",\"account_name\":\"x".getBytes(
                StandardCharsets.UTF_8);
        // C0 BC and E0 80 AF are overlong spellings of '<' and '/'; FF and a lone continuation byte are never UTF-8.
        for (byte[] invalid : List.of(new byte[] {(byte) 0xC0, (byte) 0xBC}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                new byte[] {(byte) 0xFF}, new byte[] {(byte) 0x80})) {
            byte[] body = ByteBuffer.allocate(prefix.length + invalid.length + 2).put(prefix).put(invalid)
                    .put("\"}".getBytes(StandardCharsets.UTF_8)).array();

            Response refused = admin.exchange(HttpMethod.POST, "/integrations/accounts", body);

            assertThat(refused.status()).as("bytes %s", HexFormat.of().formatHex(invalid)).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body().get("code").asText()).isEqualTo("malformed_body");
            assertThat(eventsCausedBy(refused)).isZero();
        }
    }

    @Test
    void aKeyGivenTwice_isRefused_notLastWins() {
        Response refused = newOrganization().post("/integrations/accounts",
                "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\",\"region\":\"EU\","
                        + "\"account_name\":\"First\",\"account_name\":\"Second\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().get("code").asText()).isEqualTo("malformed_body");
        assertThat(eventsCausedBy(refused)).isZero();
    }

    @Test
    void aWildcardContentType_isUnsupported() {
        for (String type : List.of("application/*", "*/*")) {
            Response refused = newOrganization().post("/integrations/accounts", adsAccount("Wild"), Map.of("Content-Type", type));

            assertThat(refused.status()).as(type).isEqualTo(415);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(eventsCausedBy(refused)).isZero();
        }
    }

    @Test
    void aTokenWhoseRolesAreNotAListOfStrings_isUnauthenticated() {
        long expires = Instant.now().plusSeconds(600).getEpochSecond();
        for (String roles : List.of("null", "\"admin\"", "[1]", "{}")) {
            String token = Tokens.signedJson(Tokens.SECRET, "{\"sub\":\"alice\",\"org_id\":\"" + UUID.randomUUID()
                    + "\",\"roles\":" + roles + ",\"iat\":" + (expires - 660) + ",\"exp\":" + expires + "}");

            Response refused = new Api(http, token).get("/integrations/accounts");

            assertThat(refused.status()).as("roles %s", roles).isEqualTo(401);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    @Test
    void datesPostgresqlCannotStore_inAuditFiltersAndForgedCursors_areRefused() {
        Api auditor = as(UUID.randomUUID(), "auditor", "admin");
        for (String date : List.of("+294277-01-01T00:00:00Z", "-4714-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z")) {
            String encoded = date.replace("+", "%2B");
            for (String path : List.of("/audit/events?from=" + encoded, "/audit/events?to=" + encoded,
                    "/audit/events/export?from=" + encoded)) {
                Response refused = auditor.get(path);

                assertThat(refused.status()).as(path).isEqualTo(400);
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            }
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (date + "|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
            Response refused = auditor.get("/integrations/accounts?cursor=" + cursor);

            assertThat(refused.status()).as("cursor at %s", date).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    private static String problemWith(String pattern, Attempt attempt, Response response) {
        if (response.status() >= 500) {
            return "a server error";
        }
        if (attempt.mustBeRefused() && response.status() < 400) {
            return "accepted";
        }
        if (response.status() >= 400) {
            String body = String.valueOf(response.rawBody());
            if (body.contains("\tat ") || body.contains("Exception") || body.contains("java.") || body.contains("org.springframework")) {
                return "a stack trace or class name in the body";
            }
            String type = String.valueOf(response.header("Content-Type"));
            boolean page = pattern.endsWith("/callback") && type.startsWith("text/html");
            if (!page && !type.startsWith("application/problem+json")) {
                return "not a problem response (" + type + ")";
            }
        }
        return null;
    }

    /** Valid values for the handler's other required parameters, so the hostile one is what gets judged. */
    private static String requiredParameters(HandlerMethod handler, String except, Fixture fixture) {
        StringBuilder query = new StringBuilder();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
            if (requestParam == null || !requestParam.required() || !requestParam.defaultValue().equals(
                    ValueConstants.DEFAULT_NONE)) {
                continue;
            }
            String name = nameOf(parameter, requestParam);
            if (!name.equals(except)) {
                query.append(name).append('=').append(switch (name) {
                    case "accountId" -> fixture.accountId();
                    case "at" -> Instant.now().toString();
                    default -> throw new AssertionError("No valid value known for the required parameter " + name);
                }).append('&');
            }
        }
        return query.toString();
    }

    private static String nameOf(MethodParameter parameter, RequestParam requestParam) {
        if (!requestParam.name().isEmpty()) {
            return requestParam.name();
        }
        parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
        return parameter.getParameterName();
    }

    private Fixture fixture() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String accountId = admin.post("/integrations/accounts", adsAccount("Target")).body().get("id").asText();
        admin.post("/integrations/accounts/" + accountId + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|t\"}}");
        String integrationId = GlobalIntegrations.createSlack(admin).body().get("id").asText();
        String endpointId = admin.post("/integrations/webhook-endpoints",
                "{\"url\":\"https://receiver.example.com/hostile\",\"notice_types\":[\"endpoint.disabled\"]}").body().get("id").asText();
        return new Fixture(organization, accountId, integrationId, endpointId);
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private record Attempt(String description, HttpMethod method, String path, Map<String, String> headers, String body,
                           boolean mustBeRefused) {
    }

    private record Fixture(UUID organization, String accountId, String integrationId, String endpointId) {

        String fill(String template) {
            return template.replace("{accountId}", accountId)
                    .replace("{integrationId}", integrationId)
                    .replace("{endpointId}", endpointId)
                    .replace("{deliveryId}", "1")
                    .replace("{slug}", "hostile-tool")
                    .replace("{name}", "tools")
                    .replace("{processingGroup}", "tools")
                    .replace("{deliveryId}", "no-such-delivery")
                    .replace("{project}", UUID.randomUUID().toString());
        }
    }
}
