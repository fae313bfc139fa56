package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestMatcherDelegatingAuthorizationManager;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcherEntry;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what: every endpoint, as every role (and with no role, and with no token), on the caller's
 * own organization's resources and on another organization's, with the exact status of each cell.
 *
 * <p>The rules the table holds: a role that may not call an endpoint gets 403 before anything is looked up
 * (so a 403 says nothing about whether a resource exists); a role that may call it gets 404 for another
 * organization's resource, exactly as for one that does not exist; refused calls write nothing; and an
 * answer to another organization never holds this organization's ids. Every endpoint Spring MVC serves
 * must have a row here, so a new endpoint fails this test until its rules are written down.
 */
class AuthorizationTest extends EndToEndTest {

    static final List<String> CALLERS = List.of("viewer", "admin", "auditor", "service", "platform_admin", "metrics",
            "no role", "anonymous");
    static final String[] READERS = {"viewer", "admin", "auditor", "service"};
    static final String[] MEMBERS = {"viewer", "admin", "auditor", "service", "platform_admin"};
    static final String[] EVERYONE = CALLERS.toArray(String[]::new);

    private static final String ACCOUNT = "/integrations/accounts/{accountId}";
    private static final String GLOBAL = "/integrations/global/{integrationId}";
    private static final String ENDPOINT = "/integrations/webhook-endpoints/{endpointId}";
    private static String toolSlug;
    /** Resources that only refused calls, reads and other organizations' calls see: they stay as created. */
    private static Fixture shared;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    List<SecurityFilterChain> chains;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void aTool() {
        if (toolSlug == null) {
            String slug = "authz-" + UUID.randomUUID().toString().substring(0, 8);
            Response defined = as(UUID.randomUUID(), "platform_admin").exchange(HttpMethod.PUT, "/integrations/tools/" + slug,
                    "{\"display_name\":\"Authz\",\"required_integrations\":[\"slack\"]}", Map.of());
            assertThat(defined.status()).as(defined.toString()).isEqualTo(200);
            newOrganization().get("/integrations/tools/" + slug, defined.position());
            toolSlug = slug;
            shared = fixture(true);
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                row("GET /integrations/accounts").allow(200, READERS),
                row("POST /integrations/accounts").body(
                        "{\"marketplace\":\"AMAZON\",\"integration_type\":\"SP_API_SC\",\"account_name\":\"{unique}\",\"region\":\"NA\"}")
                        .allow(201, "admin"),
                row("GET " + ACCOUNT).allow(200, READERS).owned(),
                row("DELETE " + ACCOUNT).allow(204, "admin").owned(),
                row("POST " + ACCOUNT + "/connect").body("{\"credentials\":{\"refresh_token\":\"Atzr|again\"}}")
                        .allow(200, "admin").owned(),
                row("POST " + ACCOUNT + "/disconnect").allow(200, "admin").owned(),
                row("POST " + ACCOUNT + "/mark-failed").body("{\"error_message\":\"refused\"}")
                        .allow(200, "admin", "service").owned(),
                row("POST " + ACCOUNT + "/credentials").body("{\"purpose\":\"sync\"}").allow(200, "service").owned(),
                row("POST " + ACCOUNT + "/key/rotate").allow(200, "admin").owned(),
                // No Amazon app is configured in this application: the check cannot ask Login with Amazon.
                row("POST " + ACCOUNT + "/verify").allow(503, "admin", "service").owned(),
                // Connected by hand, not through Amazon: it has no fetched profiles to choose from.
                row("PUT " + ACCOUNT + "/profile").body("{\"profile_id\":\"123\"}").allow(422, "admin").owned(),
                row("GET " + ACCOUNT + "/ads-profiles").allow(200, READERS).owned(),
                row("POST /integrations/keys/rotate").allow(200, "admin"),
                row("POST /integrations/keys/rewrap").allow(200, "admin"),
                row("POST /integrations/organization/offboard").body("{\"confirm_organization_id\":\"{callerOrganization}\"}")
                        .allow(200, "admin"),

                row("GET /integrations/global").allow(200, READERS),
                row("POST /integrations/global").body(
                        "{\"service_name\":\"slack\",\"project_id\":\"{uniqueId}\",\"credentials\":{\"bot_token\":\"xoxb-1\"}}")
                        .allow(201, "admin"),
                row("GET " + GLOBAL).allow(200, READERS).owned(),
                row("GET " + GLOBAL + "/public").allow(200, READERS).owned(),
                row("PATCH " + GLOBAL).body("{\"display_name\":\"Renamed\"}").allow(200, "admin").owned(),
                // Slack issues the secret: the admin enters it.
                row("POST " + GLOBAL + "/webhook-secret").body("{\"webhook_secret\":\"" + "Ab1".repeat(10) + "xy\"}")
                        .allow(200, "admin").owned(),
                // Slack is a closed port in the tests: the provider is down, and nothing is recorded.
                row("POST " + GLOBAL + "/verify").allow(503, "admin", "service").owned(),
                row("POST " + GLOBAL + "/credentials").body("{\"purpose\":\"sync\"}").allow(200, "service").owned(),
                row("DELETE " + GLOBAL).allow(204, "admin").owned(),
                // Public: providers sign deliveries with the webhook secret and hold no token; unsigned is refused.
                row("POST " + GLOBAL + "/webhooks").body("{\"event\":\"ping\"}").allow(401, EVERYONE),
                // A delivery the integration never accepted: the role gets through, and finds nothing.
                row("GET " + GLOBAL + "/webhooks/deliveries/{deliveryId}").with("{deliveryId}", "no-such-delivery")
                        .allow(404, "service").owned(),

                // No Amazon app is configured in this application: the flow's settings are missing before the account is looked up.
                row("GET /integrations/ads/auth-url?accountId={accountId}").allow(503, "admin"),
                row("GET /integrations/sp-api/auth-url?accountId={accountId}").allow(503, "admin"),
                // Public: Amazon redirects the user's browser here; without a state there is nothing to complete.
                row("GET /integrations/ads/callback").allow(400, EVERYONE),
                row("GET /integrations/sp-api/callback").allow(400, EVERYONE),
                // No Slack app is configured in this application either: 503 before the integration is looked up.
                row("GET /integrations/slack/auth-url?integrationId={integrationId}").allow(503, "admin"),
                // Public: Slack redirects the user's browser here after an install; without a state nothing is completed.
                row("GET /integrations/slack/callback").allow(400, EVERYONE),

                row("GET /integrations/catalog").allow(200, MEMBERS),
                row("POST /integrations/console-sessions").allow(201, MEMBERS),
                row("GET /integrations/tools").allow(200, MEMBERS),
                row("GET /integrations/tools/{slug}").allow(200, MEMBERS),
                row("GET /integrations/tools/{slug}/onboarding").allow(200, READERS),
                row("PUT /integrations/tools/{slug}").body("{\"display_name\":\"Authz\",\"required_integrations\":[\"slack\"]}")
                        .allow(200, "platform_admin"),

                row("GET /integrations/webhook-endpoints").allow(200, "admin", "platform_admin"),
                row("POST /integrations/webhook-endpoints").body("{\"url\":\"https://receiver.example.com/{uniqueId}\"}")
                        .allow(201, "admin"),
                // A platform admin manages platform-wide endpoints only: an organization's is not found.
                row("GET " + ENDPOINT).allow(200, "admin").allow(404, "platform_admin").owned(),
                row("PATCH " + ENDPOINT).body("{\"description\":\"Renamed\"}").allow(200, "admin").allow(404, "platform_admin")
                        .owned(),
                row("DELETE " + ENDPOINT).allow(204, "admin").allow(404, "platform_admin").owned(),
                row("POST " + ENDPOINT + "/rotate-secret").allow(200, "admin").allow(404, "platform_admin").owned(),
                row("GET " + ENDPOINT + "/deliveries").allow(200, "admin").allow(404, "platform_admin").owned(),
                row("GET " + ENDPOINT + "/attempts").allow(200, "admin").allow(404, "platform_admin").owned(),
                // The fixture's endpoint has no deliveries yet: the role gets through to a 404.
                row("POST " + ENDPOINT + "/deliveries/{deliveryId}/retry").with("{deliveryId}", "1")
                        .allow(404, "admin", "platform_admin").owned(),
                row("POST " + ENDPOINT + "/replay").body("{\"since\":\"2020-01-01T00:00:00Z\",\"until\":\"2100-01-01T00:00:00Z\"}")
                        .allow(202, "admin").allow(404, "platform_admin").owned(),

                row("GET /audit/accounts/{accountId}/events").allow(200, "auditor").owned(),
                row("GET /audit/global/{integrationId}/events").allow(200, "auditor").owned(),
                row("GET /audit/accounts/{accountId}/state?at={now}").allow(200, "auditor").owned(),
                row("GET /audit/global/{integrationId}/state?at={now}").allow(200, "auditor").owned(),
                // Tools are the platform's, read by every organization: any auditor sees one's past.
                row("GET /audit/tools/{slug}/state?at={now}").allow(200, "auditor"),
                row("GET /audit/events").allow(200, "auditor"),
                row("GET /audit/security-events").allow(200, "auditor"),
                row("GET /audit/events/export").allow(200, "auditor"),
                row("POST /audit/verify").body("{\"aggregate_id\":\"{accountId}\"}").allow(200, "auditor").owned(),

                row("GET /admin/projections").platformWide().allow(200, "platform_admin"),
                row("GET /admin/projections/{name}").platformWide().allow(200, "platform_admin"),
                // A projection that does not exist: the role gets through, and no shared read model is rebuilt under other tests.
                row("POST /admin/projections/{name}/replay").platformWide().with("{name}", "no-such-projection").allow(404, "platform_admin"),
                row("GET /admin/dead-letters").platformWide().allow(200, "platform_admin"),
                row("POST /admin/audit/digests").platformWide().allow(201, "platform_admin"),
                row("POST /admin/dead-letters/{processingGroup}/retry").platformWide().allow(200, "platform_admin"),

                row("GET /actuator/prometheus").platformWide().allow(200, "metrics", "platform_admin"),
                row("POST /integrations/connect-sessions").body("{\"origin\":\"https://app.example.com\"}")
                        .allow(201, "admin", "service"),
                row("GET /v3/api-docs").allow(200, EVERYONE),
                row("GET /v3/api-docs.yaml").allow(200, EVERYONE),
                row("GET /v3/api-docs/swagger-config").allow(200, EVERYONE),
                row("GET /swagger-ui.html").allow(200, EVERYONE));
    }

