package io.tether.app;

import static io.tether.app.GlobalIntegrations.PATH;
import static io.tether.app.GlobalIntegrations.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.api.tool.ToolSlugs;
import io.tether.app.Api.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Tools' required integrations, defined by platform admins, and each organization's onboarding towards them. */
class ToolOnboardingTest extends EndToEndTest {

    private static final String TOOLS = "/integrations/tools/";

    @Test
    void aPlatformAdmin_definesATool_andChangesItsRequirements_eachChangeAnEvent() {
        String slug = newSlug();

        Response defined = define(admin(), slug, "PPC Optimizer", "\"ads-api\",\"slack\"");

        assertThat(defined.status()).isEqualTo(200);
        assertThat(defined.body().get("slug").asText()).isEqualTo(slug);
        assertThat(defined.body().get("required_integrations")).extracting(JsonNode::asText)
                .containsExactly("ads-api", "slack");
        Response read = newOrganization().get(TOOLS + slug, defined.position());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(defined.body());

        Response changed = define(admin(), slug, "PPC Optimizer", "\"ads-api\",\"sp-api-sc\",\"jira\"");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(newOrganization().get(TOOLS + slug, changed.position()).body().get("required_integrations"))
                .extracting(JsonNode::asText).containsExactly("ads-api", "sp-api-sc", "jira");
        Response again = define(admin(), slug, "PPC Optimizer", "\"ads-api\",\"sp-api-sc\",\"jira\"");
        assertThat(again.status()).isEqualTo(200);
        assertThat(eventsCausedBy(again)).isZero();
        assertThat(jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number", String.class, ToolSlugs.toolIdOf(slug).toString()))
                .containsExactly("io.tether.api.tool.ToolDefinedEvent", "io.tether.api.tool.ToolRedefinedEvent");
        assertThat(newOrganization().get("/integrations/tools", changed.position()).body().get("items")
                .findValuesAsText("slug")).contains(slug);
    }

    @Test
    void onlyAPlatformAdmin_mayDefineATool() {
        String slug = newSlug();

        Response refused = define(newOrganization(), slug, "PPC Optimizer", "\"ads-api\"");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().get("code").asText()).isEqualTo("forbidden");
        assertThat(eventsCausedBy(refused)).isZero();
        assertThat(newOrganization().get(TOOLS + slug).status()).isEqualTo(404);
    }

