package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;

/** Which roles may call which account endpoint: every other role gets a 403 and changes nothing. */
class AccountRolesTest extends EndToEndTest {

    private static final List<String> ROLES = List.of("viewer", "admin", "auditor", "service", "platform_admin", "none");
    private static final Set<String> READERS = Set.of("viewer", "admin", "auditor", "service");

    private UUID organization;
    private String account;

    @BeforeEach
    void aConnectedAccount() {
        organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        account = admin.post("/integrations/accounts", adsAccount("Guarded")).body().get("id").asText();
        admin.post("/integrations/accounts/" + account + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|g\"}}");
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                endpoint("GET", "", null, READERS),
                endpoint("GET", "/{id}", null, READERS),
                endpoint("POST", "", "{\"marketplace\":\"AMAZON\",\"integration_type\":\"SP_API_SC\",\"account_name\":\"R\","
                        + "\"region\":\"NA\"}", Set.of("admin")),
                endpoint("POST", "/{id}/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|h\"}}", Set.of("admin")),
                endpoint("POST", "/{id}/mark-failed", "{\"error_message\":\"refused\"}", Set.of("admin", "service")),
                endpoint("POST", "/{id}/credentials", "{\"purpose\":\"sync\"}", Set.of("service")),
                endpoint("POST", "/{id}/key/rotate", null, Set.of("admin")),
                endpoint("POST", "/{id}/disconnect", null, Set.of("admin")),
                endpoint("DELETE", "/{id}", null, Set.of("admin")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void onlyTheRolesThatMay_getThrough(String method, String suffix, String body, Set<String> allowed) {
        for (String role : ROLES) {
            Api caller = role.equals("none") ? new Api(http, Tokens.forOrganization(organization, new String[0]))
                    : as(organization, role);
            Response response = caller.exchange(HttpMethod.valueOf(method),
                    "/integrations/accounts" + suffix.replace("{id}", account), body, Map.of());
            if (allowed.contains(role)) {
                assertThat(response.status()).as("%s as %s: %s", method, role, response).isNotEqualTo(403).isLessThan(500);
            } else {
                assertThat(response.status()).as("%s as %s", method, role).isEqualTo(403);
                assertThat(response.body().get("code").asText()).isEqualTo("forbidden");
                assertThat(eventsCausedBy(response)).isZero();
            }
        }
    }

    private static Arguments endpoint(String method, String suffix, String body, Set<String> allowed) {
        return Arguments.of(method, suffix, body, allowed);
    }
}
