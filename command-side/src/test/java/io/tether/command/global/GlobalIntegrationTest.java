package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_CHANGED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_ALREADY_SHREDDED;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_TAKEN;
import static io.tether.api.problem.ProblemCode.ILLEGAL_GLOBAL_INTEGRATION_STATE;
import static io.tether.api.problem.ProblemCode.INTEGRATION_DISABLED;
import static io.tether.api.problem.ProblemCode.INVALID_GLOBAL_INTEGRATION;
import static io.tether.api.problem.ProblemCode.INVALID_SHAPE;
import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.api.problem.ProblemCode.OAUTH_FLOW_MISMATCH;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_ALREADY_USED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_EXPIRED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_UNKNOWN;
import static io.tether.api.problem.ProblemCode.REPLAYED_WEBHOOK;
import static io.tether.api.problem.ProblemCode.STALE_WEBHOOK;
import static io.tether.api.problem.ProblemCode.UNKNOWN_SERVICE;
import static io.tether.api.problem.ProblemCode.WEBHOOK_BODY_EXPIRED;
import static io.tether.api.problem.ProblemCode.WEBHOOK_DELIVERY_NOT_FOUND;
import static io.tether.command.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.tether.api.global.CheckGlobalIntegrationCredentialsCommand;
import io.tether.api.global.CompleteGlobalIntegrationOAuthCommand;
import io.tether.api.global.ExpireGlobalIntegrationOAuthCommand;
import io.tether.api.global.FailGlobalIntegrationOAuthCommand;
import io.tether.api.global.GlobalIntegrationOAuthCompletedEvent;
import io.tether.api.global.GlobalIntegrationOAuthExpiredEvent;
import io.tether.api.global.GlobalIntegrationOAuthFailedEvent;
import io.tether.api.global.GlobalIntegrationOAuthStartedEvent;
import io.tether.api.global.GlobalIntegrationOAuthStartedView;
import io.tether.api.global.GlobalIntegrationOAuthStateRedeemedEvent;
import io.tether.api.global.RedeemGlobalIntegrationOAuthStateCommand;
import io.tether.api.global.RedeemedGlobalIntegrationOAuthStateView;
import io.tether.api.global.StartGlobalIntegrationOAuthCommand;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.global.CreateGlobalIntegrationCommand;
import io.tether.api.global.GlobalIntegrationCredentialsReadEvent;
import io.tether.api.global.GlobalIntegrationCredentialsRejectedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsVerifiedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsView;
import io.tether.api.global.ReadGlobalIntegrationCredentialsCommand;
import io.tether.api.global.RecordGlobalIntegrationCredentialsCheckCommand;
import io.tether.api.global.DeleteGlobalIntegrationCommand;
import io.tether.api.global.GlobalIntegrationConfigChangedEvent;
import io.tether.api.global.GlobalIntegrationConnectedEvent;
import io.tether.api.global.GlobalIntegrationCreatedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsShreddedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsShreddingPendingEvent;
import io.tether.api.global.GlobalIntegrationDeletedEvent;
import io.tether.api.global.GlobalIntegrationKeyRotatedEvent;
import io.tether.api.global.GlobalIntegrationKeyView;
import io.tether.api.global.RotateGlobalIntegrationKeyCommand;
import io.tether.api.global.GlobalIntegrationDetailsChangedEvent;
import io.tether.api.global.GlobalIntegrationDisabledEvent;
import io.tether.api.global.GlobalIntegrationDisconnectedEvent;
import io.tether.api.global.GlobalIntegrationEnabledEvent;
import io.tether.api.global.GlobalIntegrationStatus;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.PatchedField;
import io.tether.api.global.ReadWebhookDeliveryBodyCommand;
import io.tether.api.global.ReceiveWebhookDeliveryCommand;
import io.tether.api.global.RotateWebhookSecretCommand;
import io.tether.api.global.ShredGlobalIntegrationCredentialsCommand;
import io.tether.api.global.UpdateGlobalIntegrationCommand;
import io.tether.api.global.WebhookDeliveryBodyReadEvent;
import io.tether.api.global.WebhookDeliveryBodyView;
import io.tether.api.global.WebhookDeliveryReceivedEvent;
import io.tether.api.global.WebhookDeliveryView;
import io.tether.api.global.WebhookSecretRotatedEvent;
import io.tether.api.problem.FieldProblem;
import io.tether.api.problem.ProblemException;
import io.tether.command.TestClocks;
import io.tether.command.catalog.CredentialShapes;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.credentials.ShreddingResult;
import io.tether.command.credentials.TestCiphers;
import io.tether.command.global.WebhookDeliveries.AcceptedDelivery;
import io.tether.command.global.WebhookDeliveries.KeptDelivery;
import io.tether.command.global.webhook.WebhookFormats;
import io.tether.command.provider.CredentialsUnderCheck;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.mockito.ArgumentCaptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GlobalIntegrationTest {

    private static final UUID ORGANIZATION_ID = UUID.randomUUID();
    private static final UUID OTHER_ORGANIZATION_ID = UUID.randomUUID();
    private static final UUID INTEGRATION_ID = UUID.randomUUID();
    private static final UUID PROJECT_ID = UUID.randomUUID();

    private static final Instant CREATED_AT = Instant.parse("2025-03-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2025-03-05T16:45:00Z");

    private static final Map<String, String> CREDENTIALS = Map.of("bot_token", "xoxb-first-bot-token");
    private static final Map<String, String> NEW_CREDENTIALS = Map.of(
            "bot_token", "xoxb-second-bot-token", "signing_secret", "0123456789abcdef0123456789abcdef");
    private static final Map<String, Object> CONFIG = Map.of("default_channel", "#integrations");
    /** Slack issues the webhook secret (its app's signing secret: 32 hex digits); an admin enters it. */
    private static final String WEBHOOK_SECRET = "0123456789abcdef".repeat(2);
    private static final String NEW_WEBHOOK_SECRET = "fedcba9876543210".repeat(2);

    private final CredentialCipher cipher = TestCiphers.localKeyring();
    private final GlobalIntegrationScopes scopes = mock(GlobalIntegrationScopes.class);
    private final WebhookDeliveries deliveries = mock(WebhookDeliveries.class);
    private AggregateTestFixture<GlobalIntegration> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(GlobalIntegration.class);
        fixture.registerInjectableResource(cipher);
        fixture.registerInjectableResource(scopes);
        fixture.registerInjectableResource(deliveries);
        fixture.registerInjectableResource(new CredentialShapes());
        fixture.registerInjectableResource(new WebhookFormats());
        fixture.registerInjectableResource(new WebhookSecrets());
        fixture.registerInjectableResource(TestClocks.fixtureEventClock());
    }

    @Nested
    class Create {

        @Test
        void create_withCredentials_reservesTheScopeSealsEverySecretAndAnswersConnected() {
            fixture.givenCurrentTime(NOW)
                    .when(createCommand(CREDENTIALS))
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(exactSequenceOf(
                            messageWithPayload(predicate(payload -> {
                                GlobalIntegrationCreatedEvent event = (GlobalIntegrationCreatedEvent) payload;
                                assertThat(event).usingRecursiveComparison().ignoringFields("webhookSecret")
                                        .isEqualTo(integrationCreated());
                                assertThat(event.webhookSecret().ciphertext()).doesNotContain(WEBHOOK_SECRET);
                                assertThat(cipher.decrypt(webhookSecretOwner(), event.webhookSecret()))
                                        .isEqualTo(Map.of("webhook_secret", WEBHOOK_SECRET));
                                return true;
                            })),
                            connectedWith(CREDENTIALS),
                            andNoMore()))
                    .expectResultMessagePayload(new WithWebhookSecret(new GlobalIntegrationView(INTEGRATION_ID,
                            ORGANIZATION_ID, PROJECT_ID, "slack", "Team Slack", "Alerts for the ops team",
                            "https://cdn.example.com/slack.png", true, CONFIG, GlobalIntegrationStatus.CONNECTED, null, true,
                            "alice", NOW, NOW, NOW), null));

            verify(scopes).reserve(ORGANIZATION_ID, PROJECT_ID, "slack", INTEGRATION_ID);
            verifyNoMoreInteractions(scopes);
        }

        @Test
        void create_withoutCredentials_isDisconnected_andTakesTheCatalogsDisplayNameWhenGivenNone() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID, null, "linear", null, null,
                            null, true, null, null, WEBHOOK_SECRET, "alice"))
                    .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                        assertThat(payload).isInstanceOf(GlobalIntegrationCreatedEvent.class);
                        return true;
                    })), andNoMore()))
                    .expectResultMessagePayloadMatching(view(view -> {
                        assertThat(view.displayName()).isEqualTo("Linear");
                        assertThat(view.projectId()).isNull();
                        assertThat(view.config()).isEmpty();
                        assertThat(view.status()).isEqualTo(GlobalIntegrationStatus.DISCONNECTED);
                        assertThat(view.hasCredentials()).isFalse();
                        assertThat(view.connectedAt()).isNull();
                    }));

            verify(scopes).reserve(ORGANIZATION_ID, null, "linear", INTEGRATION_ID);
        }

        @Test
        void create_ofAServiceWhoseProviderTakesAnySecret_generatesIt_sealsIt_andAnswersItThisOnce() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID, null, "github", null, null,
                            null, true, null, null, null, "alice"))
                    .expectResultMessagePayloadMatching(predicate((WithWebhookSecret created) -> {
                        assertThat(created.webhookSecret()).matches("[0-9a-f]{64}");
                        return true;
                    }))
                    .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                        GlobalIntegrationCreatedEvent event = (GlobalIntegrationCreatedEvent) payload;
                        assertThat(cipher.decrypt(webhookSecretOwner(), event.webhookSecret()).get("webhook_secret"))
                                .matches("[0-9a-f]{64}");
                        return true;
                    })), andNoMore()));
        }

        @Test
        void create_ofAServiceWhoseProviderIssuesTheSecret_withoutOne_hasNoneUntilAnAdminEntersIt() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID, null, "slack", null, null,
                            null, true, null, null, null, "alice"))
                    .expectResultMessagePayloadMatching(predicate((WithWebhookSecret created) -> created.webhookSecret() == null))
                    .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload ->
                            ((GlobalIntegrationCreatedEvent) payload).webhookSecret() == null)), andNoMore()));
        }

        @Test
        void create_withASecretWhereTetherMakesIt_orOfTheWrongShape_isRejectedBeforeTheScopeIsReserved() {
            for (String[] serviceAndSecret : new String[][] {{"github", "a".repeat(64)}, {"slack", "a".repeat(64)}}) {
                fixture.givenNoPriorActivity()
                        .when(new CreateGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID, null,
                                serviceAndSecret[0], null, null, null, true, null, null, serviceAndSecret[1], "alice"))
                        .expectNoEvents()
                        .expectException(problem(INVALID_GLOBAL_INTEGRATION))
                        .expectException(predicate((ProblemException e) -> e.errors().stream()
                                .map(FieldProblem::field).toList().equals(List.of("webhook_secret"))));
            }
            verifyNoInteractions(scopes);
        }

        @Test
        void create_forAServiceTheCatalogDoesNotKnow_isRejectedBeforeTheScopeIsReserved() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID, null, "teams", null, null,
                            null, true, null, CREDENTIALS, WEBHOOK_SECRET, "alice"))
                    .expectNoEvents()
                    .expectException(problem(UNKNOWN_SERVICE))
                    .expectExceptionMessage(predicate((String message) -> message.contains("slack, clickup, jira")));

            verifyNoInteractions(scopes);
        }

        @Test
        void create_forAnAccountTypeOfTheCatalog_isRejected_forItIsNoService() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID, null, "ads-api", null, null,
                            null, true, null, null, WEBHOOK_SECRET, "alice"))
                    .expectNoEvents()
                    .expectException(problem(UNKNOWN_SERVICE));
        }

        @Test
        void create_withConfigOfTheWrongShape_isRejected() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID, null, "slack", null, null,
                            null, true, Map.of("default_channel", "Not A Channel!", "colour", "red"), CREDENTIALS,
                            WEBHOOK_SECRET, "alice"))
                    .expectNoEvents()
                    .expectException(problem(INVALID_SHAPE))
                    .expectException(predicate((ProblemException e) -> e.errors().stream()
                            .map(FieldProblem::field).toList()
                            .equals(List.of("config.colour", "config.default_channel"))));

            verifyNoInteractions(scopes);
        }

        @Test
        void create_withCredentialsOfTheWrongShape_isRejectedBeforeAnythingIsSealed() {
            fixture.givenNoPriorActivity()
                    .when(createCommand(Map.of("bot_token", "not-a-bot-token")))
                    .expectNoEvents()
                    .expectException(problem(INVALID_SHAPE))
                    .expectException(predicate((ProblemException e) ->
                            e.errors().get(0).field().equals("credentials.bot_token")));

            verifyNoInteractions(scopes);
        }

        @Test
        void create_whenTheServiceIsTakenInThatScope_isRejected() {
            doThrow(GLOBAL_INTEGRATION_TAKEN.exception("The organization already has a slack integration"))
                    .when(scopes).reserve(ORGANIZATION_ID, PROJECT_ID, "slack", INTEGRATION_ID);

            fixture.givenNoPriorActivity()
                    .when(createCommand(CREDENTIALS))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_TAKEN));
        }
    }

    @Nested
    class Update {

        @Test
        void update_ofTheDisplayFields_changesOnlyThoseNamed() {
            fixture.givenCurrentTime(CREATED_AT)
                    .andGiven(integrationCreated())
                    .andGivenCurrentTime(NOW)
                    .when(patch(Set.of(PatchedField.DISPLAY_NAME, PatchedField.LOGO_URL), "  Ops Slack ", null,
                            null, null, null, null))
                    .expectEvents(new GlobalIntegrationDetailsChangedEvent(INTEGRATION_ID, "Ops Slack",
                            "Alerts for the ops team", null))
                    .expectResultMessagePayloadMatching(view(view -> {
                        assertThat(view.displayName()).isEqualTo("Ops Slack");
                        assertThat(view.description()).isEqualTo("Alerts for the ops team");
                        assertThat(view.logoUrl()).isNull();
                        assertThat(view.config()).isEqualTo(CONFIG);
                        assertThat(view.createdAt()).isEqualTo(CREATED_AT);
                        assertThat(view.updatedAt()).isEqualTo(NOW);
                    }));
        }

        @Test
        void update_ofTheConfig_mergesThePatchIntoTheCurrentConfig() {
            Map<String, Object> configPatch = new HashMap<>();
            configPatch.put("default_channel", null);
            configPatch.put("notify_on", List.of("account_failed"));

            fixture.given(integrationCreated())
                    .when(patch(Set.of(PatchedField.CONFIG), null, null, null, null, configPatch, null))
                    .expectEvents(new GlobalIntegrationConfigChangedEvent(INTEGRATION_ID,
                            Map.of("notify_on", List.of("account_failed"))));
        }

        @Test
        void update_ofTheConfigToNull_clearsIt() {
            fixture.given(integrationCreated())
                    .when(patch(Set.of(PatchedField.CONFIG), null, null, null, null, null, null))
                    .expectEvents(new GlobalIntegrationConfigChangedEvent(INTEGRATION_ID, Map.of()));
        }

        @Test
        void update_withAConfigTheSchemaRefuses_isRejected() {
            fixture.given(integrationCreated())
                    .when(patch(Set.of(PatchedField.CONFIG), null, null, null, null,
                            Map.of("notify_on", List.of("lunch_is_ready")), null))
                    .expectNoEvents()
                    .expectException(problem(INVALID_SHAPE))
                    .expectException(predicate((ProblemException e) ->
                            e.errors().get(0).field().equals("config.notify_on[0]")));
        }

        @Test
        void update_disablingAndEnabling_isRecorded() {
            fixture.given(integrationCreated())
                    .when(patch(Set.of(PatchedField.ENABLED), null, null, null, false, null, null))
                    .expectEvents(new GlobalIntegrationDisabledEvent(INTEGRATION_ID))
                    .expectResultMessagePayloadMatching(view(view -> assertThat(view.enabled()).isFalse()));

            fixture.given(integrationCreated(), new GlobalIntegrationDisabledEvent(INTEGRATION_ID))
                    .when(patch(Set.of(PatchedField.ENABLED), null, null, null, true, null, null))
                    .expectEvents(new GlobalIntegrationEnabledEvent(INTEGRATION_ID));
        }

        @Test
        void update_withNewCredentials_sealsThemAndConnects() {
            fixture.givenCurrentTime(CREATED_AT)
                    .andGiven(integrationCreated(), connected(CREDENTIALS))
                    .andGivenCurrentTime(NOW)
                    .when(patch(Set.of(PatchedField.CREDENTIALS), null, null, null, null, null, NEW_CREDENTIALS))
                    .expectEventsMatching(exactSequenceOf(connectedWith(NEW_CREDENTIALS), andNoMore()))
                    .expectResultMessagePayloadMatching(view(view -> {
                        assertThat(view.status()).isEqualTo(GlobalIntegrationStatus.CONNECTED);
                        assertThat(view.connectedAt()).isEqualTo(NOW);
                    }));
        }

        @Test
        void update_removingTheCredentials_disconnects() {
            fixture.given(integrationCreated(), connected(CREDENTIALS))
                    .when(patch(Set.of(PatchedField.CREDENTIALS), null, null, null, null, null, null))
                    .expectEvents(new GlobalIntegrationDisconnectedEvent(INTEGRATION_ID))
                    .expectResultMessagePayloadMatching(view(view -> {
                        assertThat(view.status()).isEqualTo(GlobalIntegrationStatus.DISCONNECTED);
                        assertThat(view.hasCredentials()).isFalse();
                        assertThat(view.connectedAt()).isNull();
                    }));
        }

        @Test
        void update_withCredentialsOfTheWrongShape_isRejectedAndNothingElseChanges() {
            fixture.given(integrationCreated(), connected(CREDENTIALS))
                    .when(patch(Set.of(PatchedField.CREDENTIALS, PatchedField.ENABLED), null, null, null, false, null,
                            Map.of("token", "xoxb-wrong-field")))
                    .expectNoEvents()
                    .expectException(problem(INVALID_SHAPE));
        }

        @Test
        void update_toWhatItAlreadyIs_changesNothing() {
            fixture.given(integrationCreated())
                    .when(patch(Set.of(PatchedField.DISPLAY_NAME, PatchedField.ENABLED, PatchedField.CONFIG,
                                    PatchedField.CREDENTIALS), "Team Slack", null, null, true,
                            Map.of("default_channel", "#integrations"), null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void update_removingTheDisplayName_isRejected() {
            fixture.given(integrationCreated())
                    .when(patch(Set.of(PatchedField.DISPLAY_NAME), null, null, null, null, null, null))
                    .expectNoEvents()
                    .expectException(problem(INVALID_GLOBAL_INTEGRATION))
                    .expectException(predicate((ProblemException e) ->
                            e.errors().get(0).field().equals("display_name")));
        }

        @Test
        void update_removingTheEnabledFlag_isRejected() {
            fixture.given(integrationCreated())
                    .when(patch(Set.of(PatchedField.ENABLED), null, null, null, null, null, null))
                    .expectNoEvents()
                    .expectException(problem(INVALID_GLOBAL_INTEGRATION))
                    .expectException(predicate((ProblemException e) ->
                            e.errors().get(0).field().equals("enabled")));
        }

        @Test
        void update_byAnotherOrganization_isRejectedAsNotFound() {
            fixture.given(integrationCreated())
                    .when(new UpdateGlobalIntegrationCommand(INTEGRATION_ID, OTHER_ORGANIZATION_ID,
                            Set.of(PatchedField.ENABLED), null, null, null, false, null, null))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }

        @Test
        void update_whenDeleted_isRejectedAsNotFound() {
            fixture.given(integrationCreated(), new GlobalIntegrationDeletedEvent(INTEGRATION_ID))
                    .when(patch(Set.of(PatchedField.ENABLED), null, null, null, false, null, null))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }
    }

    @Nested
    class RotateWebhookSecret {

        @Test
        void rotate_sealsTheNewSecretSoThatOnlyItOpens() {
            fixture.givenCurrentTime(CREATED_AT)
                    .andGiven(integrationCreated())
                    .andGivenCurrentTime(NOW)
                    .when(new RotateWebhookSecretCommand(INTEGRATION_ID, ORGANIZATION_ID, NEW_WEBHOOK_SECRET))
                    .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                        WebhookSecretRotatedEvent event = (WebhookSecretRotatedEvent) payload;
                        assertThat(event.integrationId()).isEqualTo(INTEGRATION_ID);
                        assertThat(event.webhookSecret().ciphertext()).doesNotContain(NEW_WEBHOOK_SECRET);
                        assertThat(cipher.decrypt(webhookSecretOwner(), event.webhookSecret()))
                                .isEqualTo(Map.of("webhook_secret", NEW_WEBHOOK_SECRET));
                        return true;
                    })), andNoMore()))
                    .expectResultMessagePayloadMatching(view(view -> assertThat(view.updatedAt()).isEqualTo(NOW)))
                    .expectResultMessagePayloadMatching(predicate((WithWebhookSecret rotated) -> rotated.webhookSecret() == null));
        }

        @Test
        void rotate_withoutASecret_whereTheProviderIssuesIt_isRejected() {
            fixture.given(integrationCreated())
                    .when(new RotateWebhookSecretCommand(INTEGRATION_ID, ORGANIZATION_ID, null))
                    .expectNoEvents()
                    .expectException(problem(INVALID_GLOBAL_INTEGRATION));
        }

        @Test
        void rotate_byAnotherOrganization_isRejectedAsNotFound() {
            fixture.given(integrationCreated())
                    .when(new RotateWebhookSecretCommand(INTEGRATION_ID, OTHER_ORGANIZATION_ID, NEW_WEBHOOK_SECRET))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }

        @Test
        void rotate_whenDeleted_isRejectedAsNotFound() {
            fixture.given(integrationCreated(), new GlobalIntegrationDeletedEvent(INTEGRATION_ID))
                    .when(new RotateWebhookSecretCommand(INTEGRATION_ID, ORGANIZATION_ID, NEW_WEBHOOK_SECRET))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }
    }

    @Nested
    class Delete {

        @Test
        void delete_releasesTheScopeForgetsTheDeliveriesAndDeletes() {
            fixture.given(integrationCreated(), connected(CREDENTIALS))
                    .when(new DeleteGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID))
                    .expectEvents(new GlobalIntegrationDeletedEvent(INTEGRATION_ID));

            verify(scopes).release(INTEGRATION_ID);
            verify(deliveries).forget(INTEGRATION_ID);
        }

        @Test
        void delete_whenAlreadyDeleted_isRejectedAsNotFound() {
            fixture.given(integrationCreated(), new GlobalIntegrationDeletedEvent(INTEGRATION_ID))
                    .when(new DeleteGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));

            verify(scopes, never()).release(any());
        }

        @Test
        void delete_byAnotherOrganization_isRejectedAsNotFound() {
            fixture.given(integrationCreated())
                    .when(new DeleteGlobalIntegrationCommand(INTEGRATION_ID, OTHER_ORGANIZATION_ID))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));

            verify(scopes, never()).release(any());
        }
    }

    @Nested
    class RotateKey {

        @Test
        void rotateKey_reSealsTheCredentialsAndTheWebhookSecretUnderTheNewVersion() {
            fixture.given(integrationCreated(), connected(CREDENTIALS))
                    .when(new RotateGlobalIntegrationKeyCommand(INTEGRATION_ID, ORGANIZATION_ID))
                    .expectResultMessagePayload(new GlobalIntegrationKeyView(INTEGRATION_ID, 2))
                    .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                            org.axonframework.test.matchers.Matchers.messageWithPayload(
                                    org.axonframework.test.matchers.Matchers.predicate(payload -> {
                                        GlobalIntegrationKeyRotatedEvent event = (GlobalIntegrationKeyRotatedEvent) payload;
                                        assertThat(event.keyVersion()).isEqualTo(2);
                                        assertThat(cipher.decrypt(credentialsOwner(), event.credentials())).isEqualTo(CREDENTIALS);
                                        assertThat(event.webhookSecret().keyVersion()).isEqualTo(2);
                                        assertThat(cipher.decrypt(webhookSecretOwner(), event.webhookSecret())).isNotEmpty();
                                        return true;
                                    })),
                            org.axonframework.test.matchers.Matchers.andNoMore()));
        }

        @Test
        void rotateKey_byAnotherOrganization_isRejected() {
            fixture.given(integrationCreated())
                    .when(new RotateGlobalIntegrationKeyCommand(INTEGRATION_ID, OTHER_ORGANIZATION_ID))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }
    }

    @Nested
    class Shred {

        @Test
        void shred_afterDeletion_destroysTheKeySoThatNeitherCredentialsNorWebhookSecretOpen() {
            GlobalIntegrationCreatedEvent created = integrationCreated();
            GlobalIntegrationConnectedEvent connected = connected(CREDENTIALS);
            fixture.given(created, connected, new GlobalIntegrationDeletedEvent(INTEGRATION_ID))
                    .when(new ShredGlobalIntegrationCredentialsCommand(INTEGRATION_ID))
                    .expectEvents(new GlobalIntegrationCredentialsShreddedEvent(INTEGRATION_ID));

            assertThatThrownBy(() -> cipher.decrypt(credentialsOwner(), connected.credentials()))
                    .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
            assertThatThrownBy(() -> cipher.decrypt(webhookSecretOwner(), created.webhookSecret()))
                    .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
        }

        @Test
        void shred_ofALiveIntegration_isRejectedAndTheKeyStays() {
            GlobalIntegrationConnectedEvent connected = connected(CREDENTIALS);
            fixture.given(integrationCreated(), connected)
                    .when(new ShredGlobalIntegrationCredentialsCommand(INTEGRATION_ID))
                    .expectNoEvents()
                    .expectException(problem(ILLEGAL_GLOBAL_INTEGRATION_STATE));

            assertThat(cipher.decrypt(credentialsOwner(), connected.credentials())).isEqualTo(CREDENTIALS);
        }

        @Test
        void shred_thatTheKeyStoreCannotConfirm_isPending_onRecordOncePerReason_andNotShredded() {
            CredentialCipher sealed = mock(CredentialCipher.class);
            doThrow(CREDENTIAL_STORE_UNAVAILABLE.exception("Vault is sealed"))
                    .when(sealed).destroyKey(INTEGRATION_ID);
            AggregateTestFixture<GlobalIntegration> refusing = new AggregateTestFixture<>(GlobalIntegration.class);
            refusing.registerInjectableResource(sealed);
            GlobalIntegrationCredentialsShreddingPendingEvent pending =
                    new GlobalIntegrationCredentialsShreddingPendingEvent(INTEGRATION_ID, "credential_store_unavailable");

            refusing.given(integrationCreated(), new GlobalIntegrationDeletedEvent(INTEGRATION_ID))
                    .when(new ShredGlobalIntegrationCredentialsCommand(INTEGRATION_ID))
                    .expectEvents(pending)
                    .expectResultMessagePayload(new ShreddingResult("credential_store_unavailable"));
            refusing.given(integrationCreated(), new GlobalIntegrationDeletedEvent(INTEGRATION_ID), pending)
                    .when(new ShredGlobalIntegrationCredentialsCommand(INTEGRATION_ID))
                    .expectNoEvents();
        }

        @Test
        void shred_twice_isRejected() {
            fixture.given(integrationCreated(), new GlobalIntegrationDeletedEvent(INTEGRATION_ID),
                            new GlobalIntegrationCredentialsShreddedEvent(INTEGRATION_ID))
                    .when(new ShredGlobalIntegrationCredentialsCommand(INTEGRATION_ID))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_ALREADY_SHREDDED));
        }
    }

    /** The integration is Slack's: deliveries are signed as Slack signs them (its format has tests of its own). */
    @Nested
    class ReceiveWebhook {

        private static final byte[] BODY = "{\"type\":\"event_callback\",\"event_id\":\"Ev042\",\"event\":{\"type\":\"app_mention\"}}"
                .getBytes(StandardCharsets.UTF_8);

        private final String timestamp = String.valueOf(NOW.getEpochSecond() - 30);

        @Test
        void aDeliverySignedWithTheSecret_isRecordedByItsDigest_andItsBodyKeptSealedForItAlone() {
            fixture.givenCurrentTime(NOW)
                    .andGiven(integrationCreated())
                    .when(delivery(sign(WEBHOOK_SECRET, timestamp, BODY), timestamp, BODY))
                    .expectEvents(new WebhookDeliveryReceivedEvent(INTEGRATION_ID, "Ev042", sha256(BODY),
                            Instant.ofEpochSecond(Long.parseLong(timestamp)), "app_mention"))
                    .expectResultMessagePayload(WebhookAnswer.accepted(
                            new WebhookDeliveryView(INTEGRATION_ID, "Ev042", "app_mention", sha256(BODY), NOW)));

            ArgumentCaptor<AcceptedDelivery> recorded = ArgumentCaptor.forClass(AcceptedDelivery.class);
            verify(deliveries).record(recorded.capture());
            AcceptedDelivery accepted = recorded.getValue();
            assertThat(accepted.deliveryId()).isEqualTo("Ev042");
            assertThat(accepted.type()).isEqualTo("app_mention");
            assertThat(accepted.receivedAt()).isEqualTo(NOW);
            assertThat(accepted.signedContentSha256())
                    .isEqualTo(sha256(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII), BODY));
            assertThat(accepted.sealedBody().ciphertext()).doesNotContain("app_mention");
            assertThat(cipher.decrypt(bodyOwner("Ev042"), accepted.sealedBody()))
                    .isEqualTo(Map.of("body", Base64.getEncoder().encodeToString(BODY)));
            assertThatThrownBy(() -> cipher.decrypt(bodyOwner("Ev043"), accepted.sealedBody()))
                    .as("a body opens for its own delivery only").isInstanceOf(ProblemException.class);
        }

        @Test
        void aUrlVerification_isAnsweredWithItsChallenge_andRecordsNothing() {
            byte[] challenge = "{\"type\":\"url_verification\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}"
                    .getBytes(StandardCharsets.UTF_8);
            fixture.givenCurrentTime(NOW)
                    .andGiven(integrationCreated())
                    .when(delivery(sign(WEBHOOK_SECRET, timestamp, challenge), timestamp, challenge))
                    .expectNoEvents()
                    .expectResultMessagePayload(WebhookAnswer.challenge("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));

            verifyNoInteractions(deliveries);
        }

        @Test
        void aDeliverySignedWithTheRotatedSecret_isAccepted_andOneSignedWithTheOldSecretIsNot() {
            WebhookSecretRotatedEvent rotated = new WebhookSecretRotatedEvent(INTEGRATION_ID,
                    cipher.encrypt(webhookSecretOwner(), Map.of("webhook_secret", NEW_WEBHOOK_SECRET)));
            fixture.givenCurrentTime(NOW)
                    .andGiven(integrationCreated(), rotated)
                    .when(delivery(sign(WEBHOOK_SECRET, timestamp, BODY), timestamp, BODY))
                    .expectNoEvents()
                    .expectException(problem(INVALID_WEBHOOK_SIGNATURE));

            fixture.givenCurrentTime(NOW)
                    .andGiven(integrationCreated(), rotated)
                    .when(delivery(sign(NEW_WEBHOOK_SECRET, timestamp, BODY), timestamp, BODY))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aDeliveryBeforeAnAdminEnteredTheSecret_isRejectedAsUnsigned() {
            fixture.givenCurrentTime(NOW)
                    .andGiven(new GlobalIntegrationCreatedEvent(INTEGRATION_ID, ORGANIZATION_ID, PROJECT_ID, "slack",
                            "Team Slack", null, null, true, CONFIG, null, "alice"))
                    .when(delivery(sign(WEBHOOK_SECRET, timestamp, BODY), timestamp, BODY))
                    .expectNoEvents()
                    .expectException(problem(INVALID_WEBHOOK_SIGNATURE));
        }

        @Test
        void aDeliveryToADisabledIntegration_isRejectedEvenWhenWellSigned() {
            fixture.givenCurrentTime(NOW)
                    .andGiven(integrationCreated(), new GlobalIntegrationDisabledEvent(INTEGRATION_ID))
                    .when(delivery(sign(WEBHOOK_SECRET, timestamp, BODY), timestamp, BODY))
                    .expectNoEvents()
                    .expectException(problem(INTEGRATION_DISABLED));

            verifyNoInteractions(deliveries);
        }

        @Test
        void aDeliveryWithAnAlteredBody_isRejected() {
            byte[] altered = Arrays.copyOf(BODY, BODY.length);
            altered[altered.length - 4] = 'X';
            fixture.givenCurrentTime(NOW)
                    .andGiven(integrationCreated())
                    .when(delivery(sign(WEBHOOK_SECRET, timestamp, BODY), timestamp, altered))
                    .expectNoEvents()
                    .expectException(problem(INVALID_WEBHOOK_SIGNATURE));

            verifyNoInteractions(deliveries);
        }

        @Test
        void aWellSignedDelivery_signedMoreThanFiveMinutesAgoOrAhead_isRejectedAsStale() {
            for (long offset : new long[] {-301, 301}) {
                String signedAt = String.valueOf(NOW.getEpochSecond() + offset);
                fixture.givenCurrentTime(NOW)
                        .andGiven(integrationCreated())
                        .when(delivery(sign(WEBHOOK_SECRET, signedAt, BODY), signedAt, BODY))
                        .expectNoEvents()
                        .expectException(problem(STALE_WEBHOOK));
            }
            verifyNoInteractions(deliveries);
        }

        @Test
        void aDeliverySignedExactlyFiveMinutesAgo_isStillFresh() {
            String signedAt = String.valueOf(NOW.getEpochSecond() - 300);
            fixture.givenCurrentTime(NOW)
                    .andGiven(integrationCreated())
                    .when(delivery(sign(WEBHOOK_SECRET, signedAt, BODY), signedAt, BODY))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aReplayedDelivery_isRejected() {
            doThrow(REPLAYED_WEBHOOK.exception("Delivery Ev042 was already received"))
                    .when(deliveries).record(any());

            fixture.givenCurrentTime(NOW)
                    .andGiven(integrationCreated())
                    .when(delivery(sign(WEBHOOK_SECRET, timestamp, BODY), timestamp, BODY))
                    .expectNoEvents()
                    .expectException(problem(REPLAYED_WEBHOOK));
        }

        @Test
        void aDeliveryToADeletedIntegration_isRejectedAsNotFound() {
            fixture.givenCurrentTime(NOW)
                    .andGiven(integrationCreated(), new GlobalIntegrationDeletedEvent(INTEGRATION_ID))
                    .when(delivery(sign(WEBHOOK_SECRET, timestamp, BODY), timestamp, BODY))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }

        private static ReceiveWebhookDeliveryCommand delivery(String signature, String timestamp, byte[] body) {
            Map<String, String> headers = new HashMap<>();
            headers.put("x-slack-signature", signature);
            headers.put("x-slack-request-timestamp", timestamp);
            return new ReceiveWebhookDeliveryCommand(INTEGRATION_ID, headers, body);
        }
    }

    @Nested
    class ReadWebhookDeliveryBody {

        private static final byte[] BODY = "{\"event\":{\"type\":\"app_mention\"}}".getBytes(StandardCharsets.UTF_8);

        private KeptDelivery kept(Instant expiresAt) {
            return new KeptDelivery("app_mention", sha256(BODY), CREATED_AT, expiresAt, cipher.encrypt(bodyOwner("Ev042"),
                    Map.of("body", Base64.getEncoder().encodeToString(BODY))));
        }

        @Test
        void aKeptBody_isOpenedForAWorker_andTheReadIsRecorded() {
            KeptDelivery kept = kept(NOW.plusSeconds(60));
            when(deliveries.find(INTEGRATION_ID, "Ev042")).thenReturn(Optional.of(kept));

            fixture.givenCurrentTime(NOW)
                    .andGiven(integrationCreated())
                    .when(new ReadWebhookDeliveryBodyCommand(INTEGRATION_ID, ORGANIZATION_ID, "Ev042"))
                    .expectEvents(new WebhookDeliveryBodyReadEvent(INTEGRATION_ID, "Ev042"))
                    .expectResultMessagePayload(new WebhookDeliveryBodyView(INTEGRATION_ID, "Ev042", "app_mention",
                            sha256(BODY), CREATED_AT, NOW.plusSeconds(60), Base64.getEncoder().encodeToString(BODY)));
        }

        @Test
        void aBodyWhoseTimeIsUp_orNoLongerKept_isGone() {
            for (KeptDelivery gone : List.of(kept(NOW), new KeptDelivery("app_mention", sha256(BODY), CREATED_AT,
                    NOW.minusSeconds(1), null))) {
                when(deliveries.find(INTEGRATION_ID, "Ev042")).thenReturn(Optional.of(gone));
                fixture.givenCurrentTime(NOW)
                        .andGiven(integrationCreated())
                        .when(new ReadWebhookDeliveryBodyCommand(INTEGRATION_ID, ORGANIZATION_ID, "Ev042"))
                        .expectNoEvents()
                        .expectException(problem(WEBHOOK_BODY_EXPIRED));
            }
        }

        @Test
        void aDeliveryTheIntegrationNeverAccepted_isNotFound() {
            when(deliveries.find(INTEGRATION_ID, "Ev404")).thenReturn(Optional.empty());

            fixture.given(integrationCreated())
                    .when(new ReadWebhookDeliveryBodyCommand(INTEGRATION_ID, ORGANIZATION_ID, "Ev404"))
                    .expectNoEvents()
                    .expectException(problem(WEBHOOK_DELIVERY_NOT_FOUND));
        }

        @Test
        void anotherOrganizationsWorker_findsNoSuchIntegration() {
            fixture.given(integrationCreated())
                    .when(new ReadWebhookDeliveryBodyCommand(INTEGRATION_ID, OTHER_ORGANIZATION_ID, "Ev042"))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));

            verifyNoInteractions(deliveries);
        }
    }

    @Nested
    class CheckCredentials {

        private static final String REFUSED = "Slack did not accept the bot token (token_revoked)";

        @Test
        void check_opensTheCredentialsWithTheConfig_forTheService_andRecordsNothing() {
            GlobalIntegrationConnectedEvent stored = connected(CREDENTIALS);
            fixture.given(integrationCreated(), stored)
                    .when(new CheckGlobalIntegrationCredentialsCommand(INTEGRATION_ID, ORGANIZATION_ID))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(predicate(payload -> {
                        CredentialsUnderCheck check = (CredentialsUnderCheck) payload;
                        assertThat(check.slug()).isEqualTo("slack");
                        assertThat(check.sealed()).isEqualTo(stored.credentials());
                        assertThat(check.credentials().credentials()).isEqualTo(CREDENTIALS);
                        assertThat(check.credentials().config()).isEqualTo(CONFIG);
                        return true;
                    }));
        }

        @Test
        void check_withoutCredentials_isRejected() {
            fixture.given(integrationCreated())
                    .when(new CheckGlobalIntegrationCredentialsCommand(INTEGRATION_ID, ORGANIZATION_ID))
                    .expectNoEvents()
                    .expectException(problem(ILLEGAL_GLOBAL_INTEGRATION_STATE));
        }

        @Test
        void recordCheck_refused_putsTheIntegrationInError_withTheReason() {
            GlobalIntegrationConnectedEvent stored = connected(CREDENTIALS);
            fixture.given(integrationCreated(), stored)
                    .when(new RecordGlobalIntegrationCredentialsCheckCommand(INTEGRATION_ID, ORGANIZATION_ID,
                            stored.credentials(), false, REFUSED))
                    .expectEvents(new GlobalIntegrationCredentialsRejectedEvent(INTEGRATION_ID, REFUSED))
                    .expectResultMessagePayloadMatching(view(integration -> {
                        assertThat(integration.status()).isEqualTo(GlobalIntegrationStatus.ERROR);
                        assertThat(integration.errorMessage()).isEqualTo(REFUSED);
                    }));
        }

        @Test
        void recordCheck_accepted_whenInError_recordsTheRecovery() {
            GlobalIntegrationConnectedEvent stored = connected(CREDENTIALS);
            fixture.given(integrationCreated(), stored, new GlobalIntegrationCredentialsRejectedEvent(INTEGRATION_ID, REFUSED))
                    .when(new RecordGlobalIntegrationCredentialsCheckCommand(INTEGRATION_ID, ORGANIZATION_ID,
                            stored.credentials(), true, null))
                    .expectEvents(new GlobalIntegrationCredentialsVerifiedEvent(INTEGRATION_ID, true))
                    .expectResultMessagePayloadMatching(view(integration -> {
                        assertThat(integration.status()).isEqualTo(GlobalIntegrationStatus.CONNECTED);
                        assertThat(integration.errorMessage()).isNull();
                    }));
        }

        @Test
        void recordCheck_accepted_whenConnected_recordsTheVerification_withoutRecovery() {
            GlobalIntegrationConnectedEvent stored = connected(CREDENTIALS);
            fixture.given(integrationCreated(), stored)
                    .when(new RecordGlobalIntegrationCredentialsCheckCommand(INTEGRATION_ID, ORGANIZATION_ID,
                            stored.credentials(), true, null))
                    .expectEvents(new GlobalIntegrationCredentialsVerifiedEvent(INTEGRATION_ID, false));
        }

        @Test
        void recordCheck_refusedAgainForTheSameReason_addsNothingToTheHistory() {
            GlobalIntegrationConnectedEvent stored = connected(CREDENTIALS);
            fixture.given(integrationCreated(), stored, new GlobalIntegrationCredentialsRejectedEvent(INTEGRATION_ID, REFUSED))
                    .when(new RecordGlobalIntegrationCredentialsCheckCommand(INTEGRATION_ID, ORGANIZATION_ID,
                            stored.credentials(), false, REFUSED))
                    .expectNoEvents();
        }

        @Test
        void recordCheck_ofCredentialsReplacedMeanwhile_isRejected() {
            GlobalIntegrationConnectedEvent first = connected(CREDENTIALS);
            fixture.given(integrationCreated(), first, connected(NEW_CREDENTIALS))
                    .when(new RecordGlobalIntegrationCredentialsCheckCommand(INTEGRATION_ID, ORGANIZATION_ID,
                            first.credentials(), false, REFUSED))
                    .expectNoEvents()
                    .expectException(problem(CREDENTIALS_CHANGED));
        }

        @Test
        void reconnecting_clearsTheError() {
            fixture.given(integrationCreated(), connected(CREDENTIALS),
                            new GlobalIntegrationCredentialsRejectedEvent(INTEGRATION_ID, REFUSED))
                    .when(patch(Set.of(PatchedField.CREDENTIALS), null, null, null, null, null, NEW_CREDENTIALS))
                    .expectResultMessagePayloadMatching(view(integration -> {
                        assertThat(integration.status()).isEqualTo(GlobalIntegrationStatus.CONNECTED);
                        assertThat(integration.errorMessage()).isNull();
                    }));
        }
    }

    @Nested
    class ReadCredentials {

        @Test
        void read_opensTheCredentialsAndConfig_andRecordsTheReadWithItsPurpose() {
            fixture.given(integrationCreated(), connected(CREDENTIALS))
                    .when(new ReadGlobalIntegrationCredentialsCommand(INTEGRATION_ID, ORGANIZATION_ID, "post alerts"))
                    .expectEvents(new GlobalIntegrationCredentialsReadEvent(INTEGRATION_ID, 1, "post alerts"))
                    .expectResultMessagePayload(new GlobalIntegrationCredentialsView(INTEGRATION_ID, "slack", CONFIG,
                            CREDENTIALS));
        }

        @Test
        void read_withoutCredentials_isRejected() {
            fixture.given(integrationCreated())
                    .when(new ReadGlobalIntegrationCredentialsCommand(INTEGRATION_ID, ORGANIZATION_ID, "post alerts"))
                    .expectNoEvents()
                    .expectException(problem(ILLEGAL_GLOBAL_INTEGRATION_STATE));
        }

        @Test
        void read_afterDeletion_isRejectedAsNotFound() {
            fixture.given(integrationCreated(), connected(CREDENTIALS), new GlobalIntegrationDeletedEvent(INTEGRATION_ID))
                    .when(new ReadGlobalIntegrationCredentialsCommand(INTEGRATION_ID, ORGANIZATION_ID, "post alerts"))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }

        @Test
        void read_byAnotherOrganization_isRejectedAsNotFound() {
            fixture.given(integrationCreated(), connected(CREDENTIALS))
                    .when(new ReadGlobalIntegrationCredentialsCommand(INTEGRATION_ID, OTHER_ORGANIZATION_ID, "post alerts"))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }
    }

    @Nested
    class SlackInstall {

        private static final String STATE = "s".repeat(43);
        private static final String NEWER_STATE = "n".repeat(43);
        private static final Instant EXPIRES_AT = NOW.plus(Duration.ofMinutes(10));
        private static final Map<String, String> INSTALLED = Map.of("bot_token", "xoxb-17653672481-19874698323-pdFZKVeTuE8",
                "team_id", "T9TK3CUKW", "team_name", "Slack Softball Team", "bot_user_id", "U0KRQLJ9H",
                "scope", "chat:write,incoming-webhook",
                "incoming_webhook_url", "https://hooks.slack.com/services/T9TK3CUKW/B0123/abcdefghij");

        @Test
        void start_forASlackIntegration_recordsOnlyTheStatesHashAndDeadline_andKeepsItsStatus() {
            fixture.given(integrationCreated())
                    .andGivenCurrentTime(NOW)
                    .when(start(ORGANIZATION_ID, STATE))
                    .expectEvents(started(STATE))
                    .expectResultMessagePayloadMatching(predicate((GlobalIntegrationOAuthStartedView started) -> {
                        assertThat(started.expiresAt()).isEqualTo(EXPIRES_AT);
                        assertThat(started.integration().status()).isEqualTo(GlobalIntegrationStatus.DISCONNECTED);
                        return true;
                    }));
        }

        @Test
        void start_forAServiceThatConnectsWithCredentials_isRejected() {
            fixture.given(new GlobalIntegrationCreatedEvent(INTEGRATION_ID, ORGANIZATION_ID, null, "linear", "Linear",
                            null, null, true, Map.of(), null, "alice"))
                    .when(start(ORGANIZATION_ID, STATE))
                    .expectNoEvents()
                    .expectException(problem(OAUTH_FLOW_MISMATCH));
        }

        @Test
        void start_byAnotherOrganization_findsNoSuchIntegration() {
            fixture.given(integrationCreated())
                    .when(start(OTHER_ORGANIZATION_ID, STATE))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }

        @Test
        void start_afterDeletion_findsNoSuchIntegration() {
            fixture.given(integrationCreated(), new GlobalIntegrationDeletedEvent(INTEGRATION_ID))
                    .when(start(ORGANIZATION_ID, STATE))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }

        @Test
        void redeem_ofThePendingStateInTime_usesItUp_andAnswersWhatTheExchangeNeeds() {
            fixture.given(integrationCreated(), started(STATE))
                    .andGivenCurrentTime(NOW.plusSeconds(30))
                    .when(new RedeemGlobalIntegrationOAuthStateCommand(INTEGRATION_ID, STATE))
                    .expectEvents(new GlobalIntegrationOAuthStateRedeemedEvent(INTEGRATION_ID, hash(STATE)))
                    .expectResultMessagePayload(new RedeemedGlobalIntegrationOAuthStateView(INTEGRATION_ID,
                            ORGANIZATION_ID, OAuthFlow.SLACK, hash(STATE)));
        }

        @Test
        void redeem_ofAStateANewerInstallReplaced_isUnknown() {
            fixture.given(integrationCreated(), started(STATE), started(NEWER_STATE))
                    .when(new RedeemGlobalIntegrationOAuthStateCommand(INTEGRATION_ID, STATE))
                    .expectNoEvents()
                    .expectException(problem(OAUTH_STATE_UNKNOWN));
        }

        @Test
        void redeem_twice_isRejectedAsAlreadyUsed() {
            fixture.given(integrationCreated(), started(STATE), redeemed(STATE))
                    .when(new RedeemGlobalIntegrationOAuthStateCommand(INTEGRATION_ID, STATE))
                    .expectNoEvents()
                    .expectException(problem(OAUTH_STATE_ALREADY_USED));
        }

        @Test
        void redeem_atTheDeadline_isRejectedAsExpired() {
            fixture.given(integrationCreated(), started(STATE))
                    .andGivenCurrentTime(EXPIRES_AT)
                    .when(new RedeemGlobalIntegrationOAuthStateCommand(INTEGRATION_ID, STATE))
                    .expectNoEvents()
                    .expectException(problem(OAUTH_STATE_EXPIRED));
        }

        @Test
        void redeem_afterDeletion_findsNoSuchIntegration() {
            fixture.given(integrationCreated(), started(STATE), new GlobalIntegrationDeletedEvent(INTEGRATION_ID))
                    .when(new RedeemGlobalIntegrationOAuthStateCommand(INTEGRATION_ID, STATE))
                    .expectNoEvents()
                    .expectException(problem(GLOBAL_INTEGRATION_NOT_FOUND));
        }

        @Test
        void complete_sealsTheBotTokenAsTheCredentials_connects_andRecordsTheWorkspace() {
            fixture.given(integrationCreated(), started(STATE), redeemed(STATE))
                    .when(complete(STATE, INSTALLED))
                    .expectEventsMatching(exactSequenceOf(connectedWith(INSTALLED),
                            messageWithPayload(org.hamcrest.Matchers.equalTo(new GlobalIntegrationOAuthCompletedEvent(
                                    INTEGRATION_ID, OAuthFlow.SLACK, "T9TK3CUKW", "Slack Softball Team",
                                    "chat:write,incoming-webhook"))),
                            andNoMore()))
                    .expectResultMessagePayloadMatching(view(integration -> {
                        assertThat(integration.status()).isEqualTo(GlobalIntegrationStatus.CONNECTED);
                        assertThat(integration.hasCredentials()).isTrue();
                    }));
        }

        @Test
        void complete_ofAnIntegrationInError_replacesItsCredentials_andClearsTheError() {
            fixture.given(integrationCreated(), connected(CREDENTIALS),
                            new GlobalIntegrationCredentialsRejectedEvent(INTEGRATION_ID, "token_revoked"),
                            started(STATE), redeemed(STATE))
                    .when(complete(STATE, INSTALLED))
                    .expectResultMessagePayloadMatching(view(integration -> {
                        assertThat(integration.status()).isEqualTo(GlobalIntegrationStatus.CONNECTED);
                        assertThat(integration.errorMessage()).isNull();
                    }));
        }

        @Test
        void complete_beforeTheStateCameBack_isRejected() {
            fixture.given(integrationCreated(), started(STATE))
                    .when(complete(STATE, INSTALLED))
                    .expectNoEvents()
                    .expectException(problem(ILLEGAL_GLOBAL_INTEGRATION_STATE));
        }

        @Test
        void complete_ofAReplacedInstall_isRejected() {
            fixture.given(integrationCreated(), started(STATE), redeemed(STATE), started(NEWER_STATE))
                    .when(complete(STATE, INSTALLED))
                    .expectNoEvents()
                    .expectException(problem(ILLEGAL_GLOBAL_INTEGRATION_STATE));
        }

        @Test
        void complete_withCredentialsOutsideTheServicesSchema_isRejected_andNothingIsSealed() {
            fixture.given(integrationCreated(), started(STATE), redeemed(STATE))
                    .when(complete(STATE, Map.of("bot_token", "xoxp-a-user-token")))
                    .expectNoEvents()
                    .expectException(problem(INVALID_SHAPE));
        }

        @Test
        void fail_recordsWhatToDo_andTheIntegrationKeepsItsCredentialsAndStatus() {
            fixture.given(integrationCreated(), connected(CREDENTIALS), started(STATE), redeemed(STATE))
                    .when(new FailGlobalIntegrationOAuthCommand(INTEGRATION_ID, hash(STATE), "Denied on Slack"))
                    .expectEvents(new GlobalIntegrationOAuthFailedEvent(INTEGRATION_ID, OAuthFlow.SLACK, "Denied on Slack"))
                    .expectResultMessagePayloadMatching(view(integration -> {
                        assertThat(integration.status()).isEqualTo(GlobalIntegrationStatus.CONNECTED);
                        assertThat(integration.errorMessage()).isNull();
                    }));
        }

        @Test
        void fail_ofAnInstallThatAlreadyEnded_isRejected() {
            fixture.given(integrationCreated(), started(STATE), redeemed(STATE),
                            new GlobalIntegrationOAuthFailedEvent(INTEGRATION_ID, OAuthFlow.SLACK, "Denied on Slack"))
                    .when(new FailGlobalIntegrationOAuthCommand(INTEGRATION_ID, hash(STATE), "Denied again"))
                    .expectNoEvents()
                    .expectException(problem(ILLEGAL_GLOBAL_INTEGRATION_STATE));
        }

        @Test
        void expire_ofThePendingInstall_endsIt() {
            fixture.given(integrationCreated(), started(STATE))
                    .when(new ExpireGlobalIntegrationOAuthCommand(INTEGRATION_ID, hash(STATE)))
                    .expectEvents(new GlobalIntegrationOAuthExpiredEvent(INTEGRATION_ID, OAuthFlow.SLACK, hash(STATE)));
        }

        @Test
        void anExpiredInstall_redeemsNoMore() {
            fixture.given(integrationCreated(), started(STATE),
                            new GlobalIntegrationOAuthExpiredEvent(INTEGRATION_ID, OAuthFlow.SLACK, hash(STATE)))
                    .when(new RedeemGlobalIntegrationOAuthStateCommand(INTEGRATION_ID, STATE))
                    .expectNoEvents()
                    .expectException(problem(OAUTH_STATE_UNKNOWN));
        }

        @Test
        void expire_ofAnInstallThatCompleted_orWasReplaced_isUnknown() {
            fixture.given(integrationCreated(), started(STATE), started(NEWER_STATE))
                    .when(new ExpireGlobalIntegrationOAuthCommand(INTEGRATION_ID, hash(STATE)))
                    .expectNoEvents()
                    .expectException(problem(OAUTH_STATE_UNKNOWN));
        }

        private static StartGlobalIntegrationOAuthCommand start(UUID organizationId, String state) {
            return new StartGlobalIntegrationOAuthCommand(INTEGRATION_ID, organizationId, OAuthFlow.SLACK, state,
                    Duration.ofMinutes(10));
        }

        private static GlobalIntegrationOAuthStartedEvent started(String state) {
            return new GlobalIntegrationOAuthStartedEvent(INTEGRATION_ID, OAuthFlow.SLACK, hash(state), EXPIRES_AT);
        }

        private static GlobalIntegrationOAuthStateRedeemedEvent redeemed(String state) {
            return new GlobalIntegrationOAuthStateRedeemedEvent(INTEGRATION_ID, hash(state));
        }

        private static CompleteGlobalIntegrationOAuthCommand complete(String state, Map<String, String> credentials) {
            return new CompleteGlobalIntegrationOAuthCommand(INTEGRATION_ID, hash(state), credentials,
                    credentials.get("team_id"), credentials.get("team_name"), credentials.get("scope"));
        }

        private static String hash(String state) {
            return sha256(state.getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static CreateGlobalIntegrationCommand createCommand(Map<String, String> credentials) {
        return new CreateGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID, PROJECT_ID, "slack", "Team Slack",
                "Alerts for the ops team", "https://cdn.example.com/slack.png", true, CONFIG, credentials,
                WEBHOOK_SECRET, "alice");
    }

    private GlobalIntegrationCreatedEvent integrationCreated() {
        return new GlobalIntegrationCreatedEvent(INTEGRATION_ID, ORGANIZATION_ID, PROJECT_ID, "slack", "Team Slack",
                "Alerts for the ops team", "https://cdn.example.com/slack.png", true, CONFIG,
                cipher.encrypt(webhookSecretOwner(), Map.of("webhook_secret", WEBHOOK_SECRET)), "alice");
    }

    private GlobalIntegrationConnectedEvent connected(Map<String, String> credentials) {
        return new GlobalIntegrationConnectedEvent(INTEGRATION_ID, cipher.encrypt(credentialsOwner(), credentials));
    }

    private static UpdateGlobalIntegrationCommand patch(Set<PatchedField> changed, String displayName,
                                                        String description, String logoUrl, Boolean enabled,
                                                        Map<String, Object> config, Map<String, String> credentials) {
        return new UpdateGlobalIntegrationCommand(INTEGRATION_ID, ORGANIZATION_ID, changed, displayName, description,
                logoUrl, enabled, config == null ? null : new LinkedHashMap<>(config), credentials);
    }

    private static CredentialOwner credentialsOwner() {
        return new CredentialOwner(ORGANIZATION_ID, INTEGRATION_ID, "credentials");
    }

    private static CredentialOwner webhookSecretOwner() {
        return new CredentialOwner(ORGANIZATION_ID, INTEGRATION_ID, "webhook_secret");
    }

    private static CredentialOwner bodyOwner(String deliveryId) {
        return new CredentialOwner(ORGANIZATION_ID, INTEGRATION_ID, "webhook_body:" + deliveryId);
    }

    /** The ciphertext is random, so the event is recognised by what it opens to rather than by equality. */
    private Matcher<Message<?>> connectedWith(Map<String, String> credentials) {
        return messageWithPayload(predicate(payload -> {
            assertThat(payload).isInstanceOf(GlobalIntegrationConnectedEvent.class);
            GlobalIntegrationConnectedEvent event = (GlobalIntegrationConnectedEvent) payload;
            assertThat(event.integrationId()).isEqualTo(INTEGRATION_ID);
            credentials.values().forEach(secret -> assertThat(event.credentials().ciphertext()).doesNotContain(secret));
            assertThat(cipher.decrypt(credentialsOwner(), event.credentials())).isEqualTo(credentials);
            return true;
        }));
    }

    /** The integration a handler answered with, alone or with a generated webhook secret. */
    private static Matcher<Object> view(Consumer<GlobalIntegrationView> requirements) {
        return predicate(payload -> {
            Object integration = payload instanceof WithWebhookSecret withSecret ? withSecret.integration() : payload;
            assertThat(integration).isInstanceOf(GlobalIntegrationView.class);
            GlobalIntegrationView view = (GlobalIntegrationView) integration;
            assertThat(view.id()).isEqualTo(INTEGRATION_ID);
            assertThat(view.organizationId()).isEqualTo(ORGANIZATION_ID);
            requirements.accept(view);
            return true;
        });
    }

    /** Signs as Slack does, independently of the code under test. */
    private static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