    @Test
    void everyEndpoint_hasARowInTheTable() {
        Set<String> served = Endpoints.served(mappings).keySet();
        Set<String> tabled = rows().map(Row::endpoint).collect(Collectors.toCollection(TreeSet::new));

        assertThat(served).as("endpoints served without a row in the table").isSubsetOf(tabled);
        assertThat(tabled.stream().filter(endpoint -> !endpoint.contains("/actuator/")))
                .as("rows for endpoints that are not served").isSubsetOf(served);
    }

    /**
     * The table above holds the rules; this holds how they find a request: by path pattern, never by asking Spring
     * MVC's handler mappings which mapping it reaches (SecurityConfiguration#requestMatchersByPathPattern).
     */
    @Test
    void everyChainAndEveryRule_matchesPathsByPattern_withoutAskingSpringMvc() {
        List<RequestMatcher> matchers = new ArrayList<>();
        for (SecurityFilterChain chain : chains) {
            DefaultSecurityFilterChain filters = (DefaultSecurityFilterChain) chain;
            matchers.add(filters.getRequestMatcher());
            filters.getFilters().stream()
                    .filter(AuthorizationFilter.class::isInstance)
                    .map(filter -> ((AuthorizationFilter) filter).getAuthorizationManager())
                    .filter(RequestMatcherDelegatingAuthorizationManager.class::isInstance)
                    .forEach(manager -> {
                        List<?> mappings = (List<?>) ReflectionTestUtils.getField(manager, "mappings");
                        mappings.forEach(entry -> matchers.add(((RequestMatcherEntry<?>) entry).getRequestMatcher()));
                    });
        }

        assertThat(matchers).as("the API's and the pages' chains and their rules").hasSizeGreaterThan(10);
        assertThat(matchers).noneMatch(matcher -> matcher.toString().contains("Mvc"));
        assertThat(matchers.stream().map(Object::toString).filter(matcher -> matcher.contains("/integrations/global/*/webhooks")))
                .singleElement().asString().startsWith("PathPattern");
    }

