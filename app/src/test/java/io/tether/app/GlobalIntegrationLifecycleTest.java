package io.tether.app;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.app.GlobalIntegrations.PATH;
import static io.tether.app.GlobalIntegrations.SLACK_SIGNING_SECRET;
import static io.tether.app.GlobalIntegrations.createGitHub;
import static io.tether.app.GlobalIntegrations.createSlack;
import static io.tether.app.GlobalIntegrations.randomAlphanumeric;
import static io.tether.app.GlobalIntegrations.patch;
import static io.tether.app.GlobalIntegrations.service;
import static io.tether.app.GlobalIntegrations.slack;
import static io.tether.app.GlobalIntegrations.tablesContaining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemException;
import io.tether.app.Api.Response;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** REST → command → event → projection → REST, for the whole life of a global integration. */
class GlobalIntegrationLifecycleTest extends EndToEndTest {

    @Autowired
    CredentialCipher cipher;

    @Test
    void creating_answers201WithLocation_theIntegration_andItsWebhookSecretThisOnce() {
        Api api = newOrganization();

        Response created = api.post(PATH, slack("xoxb-created-token"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.body();
        String id = body.get("id").asText();
        assertThat(created.header("Location")).endsWith(PATH + "/" + id);
        assertThat(created.header("Cache-Control")).contains("no-store");
        assertThat(body.get("webhook_secret").isNull()).as("a secret the admin entered is never shown").isTrue();
        assertThat(body.get("service_name").asText()).isEqualTo("slack");
        assertThat(body.get("display_name").asText()).isEqualTo("Team Slack");
        assertThat(body.get("description").asText()).isEqualTo("Alerts for the ops team");
        assertThat(body.get("logo_url").asText()).isEqualTo("https://cdn.example.com/slack.png");
        assertThat(body.get("enabled").asBoolean()).isTrue();
        assertThat(body.get("project_id").isNull()).isTrue();
        assertThat(body.get("config")).isEqualTo(new ObjectMapper().createObjectNode()
                .put("default_channel", "#integrations"));
        assertThat(body.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(body.get("has_credentials").asBoolean()).isTrue();
        assertThat(body.get("created_by").asText()).isEqualTo("alice");
        assertThat(body.get("connected_at").isNull()).isFalse();
        assertThat(body.has("credentials")).isFalse();
        assertThat(created.rawBody()).doesNotContain("xoxb-created-token");

        Response read = api.get(PATH + "/" + id, created.position());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Tether-Consistency")).isEqualTo("caught-up");
        ObjectNode withoutSecret = ((ObjectNode) body.deepCopy());
        withoutSecret.remove("webhook_secret");
        assertThat(read.body()).isEqualTo(withoutSecret);
        assertThat(api.get(PATH, created.position()).body().get("items")).containsExactly(withoutSecret);
    }

    @Test
    void creating_withoutCredentials_givesADisconnectedIntegrationNamedAsTheCatalogNamesTheService() {
        Response created = newOrganization().post(PATH, service("linear", null));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("display_name").asText()).isEqualTo("Linear");
        assertThat(created.body().get("status").asText()).isEqualTo("DISCONNECTED");
        assertThat(created.body().get("has_credentials").asBoolean()).isFalse();
        assertThat(created.body().get("config").isEmpty()).isTrue();
    }

    @Test
    void aSecondIntegrationOfAServiceInTheSameScope_isAConflict_andWritesNothing() {
        Api api = newOrganization();
        UUID project = UUID.randomUUID();
        assertThat(api.post(PATH, service("clickup", null)).status()).isEqualTo(201);
        assertThat(api.post(PATH, service("clickup", project)).status()).isEqualTo(201);

        Response organizationWide = api.post(PATH, service("clickup", null));
        Response sameProject = api.post(PATH, service("clickup", project));

        assertThat(List.of(organizationWide, sameProject)).allSatisfy(duplicate -> {
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.header("Content-Type")).startsWith("application/problem+json");
            assertThat(duplicate.body().get("code").asText()).isEqualTo("global_integration_exists");
            assertThat(duplicate.body().get("errors").get(0).get("field").asText()).isEqualTo("service_name");
        });
        assertThat(eventsCausedBy(organizationWide, sameProject)).isZero();
        assertThat(api.post(PATH, service("clickup", UUID.randomUUID())).status()).isEqualTo(201);
        assertThat(api.post(PATH, service("github", null)).status()).isEqualTo(201);
        assertThat(newOrganization().post(PATH, service("clickup", null)).status()).isEqualTo(201);
    }

    @Test
    void deletingAnIntegration_freesItsScope_andShredsItsKey() {
        UUID organization = UUID.randomUUID();
        Api api = as(organization);
        Response created = createSlack(api);
        String id = created.body().get("id").asText();
        EncryptedCredentials sealedSecret = new EncryptedCredentials(jdbc.queryForObject("""
                SELECT convert_from(payload, 'UTF8')::jsonb -> 'webhookSecret' ->> 'ciphertext' FROM domain_event_entry
                WHERE aggregate_identifier = ? AND sequence_number = 0""", String.class, id));
        CredentialOwner owner = new CredentialOwner(organization, UUID.fromString(id), "webhook_secret");
        assertThat(cipher.decrypt(owner, sealedSecret))
                .isEqualTo(Map.of("webhook_secret", SLACK_SIGNING_SECRET));

        Response deleted = api.delete(PATH + "/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        Response gone = api.get(PATH + "/" + id, deleted.position());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().get("code").asText()).isEqualTo("global_integration_not_found");
        assertThat(api.get(PATH, deleted.position()).body().get("items")).isEmpty();
        assertThat(api.delete(PATH + "/" + id).status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventTypesOf(id).contains("GlobalIntegrationCredentialsShreddedEvent"));
        assertThat(eventTypesOf(id)).containsExactly("GlobalIntegrationCreatedEvent", "GlobalIntegrationConnectedEvent",
                "GlobalIntegrationDeletedEvent", "GlobalIntegrationCredentialsShreddedEvent");
        assertThatThrownBy(() -> cipher.decrypt(owner, sealedSecret)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
        assertThat(api.post(PATH, slack("xoxb-again")).status()).isEqualTo(201);
    }

    @Test
    void aPatch_changesWhatItNames_andLeavesEverythingElse() {
        Api api = newOrganization();
        Response created = createSlack(api);
        String id = created.body().get("id").asText();

        Response renamed = patch(api, id, "{\"display_name\":\"Ops Slack\",\"logo_url\":null}");

        assertThat(renamed.status()).isEqualTo(200);
        JsonNode view = api.get(PATH + "/" + id, renamed.position()).body();
        assertThat(view.get("display_name").asText()).isEqualTo("Ops Slack");
        assertThat(view.get("logo_url").isNull()).isTrue();
        assertThat(view.get("description").asText()).isEqualTo("Alerts for the ops team");
        assertThat(view.get("enabled").asBoolean()).isTrue();
        assertThat(view.get("config").get("default_channel").asText()).isEqualTo("#integrations");
        assertThat(view.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(view).isEqualTo(renamed.body());

        Response reconfigured = patch(api, id,
                "{\"config\":{\"default_channel\":null,\"notify_on\":[\"account_failed\"]},\"enabled\":false}");
        assertThat(reconfigured.status()).isEqualTo(200);
        view = api.get(PATH + "/" + id, reconfigured.position()).body();
        assertThat(view.get("config").toString()).isEqualTo("{\"notify_on\":[\"account_failed\"]}");
        assertThat(view.get("enabled").asBoolean()).isFalse();
        assertThat(view.get("display_name").asText()).isEqualTo("Ops Slack");

        Response disconnected = patch(api, id, "{\"credentials\":null}");
        view = api.get(PATH + "/" + id, disconnected.position()).body();
        assertThat(view.get("status").asText()).isEqualTo("DISCONNECTED");
        assertThat(view.get("has_credentials").asBoolean()).isFalse();
        assertThat(view.get("connected_at").isNull()).isTrue();

        Response reconnected = patch(api, id, "{\"credentials\":{\"bot_token\":\"xoxb-rotated-token\"}}");
        view = api.get(PATH + "/" + id, reconnected.position()).body();
        assertThat(view.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(reconnected.rawBody()).doesNotContain("xoxb-rotated-token");
        assertThat(eventTypesOf(id)).containsExactly("GlobalIntegrationCreatedEvent", "GlobalIntegrationConnectedEvent",
                "GlobalIntegrationDetailsChangedEvent", "GlobalIntegrationDisabledEvent",
                "GlobalIntegrationConfigChangedEvent", "GlobalIntegrationDisconnectedEvent",
                "GlobalIntegrationConnectedEvent");
    }

    @Test
    void aPatchThatChangesNothing_answersTheIntegration_andWritesNoEvent() {
        Api api = newOrganization();
        String id = createSlack(api).body().get("id").asText();

        Response unchanged = patch(api, id, "{\"display_name\":\"Team Slack\",\"enabled\":true}");

        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.body().get("display_name").asText()).isEqualTo("Team Slack");
        assertThat(eventsCausedBy(unchanged)).isZero();
    }

    @Test
    void badPatches_getAProblemNamingTheField_andWriteNothing() {
        Api api = newOrganization();
        String id = createSlack(api).body().get("id").asText();
        Map<String, String> fieldByBody = Map.of(
                "{\"enabled\":\"yes\"}", "enabled",
                "{\"display_name\":null}", "display_name",
                "{\"display_name\":\"\"}", "display_name",
                "{\"service_name\":\"jira\"}", "service_name",
                "{\"project_id\":null}", "project_id",
                "{\"config\":{\"default_channel\":\"Not A Channel!\"}}", "config.default_channel",
                "{\"credentials\":{\"bot_token\":\"nope\"}}", "credentials.bot_token",
                "{\"credentials\":{\"bot_token\":42}}", "credentials.bot_token",
                "{\"logo_url\":\"javascript:alert(1)\"}", "logo_url",
                "{}", "body");
        List<Response> attempts = new ArrayList<>();
        fieldByBody.forEach((body, field) -> {
            Response attempt = patch(api, id, body);
            attempts.add(attempt);
            assertThat(attempt.status()).as(body).isEqualTo(400);
            assertThat(attempt.header("Content-Type")).startsWith("application/problem+json");
            assertThat(attempt.body().get("errors").findValuesAsText("field")).as(body).contains(field);
        });
        Response unknownField = patch(api, id, "{\"colour\":\"red\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.body().get("code").asText()).isEqualTo("unknown_field");
        attempts.add(unknownField);

        assertThat(eventsCausedBy(attempts.toArray(Response[]::new))).isZero();
    }

    @Test
    void badCreations_getAProblemNamingTheField_andWriteNothing() {
        Api api = newOrganization();
        Response unknownService = api.post(PATH, service("teams", null));
        assertThat(unknownService.status()).isEqualTo(400);
        assertThat(unknownService.body().get("code").asText()).isEqualTo("unknown_service");
        assertThat(unknownService.body().get("known_services")).extracting(JsonNode::asText)
                .containsExactly("slack", "clickup", "jira", "github", "linear", "generic");
        Response accountType = api.post(PATH, service("ads-api", null));
        assertThat(accountType.body().get("code").asText()).isEqualTo("unknown_service");
        Response badCredentials = api.post(PATH, "{\"service_name\":\"github\",\"credentials\":{\"token\":\"hunter2\"}}");
        assertThat(badCredentials.status()).isEqualTo(400);
        assertThat(badCredentials.body().get("errors").findValuesAsText("field")).containsExactly("credentials.token");
        assertThat(badCredentials.rawBody()).doesNotContain("hunter2");
        Response badConfig = api.post(PATH, "{\"service_name\":\"jira\",\"config\":[1,2]}");
        assertThat(badConfig.status()).isEqualTo(400);
        Response missingConfig = api.post(PATH, service("jira", null));
        assertThat(missingConfig.status()).isEqualTo(400);
        assertThat(missingConfig.body().get("errors").findValuesAsText("field")).containsExactly("config.site_url");
        Response missingService = api.post(PATH, "{\"display_name\":\"Nameless\"}");
        assertThat(missingService.status()).isEqualTo(400);
        assertThat(missingService.body().get("errors").findValuesAsText("field")).contains("service_name");

        assertThat(eventsCausedBy(unknownService, accountType, badCredentials, badConfig, missingConfig, missingService))
                .isZero();
        assertThat(api.get(PATH).body().get("items")).isEmpty();
    }

    @Test
    void thePublicView_showsWhatTheIntegrationIs_andNothingSensitive() {
        Api api = newOrganization();
        Response created = createSlack(api);
        String id = created.body().get("id").asText();

        Response shown = api.get(PATH + "/" + id + "/public", created.position());

        assertThat(shown.status()).isEqualTo(200);
        List<String> fields = new ArrayList<>();
        shown.body().fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "service_name", "display_name", "description", "logo_url",
                "enabled", "status");
        assertThat(shown.body().get("status").asText()).isEqualTo("CONNECTED");
        assertThat(shown.rawBody()).doesNotContain(SLACK_SIGNING_SECRET)
                .doesNotContain("#integrations").doesNotContain("alice");
        assertThat(newOrganization().get(PATH + "/" + id + "/public").status()).isEqualTo(404);
    }

    @Test
    void aGeneratedWebhookSecret_isShownOnCreationAndOnRotation_andByNothingElse() {
        Api api = newOrganization();
        Response created = createGitHub(api);
        String id = created.body().get("id").asText();
        String first = created.body().get("webhook_secret").asText();

        Response rotated = api.post(PATH + "/" + id + "/webhook-secret", null);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.header("Cache-Control")).contains("no-store");
        String second = rotated.body().get("webhook_secret").asText();
        assertThat(second).matches("[0-9a-f]{64}").isNotEqualTo(first);
        assertThat(rotated.body().get("id").asText()).isEqualTo(id);
        List<Response> reads = List.of(
                api.get(PATH + "/" + id, rotated.position()),
                api.get(PATH, rotated.position()),
                api.get(PATH + "/" + id + "/public"),
                patch(api, id, "{\"description\":\"Still here\"}"));
        assertThat(reads).allSatisfy(read -> {
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.rawBody()).doesNotContain(first).doesNotContain(second).doesNotContain("webhook_secret");
        });
        assertThat(eventTypesOf(id)).contains("WebhookSecretRotatedEvent");
    }

    @Test
    void anotherOrganization_seesNoneOfTheIntegrations_andCannotChangeThem() {
        Api owner = newOrganization();
        Api stranger = newOrganization();
        Response created = createSlack(owner);
        String path = PATH + "/" + created.body().get("id").asText();
        owner.get(path, created.position());

        assertThat(stranger.get(path).status()).isEqualTo(404);
        assertThat(stranger.get(PATH, created.position()).body().get("items")).isEmpty();
        List<Response> attempts = List.of(
                patch(stranger, created.body().get("id").asText(), "{\"enabled\":false}"),
                stranger.post(path + "/webhook-secret", null),
                stranger.delete(path));
        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.status()).isEqualTo(404);
            assertThat(attempt.body().get("code").asText()).isEqualTo("global_integration_not_found");
        });
        assertThat(eventsCausedBy(attempts.toArray(Response[]::new))).isZero();
        assertThat(owner.get(path).body().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void aViewer_readsTheIntegrations_butOnlyAnAdminChangesThem() {
        UUID organization = UUID.randomUUID();
        Response created = createSlack(as(organization));
        String id = created.body().get("id").asText();
        Api viewer = new Api(http, Tokens.forOrganization(organization, "viewer"));
        Api roleless = new Api(http, Tokens.forOrganization(organization, "none"));

        assertThat(viewer.get(PATH + "/" + id, created.position()).status()).isEqualTo(200);
        assertThat(viewer.get(PATH + "/" + id + "/public").status()).isEqualTo(200);
        assertThat(viewer.get(PATH).body().get("items")).hasSize(1);
        assertThat(roleless.get(PATH + "/" + id).status()).isEqualTo(403);
        List<Response> attempts = List.of(
                viewer.post(PATH, service("github", null)),
                patch(viewer, id, "{\"enabled\":false}"),
                viewer.post(PATH + "/" + id + "/webhook-secret", null),
                viewer.delete(PATH + "/" + id));
        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.status()).isEqualTo(403);
            assertThat(attempt.body().get("code").asText()).isEqualTo("forbidden");
        });
        assertThat(eventsCausedBy(attempts.toArray(Response[]::new))).isZero();
    }

    @Test
    void theIdOfAnAccount_isNoGlobalIntegration() {
        Api api = newOrganization();
        Response account = api.post("/integrations/accounts", adsAccount("Not global"));
        String path = PATH + "/" + account.body().get("id").asText();

        assertThat(api.get(path, account.position()).status()).isEqualTo(404);
        List<Response> attempts = List.of(patch(api, account.body().get("id").asText(), "{\"enabled\":false}"),
                api.post(path + "/webhook-secret", null), api.delete(path));
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.status()).isEqualTo(404));
        assertThat(eventsCausedBy(attempts.toArray(Response[]::new))).isZero();
    }

    @Test
    void theList_filtersByServiceEnabledAndProject_andPagesOldestFirst() {
        Api api = newOrganization();
        UUID project = UUID.randomUUID();
        String slack = createSlack(api).body().get("id").asText();
        String clickup = api.post(PATH, service("clickup", project)).body().get("id").asText();
        Response disabled = api.post(PATH, "{\"service_name\":\"linear\",\"enabled\":false}");
        String linear = disabled.body().get("id").asText();

        assertThat(ids(api.get(PATH + "?service_name=clickup", disabled.position()))).containsExactly(clickup);
        assertThat(ids(api.get(PATH + "?enabled=false", disabled.position()))).containsExactly(linear);
        assertThat(ids(api.get(PATH + "?enabled=true", disabled.position()))).containsExactly(slack, clickup);
        assertThat(ids(api.get(PATH + "?project_id=" + project, disabled.position()))).containsExactly(clickup);

        List<String> walked = new ArrayList<>();
        String next = PATH + "?limit=1";
        while (next != null) {
            JsonNode page = api.get(next, disabled.position()).body();
            page.get("items").forEach(item -> walked.add(item.get("id").asText()));
            next = page.get("next_cursor").isNull() ? null : PATH + "?limit=1&cursor=" + page.get("next_cursor").asText();
        }
        assertThat(walked).containsExactly(slack, clickup, linear);

        Response unknownService = api.get(PATH + "?service_name=teams");
        assertThat(unknownService.status()).isEqualTo(400);
        assertThat(unknownService.body().get("code").asText()).isEqualTo("invalid_parameter");
        assertThat(api.get(PATH + "?cursor=not-a-cursor").status()).isEqualTo(400);
        assertThat(api.get(PATH + "?limit=0").status()).isEqualTo(400);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void credentialsAndWebhookSecrets_neverReachAnyTableOrLogInPlaintext(CapturedOutput logs) {
        Api api = newOrganization();
        String canary = "xoxb-CANARY-" + UUID.randomUUID();
        Response created = api.post(PATH, slack(canary));
        String id = created.body().get("id").asText();
        String webhookSecret = SLACK_SIGNING_SECRET;
        String rotatedSecret = randomAlphanumeric(32);
        Response rotated = api.post(PATH + "/" + id + "/webhook-secret", "{\"webhook_secret\":\"" + rotatedSecret + "\"}");
        assertThat(rotated.status()).isEqualTo(200);
        String generatedSecret = createGitHub(api).body().get("webhook_secret").asText();
        String patchCanary = "xoxb-PATCHED-" + UUID.randomUUID();
        Response patched = patch(api, id, "{\"credentials\":{\"bot_token\":\"" + patchCanary + "\"}}");
        api.get(PATH, patched.position());

        // The scan itself must see inside binary columns: the ciphertext prefix is there to be found.
        assertThat(tablesContaining(jdbc, "local:v1:")).contains("domain_event_entry");
        assertThat(tablesContaining(jdbc, id)).contains("domain_event_entry", "global_integrations");
        for (String secret : List.of(canary, patchCanary, webhookSecret, rotatedSecret, generatedSecret)) {
            assertThat(tablesContaining(jdbc, secret)).as("tables holding a secret").isEmpty();
            assertThat(logs.getAll()).doesNotContain(secret);
        }
        assertThat(logs.getAll()).contains("POST");
    }

    private static List<String> ids(Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.body().get("items").findValuesAsText("id");
    }

    private List<String> eventTypesOf(String aggregateId) {
        return jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number", String.class, aggregateId)
                .stream().map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }
}