    @Test
    void requirementsThatAreNoCatalogSlugs_areRefused_listingTheKnownOnes() {
        String slug = newSlug();

        Response unknown = define(admin(), slug, "PPC Optimizer", "\"ads-api\",\"amazon-ads\"");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.body().get("code").asText()).isEqualTo("unknown_integration");
        assertThat(unknown.body().get("errors").findValuesAsText("field")).containsExactly("required_integrations[1]");
        assertThat(unknown.body().get("known_integrations")).extracting(JsonNode::asText).containsExactly(
                "sp-api-sc", "sp-api-vc", "ads-api", "walmart-mp-api", "slack", "clickup", "jira", "github", "linear", "generic");
        assertThat(unknown.body().get("detail").asText()).contains("ads-api", "slack", "linear");
        Response repeated = define(admin(), slug, "PPC Optimizer", "\"slack\",\"slack\"");
        assertThat(repeated.status()).isEqualTo(400);
        Response badSlug = define(admin(), "PPC Optimizer!", "PPC Optimizer", "\"slack\"");
        assertThat(badSlug.status()).isEqualTo(400);
        assertThat(badSlug.body().get("errors").findValuesAsText("field")).contains("slug");
        Response noName = admin().exchange(HttpMethod.PUT, TOOLS + slug, "{\"required_integrations\":[]}", Map.of());
        assertThat(noName.status()).isEqualTo(400);
        assertThat(eventsCausedBy(unknown, repeated, badSlug, noName)).isZero();
    }

    @Test
    void onboarding_followsTheOrganizationsAccounts_asTheyConnectAndDisconnect() {
        String slug = newSlug();
        Response defined = define(admin(), slug, "PPC Optimizer", "\"ads-api\",\"slack\"");
        Api api = newOrganization();

        JsonNode before = onboarding(api, slug, defined);
        assertThat(before.get("complete").asBoolean()).isFalse();
        assertThat(before.get("requirements")).hasSize(2);
        JsonNode ads = before.get("requirements").get(0);
        assertThat(ads.get("integration").asText()).isEqualTo("ads-api");
        assertThat(ads.get("kind").asText()).isEqualTo("ACCOUNT");
        assertThat(ads.get("display_name").asText()).isEqualTo("Amazon Ads");
        assertThat(ads.get("satisfied").asBoolean()).isFalse();
        assertThat(ads.get("status").asText()).isEqualTo("MISSING");
        assertThat(ads.get("account_id").isNull()).isTrue();
        assertThat(before.get("requirements").get(1).get("status").asText()).isEqualTo("MISSING");

        Response account = api.post("/integrations/accounts", adsAccount("EU Ads"));
        String accountId = account.body().get("id").asText();
        ads = onboarding(api, slug, account).get("requirements").get(0);
        assertThat(ads.get("status").asText()).isEqualTo("DISCONNECTED");
        assertThat(ads.get("satisfied").asBoolean()).isFalse();
        assertThat(ads.get("account_id").asText()).isEqualTo(accountId);
        assertThat(ads.get("connection_name").asText()).isEqualTo("EU Ads");

        Response connected = api.post("/integrations/accounts/" + accountId + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|onboarding\"}}");
        ads = onboarding(api, slug, connected).get("requirements").get(0);
        assertThat(ads.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(ads.get("satisfied").asBoolean()).isTrue();

        Response otherAccount = api.post("/integrations/accounts", adsAccount("US Ads"));
        ads = onboarding(api, slug, otherAccount).get("requirements").get(0);
        assertThat(ads.get("account_id").asText()).as("the connected account is preferred").isEqualTo(accountId);

        Response disconnected = api.post("/integrations/accounts/" + accountId + "/disconnect", null);
        ads = onboarding(api, slug, disconnected).get("requirements").get(0);
        assertThat(ads.get("status").asText()).isEqualTo("DISCONNECTED");
        assertThat(ads.get("satisfied").asBoolean()).isFalse();

        api.post("/integrations/accounts/" + accountId + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|again\"}}");
        Response failed = api.post("/integrations/accounts/" + accountId + "/mark-failed", "{\"error_message\":\"revoked\"}");
        assertThat(failed.status()).isEqualTo(200);
        ads = onboarding(api, slug, failed).get("requirements").get(0);
        assertThat(ads.get("status").asText()).isEqualTo("ERROR");
        assertThat(ads.get("satisfied").asBoolean()).isFalse();
        assertThat(ads.get("account_id").asText()).isEqualTo(accountId);
    }

    @Test
    void onboarding_countsOnlyEnabledConnectedGlobalIntegrations_andIsCompleteWhenAllAreMet() {
        String slug = newSlug();
        define(admin(), slug, "Listing Doctor", "\"sp-api-sc\",\"slack\"");
        Api api = newOrganization();
        Response account = api.post("/integrations/accounts",
                createBody("AMAZON", "SP_API_SC", "Seller", "NA"));
        Response connectedAccount = api.post("/integrations/accounts/" + account.body().get("id").asText()
                + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|x\",\"selling_partner_id\":\"A1B2C3D4E5\"}}");
        assertThat(connectedAccount.status()).isEqualTo(200);
        JsonNode partly = onboarding(api, slug, connectedAccount);
        assertThat(partly.get("complete").asBoolean()).isFalse();
        assertThat(partly.get("requirements").get(0).get("satisfied").asBoolean()).isTrue();

        Response slack = api.post(PATH, "{\"service_name\":\"slack\",\"display_name\":\"Ops Slack\"}");
        String slackId = slack.body().get("id").asText();
        JsonNode unconnected = onboarding(api, slug, slack).get("requirements").get(1);
        assertThat(unconnected.get("kind").asText()).isEqualTo("SERVICE");
        assertThat(unconnected.get("status").asText()).isEqualTo("DISCONNECTED");
        assertThat(unconnected.get("global_integration_id").asText()).isEqualTo(slackId);
        assertThat(unconnected.get("account_id").isNull()).isTrue();
        assertThat(unconnected.get("connection_name").asText()).isEqualTo("Ops Slack");

        Response connected = patch(api, slackId, "{\"credentials\":{\"bot_token\":\"xoxb-onboarding\"}}");
        JsonNode complete = onboarding(api, slug, connected);
        assertThat(complete.get("complete").asBoolean()).isTrue();
        assertThat(complete.get("requirements").get(1).get("status").asText()).isEqualTo("CONNECTED");

        Response disabled = patch(api, slackId, "{\"enabled\":false}");
        JsonNode whileDisabled = onboarding(api, slug, disabled);
        assertThat(whileDisabled.get("complete").asBoolean()).isFalse();
        assertThat(whileDisabled.get("requirements").get(1).get("status").asText()).isEqualTo("DISABLED");

        JsonNode elsewhere = onboarding(newOrganization(), slug, disabled);
        assertThat(elsewhere.get("requirements")).allSatisfy(requirement ->
                assertThat(requirement.get("status").asText()).isEqualTo("MISSING"));
    }

    @Test
    void onboarding_forAProject_countsThatProjectsAndOrganizationWideIntegrations() {
        String slug = newSlug();
        define(admin(), slug, "Ticket Sync", "\"jira\"");
        Api api = newOrganization();
        UUID project = UUID.randomUUID();
        Response projectJira = api.post(PATH, "{\"service_name\":\"jira\",\"project_id\":\"" + project
                + "\",\"config\":{\"site_url\":\"https://acme.atlassian.net\"},"
                + "\"credentials\":{\"email\":\"ops@acme.test\",\"api_token\":\"ATATT3x\"}}");
        assertThat(projectJira.status()).as(projectJira.toString()).isEqualTo(201);

        Response forProject = api.get(TOOLS + slug + "/onboarding?project_id=" + project, projectJira.position());
        Response forOtherProject = api.get(TOOLS + slug + "/onboarding?project_id=" + UUID.randomUUID(),
                projectJira.position());

        assertThat(forProject.body().get("complete").asBoolean()).isTrue();
        assertThat(forOtherProject.body().get("complete").asBoolean()).isFalse();
        assertThat(forOtherProject.body().get("requirements").get(0).get("status").asText()).isEqualTo("MISSING");
    }

    @Test
    void onboarding_forAnUnknownTool_isNotFound() {
        Response missing = newOrganization().get(TOOLS + newSlug() + "/onboarding");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("code").asText()).isEqualTo("tool_not_found");
    }

    private JsonNode onboarding(Api api, String slug, Response after) {
        Response onboarding = api.get(TOOLS + slug + "/onboarding", after.position());
        assertThat(onboarding.status()).as(onboarding.toString()).isEqualTo(200);
        assertThat(onboarding.header("Tether-Consistency")).isEqualTo("caught-up");
        return onboarding.body();
    }

    private Api admin() {
        return new Api(http, Tokens.forOrganization(UUID.randomUUID(), "platform_admin"));
    }

    private static Response define(Api api, String slug, String displayName, String requiredIntegrations) {
        return api.exchange(HttpMethod.PUT, TOOLS + slug, "{\"display_name\":\"" + displayName
                + "\",\"required_integrations\":[" + requiredIntegrations + "]}", Map.of());
    }

    /** Tools are platform-wide, so each test defines tools of its own. */
    private static String newSlug() {
        return "tool-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