    /** What the rows above go through: Spring Security's chains alone, without Spring MVC's handler look-up ahead. */
    @Test
    void springSecuritysFilterChain_isTheChainsAlone() {
        FilterChainProxy filter = context.getBean("springSecurityFilterChain", FilterChainProxy.class);
        // Spring Security 6.5's composites hold their filters in a CompositeFilter: the request path's parsing, then
        // the chains themselves, without HandlerMappingIntrospector's cache filter (WithoutIntrospectorCache).
        List<?> filters = (List<?>) ReflectionTestUtils.getField(
                ReflectionTestUtils.getField(filter, "doFilterDelegate"), "filters");

        assertThat(filters).extracting(inFront -> inFront.getClass().getSimpleName())
                .containsExactly("ServletRequestPathFilter", "FilterChainProxy");
        assertThat(((FilterChainProxy) filters.get(1)).getFilterChains()).containsExactlyInAnyOrderElementsOf(chains);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRoleGetsExactlyItsStatus_onItsOwnAndAnotherOrganizationsResources(Row row) {
        Map<String, Integer> actual = new LinkedHashMap<>();
        List<Response> refused = new ArrayList<>();
        for (String caller : CALLERS) {
            boolean allowed = row.allowed.containsKey(caller);
            // A call that may change things gets resources of its own, so each allowed role finds them as created.
            Fixture own = allowed && !HttpMethod.GET.equals(row.method) ? fixture(false) : shared;
            Response ownResponse = call(row, caller, own.organization(), own);
            actual.put(caller + " own", ownResponse.status());

            Response foreignResponse = call(row, caller, UUID.randomUUID(), shared);
            actual.put(caller + " foreign", foreignResponse.status());
            if (!row.namesResources() && !row.platformWide) {
                assertThat(foreignResponse.rawBody() == null ? "" : foreignResponse.rawBody())
                        .as("%s as %s from another organization", row, caller)
                        .doesNotContain(shared.accountId()).doesNotContain(shared.integrationId())
                        .doesNotContain(shared.organization().toString());
            }
            for (Response response : List.of(ownResponse, foreignResponse)) {
                if (response.status() >= 400) {
                    refused.add(response);
                    if (!row.path.contains("/callback")) {
                        // The OAuth callbacks answer the user's browser with a page, whatever happened.
                        assertThat(response.header("Content-Type")).as("%s as %s", row, caller)
                                .startsWith("application/problem+json");
                    }
                }
            }
        }

        assertThat(actual).isEqualTo(row.expected());
        assertThat(eventsCausedBy(jdbc, refused)).as("events written by refused calls").isZero();
    }

    private Response call(Row row, String caller, UUID organization, Fixture fixture) {
        Api api = switch (caller) {
            case "anonymous" -> anonymous();
            case "no role" -> new Api(http, Tokens.forOrganization(organization, new String[0]));
            default -> as(organization, caller);
        };
        String body = row.body == null ? null : fixture.fill(row.body).replace("{callerOrganization}", organization.toString());
        return api.exchange(row.method, fixture.fill(row.path()), body, Map.of());
    }

    /** An organization with a connected account and a global integration, in the read models too when {@code read}. */
    private Fixture fixture(boolean read) {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        Response account = admin.post("/integrations/accounts", adsAccount("Guarded"));
        assertThat(account.status()).as(account.toString()).isEqualTo(201);
        String accountId = account.body().get("id").asText();
        Response connected = admin.post("/integrations/accounts/" + accountId + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|guarded\"}}");
        assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
        Response integration = GlobalIntegrations.createSlack(admin);
        Response endpoint = admin.post("/integrations/webhook-endpoints",
                "{\"url\":\"https://receiver.example.com/authz\",\"notice_types\":[\"endpoint.disabled\"]}");
        assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
        if (read) {
            admin.get("/integrations/accounts/" + accountId, connected.position());
            admin.get(GlobalIntegrations.PATH + "/" + integration.body().get("id").asText(), integration.position());
        }
        return new Fixture(organization, accountId, integration.body().get("id").asText(), endpoint.body().get("id").asText());
    }

    record Fixture(UUID organization, String accountId, String integrationId, String endpointId) {

        String fill(String template) {
            return template.replace("{accountId}", accountId)
                    .replace("{integrationId}", integrationId)
                    .replace("{endpointId}", endpointId)
                    .replace("{slug}", toolSlug)
                    .replace("{name}", "tools")
                    .replace("{processingGroup}", "tools")
                    .replace("{now}", Instant.now().toString())
                    .replace("{uniqueId}", UUID.randomUUID().toString())
                    .replace("{unique}", "Authz " + UUID.randomUUID());
        }
    }

    static Row row(String endpoint) {
        return new Row(endpoint);
    }

    /** One endpoint's rules: which callers get through and with what status; everyone else gets 403 (401 without a token). */
    static final class Row {

        final HttpMethod method;
        final String path;
        final Map<String, Integer> allowed = new LinkedHashMap<>();
        final Map<String, String> substitutions = new LinkedHashMap<>();
        String body;
        boolean owned;
        boolean platformWide;

        Row(String endpoint) {
            String[] parts = endpoint.split(" ", 2);
            this.method = HttpMethod.valueOf(parts[0]);
            this.path = parts[1];
        }

        Row allow(int status, String... callers) {
            for (String caller : callers) {
                allowed.put(caller, status);
            }
            return this;
        }

        /** A placeholder this row fills with its own value rather than the fixture's. */
        Row with(String placeholder, String value) {
            substitutions.put(placeholder, value);
            return this;
        }

        String path() {
            String filled = path;
            for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
                filled = filled.replace(substitution.getKey(), substitution.getValue());
            }
            return filled;
        }

        Row body(String body) {
            this.body = body;
            return this;
        }

        /** The path names one organization's resource: for another organization it is not found. */
        Row owned() {
            this.owned = true;
            return this;
        }

        /** What the endpoint shows spans every organization by design (operators' endpoints). */
        Row platformWide() {
            this.platformWide = true;
            return this;
        }

        /** The request itself names this organization's resources, which a refusal may then repeat. */
        boolean namesResources() {
            String request = path + (body == null ? "" : body);
            return request.contains("{accountId}") || request.contains("{integrationId}");
        }

        /** The endpoint as Spring MVC names it: method and path pattern, without the query. */
        String endpoint() {
            int query = path.indexOf('?');
            return method + " " + (query < 0 ? path : path.substring(0, query));
        }

        Map<String, Integer> expected() {
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (String caller : CALLERS) {
                int own = allowed.getOrDefault(caller, caller.equals("anonymous") ? 401 : 403);
                expected.put(caller + " own", own);
                expected.put(caller + " foreign", owned && allowed.containsKey(caller) && !caller.equals("anonymous")
                        && allowed.size() < CALLERS.size() ? 404 : own);
            }
            return expected;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
