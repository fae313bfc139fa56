package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NAME_TAKEN;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.INCONSISTENT_ACCOUNT;
import static io.tether.api.problem.ProblemCode.INVALID_SHAPE;
import static io.tether.command.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.tether.api.problem.ProblemException;
import io.tether.api.problem.FieldProblem;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.AccountView;
import io.tether.api.account.ConnectAccountCommand;
import io.tether.api.account.CreateAccountCommand;
import io.tether.api.account.DeleteAccountCommand;
import io.tether.api.account.DisconnectAccountCommand;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.MarkAccountFailedCommand;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The account's life: create, connect, disconnect, mark failed, delete; each happy path and each rejection. */
class IntegrationAccountLifecycleTest extends AccountFixtureTest {

    // ---------------------------------------------------------------- create

    @Test
    void create_reservesTheNameAndAnswersWithADisconnectedAccount() {
        fixture.givenCurrentTime(CREATED_AT)
                .when(createCommand())
                .expectSuccessfulHandlerExecution()
                .expectEvents(accountCreated())
                .expectResultMessagePayload(new AccountView(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, ACCOUNT_NAME, Region.EU, AccountStatus.DISCONNECTED, null,
                        false, null, CREATED_AT, CREATED_AT));

        verify(names).reserve(ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC, ACCOUNT_NAME,
                ACCOUNT_ID);
        verifyNoMoreInteractions(names);
    }

