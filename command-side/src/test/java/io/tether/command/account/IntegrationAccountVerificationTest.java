package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_CHANGED;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.INVALID_SHAPE;
import static io.tether.command.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.predicate;

import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCredentialsRejectedEvent;
import io.tether.api.account.AccountCredentialsVerifiedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.CheckAccountCredentialsCommand;
import io.tether.api.account.RecordAccountCredentialsCheckCommand;
import io.tether.api.account.Region;
import io.tether.command.provider.CredentialsUnderCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "Test connection": the credentials opened for the provider, and what the provider said recorded. */
class IntegrationAccountVerificationTest extends AccountFixtureTest {

    private static final String REFUSED = "Amazon no longer accepts this account's refresh token (invalid_grant)";

    @Test
    void check_whenConnected_opensTheCredentialsForTheProvider_andRecordsNothing() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected)
                .when(CheckAccountCredentialsCommand.ofStored(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(predicate(payload -> {
                    CredentialsUnderCheck check = (CredentialsUnderCheck) payload;
                    assertThat(check.slug()).isEqualTo("sp-api-sc");
                    assertThat(check.sealed()).isEqualTo(connected.credentials());
                    assertThat(check.credentials().region()).isEqualTo(Region.EU);
                    assertThat(check.credentials().credentials()).isEqualTo(CREDENTIALS);
                    return true;
                }));
    }

    @Test
    void check_whenDisconnected_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), new AccountDisconnectedEvent(ACCOUNT_ID))
                .when(CheckAccountCredentialsCommand.ofStored(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void recordCheck_whileAnOAuthFlowIsUnderWay_isRejected() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(adsAccountCreated(), connected, adsStarted(STATE))
                .when(new RecordAccountCredentialsCheckCommand(ACCOUNT_ID, ORGANIZATION_ID, connected.credentials(), false, REFUSED))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void check_ofCredentialsAConnectBrings_checksTheirShapeFirst_andOpensNothingStored() {
        fixture.given(accountCreated())
                .when(new CheckAccountCredentialsCommand(ACCOUNT_ID, ORGANIZATION_ID, CREDENTIALS))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(predicate(payload -> {
                    CredentialsUnderCheck check = (CredentialsUnderCheck) payload;
                    assertThat(check.sealed()).isNull();
                    assertThat(check.credentials().credentials()).isEqualTo(CREDENTIALS);
                    return true;
                }));
    }

    @Test
    void check_ofCredentialsAConnectBrings_inTheWrongShape_isRejected() {
        fixture.given(accountCreated())
                .when(new CheckAccountCredentialsCommand(ACCOUNT_ID, ORGANIZATION_ID, Map.of("refresh_token", "not-lwa")))
                .expectNoEvents()
                .expectException(problem(INVALID_SHAPE));
    }

    @Test
    void check_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(CheckAccountCredentialsCommand.ofStored(ACCOUNT_ID, OTHER_ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    @Test
    void recordCheck_accepted_whenConnected_recordsTheVerification() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected)
                .when(new RecordAccountCredentialsCheckCommand(ACCOUNT_ID, ORGANIZATION_ID, connected.credentials(), true, null))
                .expectEvents(new AccountCredentialsVerifiedEvent(ACCOUNT_ID, false))
                .expectResultMessagePayloadMatching(accountView(view -> assertThat(view.status()).isEqualTo(AccountStatus.CONNECTED)));
    }

    @Test
    void recordCheck_accepted_whenInError_recordsTheRecovery() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected, accountMarkedFailed())
                .when(new RecordAccountCredentialsCheckCommand(ACCOUNT_ID, ORGANIZATION_ID, connected.credentials(), true, null))
                .expectEvents(new AccountCredentialsVerifiedEvent(ACCOUNT_ID, true))
                .expectResultMessagePayloadMatching(accountView(view -> {
                    assertThat(view.status()).isEqualTo(AccountStatus.CONNECTED);
                    assertThat(view.errorMessage()).isNull();
                }));
    }

    @Test
    void recordCheck_refused_putsTheAccountInError_withTheProvidersReason() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected)
                .when(new RecordAccountCredentialsCheckCommand(ACCOUNT_ID, ORGANIZATION_ID, connected.credentials(), false, REFUSED))
                .expectEvents(new AccountCredentialsRejectedEvent(ACCOUNT_ID, REFUSED))
                .expectResultMessagePayloadMatching(accountView(view -> {
                    assertThat(view.status()).isEqualTo(AccountStatus.ERROR);
                    assertThat(view.errorMessage()).isEqualTo(REFUSED);
                    assertThat(view.hasCredentials()).isTrue();
                }));
    }

    @Test
    void recordCheck_refusedAgainForTheSameReason_addsNothingToTheHistory() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected, new AccountCredentialsRejectedEvent(ACCOUNT_ID, REFUSED))
                .when(new RecordAccountCredentialsCheckCommand(ACCOUNT_ID, ORGANIZATION_ID, connected.credentials(), false, REFUSED))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(accountView(view -> assertThat(view.status()).isEqualTo(AccountStatus.ERROR)));
    }

    @Test
    void recordCheck_ofCredentialsReplacedMeanwhile_isRejected() {
        AccountConnectedEvent first = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), first, accountConnected(NEW_CREDENTIALS))
                .when(new RecordAccountCredentialsCheckCommand(ACCOUNT_ID, ORGANIZATION_ID, first.credentials(), false, REFUSED))
                .expectNoEvents()
                .expectException(problem(CREDENTIALS_CHANGED));
    }

    @Test
    void recordCheck_refusedWithoutAReason_isRejected() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected)
                .when(new RecordAccountCredentialsCheckCommand(ACCOUNT_ID, ORGANIZATION_ID, connected.credentials(), false, " "))
                .expectNoEvents()
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void recordCheck_whenAccountDeleted_isRejected() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected, accountDeleted())
                .when(new RecordAccountCredentialsCheckCommand(ACCOUNT_ID, ORGANIZATION_ID, connected.credentials(), true, null))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }
}
