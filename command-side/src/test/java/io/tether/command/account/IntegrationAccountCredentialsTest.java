package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCESS_TOKEN_REFRESH_FAILED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_ALREADY_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.command.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.predicate;

import io.tether.api.problem.ProblemException;
import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCredentialsShreddedEvent;
import io.tether.api.account.AccountKeyRotatedEvent;
import io.tether.api.account.AccountKeyView;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.RotateAccountKeyCommand;
import io.tether.api.account.ShredAccountCredentialsCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The account's credentials and keys: key rotation, crypto-shredding after deletion. (A worker's read does not go
 * through the aggregate: {@code AccountCredentialReadsTest}.)
 */
class IntegrationAccountCredentialsTest extends AccountFixtureTest {

    // ---------------------------------------------------------------- key rotation

    @Test
    void rotateKey_whenConnected_startsANewVersionAndReSealsTheCurrentCredentialsUnderIt() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectResultMessagePayload(new AccountKeyView(ACCOUNT_ID, 2))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                    AccountKeyRotatedEvent event = (AccountKeyRotatedEvent) payload;
                    assertThat(event.keyVersion()).isEqualTo(2);
                    assertThat(event.credentials().keyVersion()).isEqualTo(2);
                    assertThat(cipher.decrypt(owner(), event.credentials())).isEqualTo(CREDENTIALS);
                    return true;
                })), andNoMore()));
    }

    @Test
    void rotateKey_whenDisconnected_rotatesWithoutCredentialsToReSeal() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), new AccountDisconnectedEvent(ACCOUNT_ID))
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectEvents(new AccountKeyRotatedEvent(ACCOUNT_ID, 2, null));
    }

    @Test
    void rotateKey_whenNeverConnected_isRejected() {
        fixture.given(accountCreated())
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void rotateKey_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    @Test
    void rotateKey_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountDeleted())
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- crypto-shredding

    @Test
    void shred_afterDeletion_destroysTheKeySoThatEarlierCiphertextsNoLongerOpen() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected, accountDeleted())
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectEvents(new AccountCredentialsShreddedEvent(ACCOUNT_ID));

        assertThatThrownBy(() -> cipher.decrypt(owner(), connected.credentials()))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
    }

    @Test
    void shred_ofALiveAccount_isRejected() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected)
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));

        assertThat(cipher.decrypt(owner(), connected.credentials())).isEqualTo(CREDENTIALS);
    }

    @Test
    void shred_twice_isRejected() {
        fixture.given(accountCreated(), accountDeleted(), new AccountCredentialsShreddedEvent(ACCOUNT_ID))
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectNoEvents()
                .expectException(problem(CREDENTIALS_ALREADY_SHREDDED));
    }
}
