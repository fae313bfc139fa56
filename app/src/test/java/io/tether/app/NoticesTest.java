package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.svix.Webhook;
import io.tether.app.Api.Response;
import io.tether.app.NoticeReceiver.Received;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * Outbound notices end to end: an action through the REST API, its event, the notices processor's
 * outbox row, the delivery to a receiver on loopback. Every delivery's signature is verified with Svix's
 * Java library, a Standard Webhooks implementation other than the one that signs.
 */
class NoticesTest extends EndToEndTest {

    private static final String ENDPOINTS = "/integrations/webhook-endpoints";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("urn:tether:notices", "classpath:notices/notices.schema.json")));
    static final JsonSchema NOTICE_SCHEMA = SCHEMAS.getSchema(SchemaLocation.of("urn:tether:notices"));

    @Test
    void everyAccountAction_reachesTheEndpoint_asItsNotice_signed_inOrder_withoutASecret() {
        Api api = newOrganization();
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            Response endpoint = register(api, receiver, null);
            String secret = endpoint.body().get("signing_secret").asText();

            Response created = api.post("/integrations/accounts", adsAccount("Noticed"));
            String id = created.body().get("id").asText();
            Response connected = api.post("/integrations/accounts/" + id + "/connect",
                    "{\"credentials\":{\"refresh_token\":\"Atzr|notice-CANARY\"}}");
            api.post("/integrations/accounts/" + id + "/mark-failed", "{\"error_message\":\"Amazon refused the token\"}");
            api.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|notice-CANARY\"}}");
            api.post("/integrations/accounts/" + id + "/disconnect", null);
            assertThat(api.delete("/integrations/accounts/" + id).status()).isEqualTo(204);

            List<String> expected = List.of("account.created", "account.connected", "account.error", "account.connected",
                    "account.recovered", "account.disconnected", "account.deleted");
            await().atMost(PATIENCE).until(() -> receiver.delivered().size() >= expected.size());
            List<Received> delivered = receiver.delivered();
            assertThat(delivered).extracting(Received::type).containsExactlyElementsOf(expected);
            assertThat(delivered).extracting(Received::id).doesNotHaveDuplicates();
            for (Received notice : delivered) {
                assertSignedWith(secret, notice);
                assertMatchesItsSchema(notice);
                assertThat(notice.body()).doesNotContain("CANARY", "Atzr");
                JsonNode data = notice.json().get("data");
                assertThat(data.get("organization_id").asText()).isEqualTo(created.body().get("organization_id").asText());
                assertThat(data.get("resource_type").asText()).isEqualTo("account");
                assertThat(data.get("resource_id").asText()).isEqualTo(id);
                assertThat(data.get("account").get("id").asText()).isEqualTo(id);
                assertThat(data.get("actor").asText()).isEqualTo("alice");
            }
            assertThat(delivered.get(0).json().get("data").get("account")).as("the account as the API showed it")
                    .isEqualTo(created.body());
            assertThat(delivered.get(1).json().get("data").get("request_id").asText())
                    .isEqualTo(connected.header("X-Request-Id"));
            assertThat(delivered.get(2).json().get("data").get("account").get("error_message").asText())
                    .isEqualTo("Amazon refused the token");
            assertThat(delivered.get(4).json().get("data").get("account").get("status").asText()).isEqualTo("CONNECTED");

            String endpointId = endpoint.body().get("id").asText();
            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode deliveries = api.get(ENDPOINTS + "/" + endpointId + "/deliveries").body().get("items");
                assertThat(deliveries).hasSize(expected.size());
                assertThat(deliveries).allSatisfy(delivery -> assertThat(delivery.get("state").asText()).isEqualTo("DELIVERED"));
            });
            JsonNode attempts = api.get(ENDPOINTS + "/" + endpointId + "/attempts").body().get("items");
            assertThat(attempts).hasSize(expected.size());
            assertThat(attempts.get(0).get("status").asInt()).isEqualTo(200);
            assertThat(attempts.get(0).get("response").asText()).isEqualTo("answer 200");
            assertThat(attempts.get(0).has("latency_ms")).isTrue();
        }
    }

    /**
     * A frontend that shows a command's notices lists the endpoint's deliveries with the command's position, as it reads
     * an account back: the list waits until the notices processor has queued them, and says so.
     */
    @Test
    void aCommandsDeliveries_areListedAtOnce_givenItsPosition() {
        Api api = newOrganization();
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            String endpointId = register(api, receiver, null).body().get("id").asText();
            String id = api.post("/integrations/accounts", adsAccount("Listed")).body().get("id").asText();
            Response connected = api.post("/integrations/accounts/" + id + "/connect",
                    "{\"credentials\":{\"refresh_token\":\"Atzr|listed\"}}");

            Response listed = api.get(ENDPOINTS + "/" + endpointId + "/deliveries", connected.position());

            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            assertThat(listed.header("Tether-Consistency")).isEqualTo("caught-up");
            assertThat(listed.body().get("items").findValuesAsText("notice_type"))
                    .as("newest first").containsExactly("account.connected", "account.created");
            assertThat(listed.body().get("items").findValuesAsText("resource_id")).containsOnly(id);
            assertThat(api.get(ENDPOINTS + "/" + endpointId + "/deliveries").header("Tether-Consistency"))
                    .as("no position asked for").isEqualTo("eventual");
        }
    }

    @Test
    void aGlobalIntegrationsLife_reachesTheEndpoint_withItsViewAsTheApiShowsIt() {
        Api api = newOrganization();
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            String secret = register(api, receiver, null).body().get("signing_secret").asText();

            Response created = GlobalIntegrations.createSlack(api);
            String id = created.body().get("id").asText();
            Response disabled = GlobalIntegrations.patch(api, id, "{\"enabled\":false}");
            assertThat(disabled.status()).isEqualTo(200);
            assertThat(api.delete(GlobalIntegrations.PATH + "/" + id).status()).isEqualTo(204);

            List<String> expected = List.of("global_integration.created", "global_integration.connected",
                    "global_integration.disabled", "global_integration.deleted");
            await().atMost(PATIENCE).until(() -> receiver.delivered().size() >= expected.size());
            List<Received> delivered = receiver.delivered();
            assertThat(delivered).extracting(Received::type).containsExactlyElementsOf(expected);
            delivered.forEach(notice -> assertSignedWith(secret, notice));
            delivered.forEach(NoticesTest::assertMatchesItsSchema);
            assertThat(delivered).allSatisfy(notice -> assertThat(notice.body()).doesNotContain("xoxb-", "webhook_secret"));
            JsonNode afterPatch = delivered.get(2).json().get("data").get("global_integration");
            assertThat(afterPatch).as("the integration as the PATCH answered it").isEqualTo(disabled.body());
        }
    }

    @Test
    void anEndpoint_receivesOnlyTheTypesItChose_andAPlatformWideOne_everyOrganizations() {
        Api api = newOrganization();
        Api platform = as(UUID.randomUUID(), "platform_admin");
        try (NoticeReceiver chosen = new NoticeReceiver(); NoticeReceiver everything = new NoticeReceiver()) {
            register(api, chosen, "[\"account.deleted\"]");
            Response platformWide = platform.post(ENDPOINTS,
                    "{\"url\":\"" + everything.url() + "\",\"platform_wide\":true}");
            assertThat(platformWide.status()).as(platformWide.toString()).isEqualTo(201);
            assertThat(platformWide.body().get("organization_id").isNull()).isTrue();

            String id = api.post("/integrations/accounts", adsAccount("Chosen")).body().get("id").asText();
            api.delete("/integrations/accounts/" + id);

            await().atMost(PATIENCE).until(() -> chosen.delivered().size() == 1
                    && everything.delivered().stream().filter(notice -> notice.body().contains(id)).count() == 2);
            assertThat(chosen.delivered().get(0).type()).isEqualTo("account.deleted");
            assertThat(api.get(ENDPOINTS + "/" + platformWide.body().get("id").asText()).status())
                    .as("an organization's admin does not see platform-wide endpoints").isEqualTo(404);
            platform.delete(ENDPOINTS + "/" + platformWide.body().get("id").asText());
        }
    }

    @Test
    void aReceiverDownForAWhile_getsEverythingOnceBack_inOrder_withTheSameIds() {
        Api api = newOrganization();
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            AtomicInteger refusals = new AtomicInteger();
            receiver.answerWith(() -> refusals.getAndIncrement() < 3 ? 503 : 200);
            String secret = register(api, receiver, null).body().get("signing_secret").asText();

            String first = api.post("/integrations/accounts", adsAccount("Down one")).body().get("id").asText();
            String second = api.post("/integrations/accounts", adsAccount("Down two")).body().get("id").asText();
            api.post("/integrations/accounts/" + first + "/disconnect", null);
            api.delete("/integrations/accounts/" + first);
            api.delete("/integrations/accounts/" + second);

            await().atMost(PATIENCE).until(() -> receiver.delivered().size() >= 4);
            List<Received> received = receiver.received();
            List<Received> delivered = receiver.delivered();
            assertThat(received).filteredOn(notice -> notice.answeredWith() == 503).as("refused while down").hasSize(3)
                    .extracting(Received::id).as("each delivered once back, with the same id")
                    .isSubsetOf(delivered.stream().map(Received::id).toList());
            assertThat(delivered).extracting(Received::type).containsExactlyInAnyOrder("account.created",
                    "account.created", "account.deleted", "account.deleted");
            assertThat(delivered).extracting(Received::id).doesNotHaveDuplicates();
            // In order per resource, as promised; two accounts' notices may interleave (the processor has segments).
            for (String account : List.of(first, second)) {
                assertThat(delivered).filteredOn(notice -> notice.body().contains(account))
                        .extracting(Received::type).as("account %s", account)
                        .containsExactly("account.created", "account.deleted");
            }
            delivered.forEach(notice -> assertSignedWith(secret, notice));

            String scraped = as(UUID.randomUUID(), "metrics").get("/actuator/prometheus").rawBody();
            assertThat(scraped).contains("tether_notices_deliveries_total{outcome=\"retrying\",type=\"account.created\"}",
                    "tether_notices_deliveries_total{outcome=\"delivered\",type=\"account.deleted\"}",
                    "tether_notices_pending", "tether_notices_oldest_pending_age_seconds");
        }
    }

    @Test
    void aRotatedSecret_keepsSigningBesideTheNewOne_andNeitherIsShownAgain() {
        Api api = newOrganization();
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            Response endpoint = register(api, receiver, null);
            String id = endpoint.body().get("id").asText();
            String oldSecret = endpoint.body().get("signing_secret").asText();
            assertThat(oldSecret).matches("whsec_[A-Za-z0-9+/]{32}");

            Response rotated = api.post(ENDPOINTS + "/" + id + "/rotate-secret", null);
            assertThat(rotated.status()).isEqualTo(200);
            String newSecret = rotated.body().get("signing_secret").asText();
            assertThat(newSecret).isNotEqualTo(oldSecret).startsWith("whsec_");

            api.post("/integrations/accounts", adsAccount("Rotated"));
            await().atMost(PATIENCE).until(() -> receiver.delivered().size() == 1);
            Received notice = receiver.delivered().get(0);
            assertThat(notice.headers().firstValue("webhook-signature").orElseThrow().split(" ")).hasSize(2);
            assertSignedWith(newSecret, notice);
            assertSignedWith(oldSecret, notice);

            assertThat(api.get(ENDPOINTS + "/" + id).rawBody()).doesNotContain("signing_secret", oldSecret, newSecret);
            assertThat(api.get(ENDPOINTS).rawBody()).doesNotContain("signing_secret");
            String stored = jdbc.queryForObject("SELECT signing_secret || ' ' || previous_signing_secret"
                    + " FROM notice_endpoints WHERE id = ?::uuid", String.class, id);
            assertThat(stored).startsWith("local:v").doesNotContain(oldSecret.substring(6), newSecret.substring(6));
        }
    }

    @Test
    void anEndpointAnswering410_isDisabled_andTheOrganizationsOtherEndpointsAreTold() {
        Api api = newOrganization();
        try (NoticeReceiver gone = new NoticeReceiver(); NoticeReceiver other = new NoticeReceiver()) {
            gone.answerWith(() -> 410);
            String goneId = register(api, gone, "[\"account.created\"]").body().get("id").asText();
            register(api, other, "[\"endpoint.disabled\"]");

            api.post("/integrations/accounts", adsAccount("Gone"));

            await().atMost(PATIENCE).until(() -> other.delivered().size() == 1);
            Received told = other.delivered().get(0);
            assertThat(told.type()).isEqualTo("endpoint.disabled");
            assertMatchesItsSchema(told);
            assertThat(told.json().get("data").get("resource_id").asText()).isEqualTo(goneId);
            JsonNode endpoint = api.get(ENDPOINTS + "/" + goneId).body();
            assertThat(endpoint.get("enabled").asBoolean()).isFalse();
            assertThat(endpoint.get("disabled_reason").asText()).contains("410");
            assertThat(gone.received()).hasSize(1);
        }
    }

    @Test
    void anAdmin_retriesOneDelivery_andReplaysATimeRange_withTheSameIds() {
        Api api = newOrganization();
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            String endpointId = register(api, receiver, null).body().get("id").asText();
            api.post("/integrations/accounts", adsAccount("Replayed"));
            await().atMost(PATIENCE).until(() -> receiver.delivered().size() == 1);
            String noticeId = receiver.delivered().get(0).id();
            long deliveryId = api.get(ENDPOINTS + "/" + endpointId + "/deliveries").body().get("items").get(0).get("id").asLong();

            assertThat(api.post(ENDPOINTS + "/" + endpointId + "/deliveries/" + deliveryId + "/retry", null).status())
                    .isEqualTo(202);
            await().atMost(PATIENCE).until(() -> receiver.delivered().size() == 2);
            Response replay = api.post(ENDPOINTS + "/" + endpointId + "/replay",
                    "{\"since\":\"2020-01-01T00:00:00Z\",\"until\":\"2100-01-01T00:00:00Z\"}");
            assertThat(replay.status()).isEqualTo(202);
            assertThat(replay.body().get("deliveries").asInt()).isEqualTo(1);
            await().atMost(PATIENCE).until(() -> receiver.delivered().size() == 3);
            assertThat(receiver.delivered()).extracting(Received::id).containsOnly(noticeId);
            assertThat(api.post(ENDPOINTS + "/" + endpointId + "/deliveries/" + (deliveryId + 1_000_000) + "/retry", null)
                    .body().get("code").asText()).isEqualTo("notice_delivery_not_found");
        }
    }

    @Test
    void endpoints_areTheAdminsOfTheirOrganization_only_andRefuseBadInput() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization);
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            String id = register(admin, receiver, null).body().get("id").asText();
            assertThat(as(organization, "viewer").get(ENDPOINTS + "/" + id).status()).isEqualTo(403);
            assertThat(as(organization, "viewer").get(ENDPOINTS).status()).isEqualTo(403);
            assertThat(newOrganization().get(ENDPOINTS + "/" + id).status()).isEqualTo(404);
            assertThat(newOrganization().post(ENDPOINTS, "{\"url\":\"" + receiver.url() + "\",\"platform_wide\":true}")
                    .status()).as("only a platform admin registers platform-wide endpoints").isEqualTo(403);

            Response unknownType = admin.post(ENDPOINTS, "{\"url\":\"" + receiver.url() + "\",\"notice_types\":[\"account.nope\"]}");
            assertThat(unknownType.status()).isEqualTo(400);
            assertThat(unknownType.body().get("errors").get(0).get("field").asText()).isEqualTo("notice_types");
            assertThat(admin.post(ENDPOINTS, "{\"url\":\"ftp://example.com/x\"}").body().get("errors").get(0)
                    .get("message").asText()).contains("https");
            assertThat(admin.post(ENDPOINTS, "{}").status()).isEqualTo(400);

            Response patched = admin.exchange(HttpMethod.PATCH, ENDPOINTS + "/" + id,
                    "{\"description\":\"ops\",\"notice_types\":[\"account.created\"]}", Map.of());
            assertThat(patched.status()).isEqualTo(200);
            assertThat(patched.body().get("description").asText()).isEqualTo("ops");
            assertThat(patched.body().get("notice_types")).hasSize(1);
            assertThat(admin.exchange(HttpMethod.PATCH, ENDPOINTS + "/" + id, "{\"enabled\":\"yes\"}", Map.of()).status())
                    .isEqualTo(400);

            assertThat(admin.delete(ENDPOINTS + "/" + id).status()).isEqualTo(204);
            assertThat(admin.get(ENDPOINTS + "/" + id).body().get("code").asText()).isEqualTo("webhook_endpoint_not_found");
            assertThat(jdbc.queryForList("SELECT change FROM notice_endpoint_changes WHERE endpoint_id = ?::uuid ORDER BY id",
                    String.class, id)).containsExactly("created", "updated notice_types, description", "deleted");
        }
    }

    @Test
    void offboardingAnOrganization_deletesItsEndpoints_withTheirPendingDeliveriesAndAttempts_butNoOtherOrganizations() {
        UUID organization = UUID.randomUUID();
        Api api = as(organization);
        Api other = newOrganization();
        try (NoticeReceiver down = new NoticeReceiver(); NoticeReceiver othersReceiver = new NoticeReceiver()) {
            down.answerWith(() -> 503);
            String endpointId = register(api, down, "[\"account.created\"]").body().get("id").asText();
            String othersEndpointId = register(other, othersReceiver, "[\"account.created\"]").body().get("id").asText();
            api.post("/integrations/accounts", adsAccount("Offboarded"));
            other.post("/integrations/accounts", adsAccount("Staying"));
            // The failed attempt is recorded after the receiver has answered 503: wait for its row too.
            await().atMost(PATIENCE).until(() -> !down.received().isEmpty() && othersReceiver.delivered().size() == 1
                    && rowsOfEndpoint("notice_attempts", endpointId) > 0);
            assertThat(rowsOfEndpoint("notice_deliveries", endpointId)).isPositive();

            Response offboarded = api.post("/integrations/organization/offboard",
                    "{\"confirm_organization_id\":\"" + organization + "\"}");

            assertThat(offboarded.status()).as(offboarded.toString()).isEqualTo(200);
            assertThat(offboarded.body().get("deleted_notice_endpoints")).extracting(JsonNode::asText).containsExactly(endpointId);
            assertThat(api.get(ENDPOINTS + "/" + endpointId).status()).isEqualTo(404);
            assertThat(rowsOfEndpoint("notice_endpoints", endpointId, "id")).isZero();
            assertThat(rowsOfEndpoint("notice_deliveries", endpointId)).isZero();
            assertThat(rowsOfEndpoint("notice_attempts", endpointId)).isZero();
            assertThat(jdbc.queryForList("SELECT change FROM notice_endpoint_changes WHERE endpoint_id = ?::uuid ORDER BY id",
                    String.class, endpointId)).containsExactly("created", "deleted: the organization was offboarded");
            assertThat(other.get(ENDPOINTS + "/" + othersEndpointId).status()).isEqualTo(200);
            assertThat(rowsOfEndpoint("notice_deliveries", othersEndpointId)).isEqualTo(1);
        }
    }

    private long rowsOfEndpoint(String table, String endpointId) {
        return rowsOfEndpoint(table, endpointId, "endpoint_id");
    }

    private long rowsOfEndpoint(String table, String endpointId, String column) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE " + column + " = ?::uuid", Long.class, endpointId);
    }

    static Response register(Api api, NoticeReceiver receiver, String noticeTypes) {
        Response created = api.post(ENDPOINTS, "{\"url\":\"" + receiver.url() + "\",\"description\":\"test receiver\""
                + (noticeTypes == null ? "" : ",\"notice_types\":" + noticeTypes) + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith(ENDPOINTS + "/" + created.body().get("id").asText());
        return created;
    }

    /** The notice matches the JSON Schema of its type that docs/notices.md publishes. */
    static void assertMatchesItsSchema(Received notice) {
        assertThat(NOTICE_SCHEMA.validate(notice.json())).as("%s against notices.schema.json", notice.body()).isEmpty();
        JsonSchema ofItsType = SCHEMAS.getSchema(SchemaLocation.of("urn:tether:notices#/$defs/" + notice.type()));
        assertThat(ofItsType.validate(notice.json())).as("%s against the schema of %s", notice.body(), notice.type()).isEmpty();
        assertThat(OpenApiContract.webhookBodySchema(notice.type())).as("x-webhooks of docs/openapi.json has %s", notice.type())
                .isNotNull();
        ValidationReport asDocumented = OpenApiContract.checkAgainst(OpenApiContract.webhookBodySchema(notice.type()), notice.body());
        assertThat(asDocumented.hasErrors()).as("%s against x-webhooks %s of the OpenAPI document: %s", notice.body(), notice.type(),
                SimpleValidationReportFormat.getInstance().apply(asDocumented)).isFalse();
    }

    static void assertSignedWith(String secret, Received notice) {
        assertThatCode(() -> new Webhook(secret).verify(notice.body(), notice.headers()))
                .as("Svix verifies notice %s", notice.id())
                .doesNotThrowAnyException();
    }
}