    @Test
    void create_withSurroundingWhitespaceInTheName_keepsAndReservesTheStrippedName() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, "  " + ACCOUNT_NAME + "\t", Region.EU))
                .expectEvents(accountCreated());

        verify(names).reserve(ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC, ACCOUNT_NAME,
                ACCOUNT_ID);
    }

    @Test
    void create_forWalmart_withAWalmartIntegrationAndRegion_succeeds() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.WALMART,
                        IntegrationType.WALMART_MP_API, ACCOUNT_NAME, Region.CA))
                .expectEvents(new AccountCreatedEvent(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.WALMART,
                        IntegrationType.WALMART_MP_API, ACCOUNT_NAME, Region.CA));
    }

    @Test
    void create_withAnIntegrationTypeOfTheOtherMarketplace_isRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.WALMART,
                        IntegrationType.ADS_API, ACCOUNT_NAME, Region.US))
                .expectNoEvents()
                .expectException(problem(INCONSISTENT_ACCOUNT))
                .expectException(predicate((ProblemException e) -> e.errors().get(0).field().equals("integration_type")));

        verifyNoInteractions(names);
    }

    @Test
    void create_withARegionOfTheOtherMarketplace_isRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_VC, ACCOUNT_NAME, Region.MX))
                .expectNoEvents()
                .expectException(problem(INCONSISTENT_ACCOUNT))
                .expectException(predicate((ProblemException e) -> e.errors().get(0).field().equals("region")));

        verifyNoInteractions(names);
    }

    @Test
    void create_whenTheNameIsTaken_isRejected() {
        doThrow(ACCOUNT_NAME_TAKEN.exception("The organization already has an account named '" + ACCOUNT_NAME + "'"))
                .when(names).reserve(ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC, ACCOUNT_NAME,
                        ACCOUNT_ID);

        fixture.givenNoPriorActivity()
                .when(createCommand())
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NAME_TAKEN));
    }

    @Test
    void create_withCredentials_connectsTheAccountInTheSameCommand_andAnswersWithAConnectedAccount() {
        fixture.givenCurrentTime(CREATED_AT)
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC,
                        ACCOUNT_NAME, Region.EU, CREDENTIALS))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(exactSequenceOf(messageWithPayload(org.hamcrest.Matchers.equalTo(accountCreated())),
                        accountConnectedWith(CREDENTIALS), andNoMore()))
                .expectResultMessagePayload(new AccountView(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, ACCOUNT_NAME, Region.EU, AccountStatus.CONNECTED, null,
                        true, CREATED_AT, CREATED_AT, CREATED_AT));

        verify(names).reserve(ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC, ACCOUNT_NAME, ACCOUNT_ID);
    }

    @Test
    void create_withCredentialsOfTheWrongShape_isRejectedBeforeTheNameIsReserved() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC,
                        ACCOUNT_NAME, Region.EU, Map.of("refresh_token", "not-an-lwa-token")))
                .expectNoEvents()
                .expectException(problem(INVALID_SHAPE))
                .expectException(predicate((ProblemException e) -> e.errors().stream()
                        .map(FieldProblem::field).toList()
                        .containsAll(List.of("credentials.refresh_token", "credentials.selling_partner_id"))));

        verifyNoInteractions(names);
    }

    // ---------------------------------------------------------------- connect

    @Test
    void connect_whenDisconnected_storesTheSealedCredentialsAndAnswersWithAConnectedAccount() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(accountCreated())
                .andGivenCurrentTime(NOW)
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, CREDENTIALS))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(exactSequenceOf(accountConnectedWith(CREDENTIALS), andNoMore()))
                .expectResultMessagePayload(new AccountView(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, ACCOUNT_NAME, Region.EU, AccountStatus.CONNECTED, null,
                        true, NOW, CREATED_AT, NOW));
    }

    @Test
    void connect_whenConnected_replacesTheCredentials() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(accountCreated())
                .andGivenCurrentTime(CONNECTED_AT)
                .andGiven(accountConnected(CREDENTIALS))
                .andGivenCurrentTime(NOW)
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, NEW_CREDENTIALS))
                .expectEventsMatching(exactSequenceOf(accountConnectedWith(NEW_CREDENTIALS), andNoMore()))
                .expectResultMessagePayloadMatching(accountView(view -> {
                    assertThat(view.status()).isEqualTo(AccountStatus.CONNECTED);
                    assertThat(view.hasCredentials()).isTrue();
                    assertThat(view.connectedAt()).isEqualTo(NOW);
                    assertThat(view.updatedAt()).isEqualTo(NOW);
                }));
    }

    @Test
    void connect_whenFailed_reconnectsAndClearsTheError() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountMarkedFailed())
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, NEW_CREDENTIALS))
                .expectEventsMatching(exactSequenceOf(accountConnectedWith(NEW_CREDENTIALS), andNoMore()))
                .expectResultMessagePayloadMatching(accountView(view -> {
                    assertThat(view.status()).isEqualTo(AccountStatus.CONNECTED);
                    assertThat(view.errorMessage()).isNull();
                    assertThat(view.hasCredentials()).isTrue();
                }));
    }

    @Test
    void connect_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated())
                .when(new ConnectAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID, CREDENTIALS))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    @Test
    void connect_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountDeleted())
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, CREDENTIALS))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    @Test
    void connect_byAnotherOrganization_whenAccountDeleted_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountDeleted())
                .when(new ConnectAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID, CREDENTIALS))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    // ---------------------------------------------------------------- disconnect

    @Test
    void disconnect_whenConnected_clearsTheCredentials() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(accountCreated())
                .andGivenCurrentTime(CONNECTED_AT)
                .andGiven(accountConnected(CREDENTIALS))
                .andGivenCurrentTime(NOW)
                .when(new DisconnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectEvents(new AccountDisconnectedEvent(ACCOUNT_ID))
                .expectResultMessagePayload(new AccountView(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, ACCOUNT_NAME, Region.EU, AccountStatus.DISCONNECTED, null,
                        false, null, CREATED_AT, NOW));
    }

    @Test
    void disconnect_whenFailed_clearsTheCredentialsAndTheError() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountMarkedFailed())
                .when(new DisconnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectEvents(new AccountDisconnectedEvent(ACCOUNT_ID))
                .expectResultMessagePayloadMatching(accountView(view -> {
                    assertThat(view.status()).isEqualTo(AccountStatus.DISCONNECTED);
                    assertThat(view.errorMessage()).isNull();
                    assertThat(view.hasCredentials()).isFalse();
                }));
    }

    @Test
    void disconnect_whenAlreadyDisconnected_isRejected() {
        fixture.given(accountCreated())
                .when(new DisconnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE))
                .expectException(predicate(
                        (ProblemException e) -> e.properties().get("status_now") == AccountStatus.DISCONNECTED));
    }

    @Test
    void disconnect_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new DisconnectAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    @Test
    void disconnect_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountDeleted())
                .when(new DisconnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- mark failed

    @Test
    void markFailed_whenConnected_putsTheAccountInErrorAndKeepsTheCredentials() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(accountCreated())
                .andGivenCurrentTime(CONNECTED_AT)
                .andGiven(accountConnected(CREDENTIALS))
                .andGivenCurrentTime(NOW)
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, ORGANIZATION_ID, "The refresh token was revoked"))
                .expectEvents(new AccountMarkedFailedEvent(ACCOUNT_ID, "The refresh token was revoked"))
                .expectResultMessagePayload(new AccountView(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, ACCOUNT_NAME, Region.EU, AccountStatus.ERROR,
                        "The refresh token was revoked", true, CONNECTED_AT, CREATED_AT, NOW));
    }

    @Test
    void markFailed_whenDisconnected_isRejected() {
        fixture.given(accountCreated())
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, ORGANIZATION_ID, "The refresh token was revoked"))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE))
                .expectException(predicate(
                        (ProblemException e) -> e.properties().get("status_now") == AccountStatus.DISCONNECTED));
    }

    @Test
    void markFailed_whenAlreadyFailed_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountMarkedFailed())
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, ORGANIZATION_ID, "Still revoked"))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE))
                .expectException(predicate((ProblemException e) -> e.properties().get("status_now") == AccountStatus.ERROR));
    }

    @Test
    void markFailed_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID, "The refresh token was revoked"))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    @Test
    void markFailed_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountDeleted())
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, ORGANIZATION_ID, "The refresh token was revoked"))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- delete

    @Test
    void delete_releasesTheNameAndDeletesTheAccount() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new DeleteAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountDeletedEvent(ACCOUNT_ID));

        verify(names).release(ACCOUNT_ID);
        verifyNoMoreInteractions(names);
    }

    @Test
    void delete_whenAccountAlreadyDeleted_isRejected() {
        fixture.given(accountCreated(), accountDeleted())
                .when(new DeleteAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));

        verify(names, never()).release(any());
    }

    @Test
    void delete_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated())
                .when(new DeleteAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));

        verify(names, never()).release(any());
    }

    @Test
    void connect_withCredentialsOfTheWrongShape_isRejectedBeforeAnythingIsSealed() {
        fixture.given(accountCreated())
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID,
                        Map.of("refresh_token", "not-an-lwa-token", "password", "hunter2")))
                .expectNoEvents()
                .expectException(problem(INVALID_SHAPE))
                .expectException(predicate((ProblemException e) -> e.errors().stream()
                        .map(FieldProblem::field).toList()
                        .containsAll(List.of("credentials.password", "credentials.refresh_token",
                                "credentials.selling_partner_id"))));
    }
}
