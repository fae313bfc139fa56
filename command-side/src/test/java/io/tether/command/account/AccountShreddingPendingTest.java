package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_PERMISSION_DENIED;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountCredentialsShreddedEvent;
import io.tether.api.account.AccountCredentialsShreddingPendingEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.api.account.ShredAccountCredentialsCommand;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.ShreddingResult;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A shredding the key store does not confirm: pending, on record once per reason, never recorded as done. */
class AccountShreddingPendingTest {

    private static final UUID ACCOUNT_ID = UUID.randomUUID();
    private static final AccountCreatedEvent CREATED = new AccountCreatedEvent(ACCOUNT_ID, UUID.randomUUID(),
            Marketplace.AMAZON, IntegrationType.SP_API_SC, "Pending", Region.EU);
    private static final AccountDeletedEvent DELETED = new AccountDeletedEvent(ACCOUNT_ID);
    private static final String DENIED = CREDENTIAL_STORE_PERMISSION_DENIED.code();

    private final CredentialCipher cipher = mock(CredentialCipher.class);
    private AggregateTestFixture<IntegrationAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(IntegrationAccount.class);
        fixture.registerInjectableResource(cipher);
    }

    @Test
    void shred_thatTheKeyStoreRefuses_isPendingWithTheRefusal_notShredded() {
        doThrow(CREDENTIAL_STORE_PERMISSION_DENIED.exception("no delete in the policy"))
                .when(cipher).destroyKey(ACCOUNT_ID);

        fixture.given(CREATED, DELETED)
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectEvents(new AccountCredentialsShreddingPendingEvent(ACCOUNT_ID, DENIED))
                .expectResultMessagePayload(new ShreddingResult(DENIED));
    }

    @Test
    void shred_pendingForTheSameReasonAgain_appendsNothingMore() {
        doThrow(CREDENTIAL_STORE_PERMISSION_DENIED.exception("no delete in the policy"))
                .when(cipher).destroyKey(ACCOUNT_ID);

        fixture.given(CREATED, DELETED, new AccountCredentialsShreddingPendingEvent(ACCOUNT_ID, DENIED))
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectNoEvents()
                .expectResultMessagePayload(new ShreddingResult(DENIED));
    }

    @Test
    void shred_pendingForAnotherReason_recordsTheNewReason() {
        doThrow(CREDENTIAL_STORE_UNAVAILABLE.exception("Vault is sealed")).when(cipher).destroyKey(ACCOUNT_ID);

        fixture.given(CREATED, DELETED, new AccountCredentialsShreddingPendingEvent(ACCOUNT_ID, DENIED))
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectEvents(new AccountCredentialsShreddingPendingEvent(ACCOUNT_ID, "credential_store_unavailable"));
    }

    @Test
    void shred_confirmedAfterBeingPending_isRecorded() {
        fixture.given(CREATED, DELETED, new AccountCredentialsShreddingPendingEvent(ACCOUNT_ID, DENIED))
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectEvents(new AccountCredentialsShreddedEvent(ACCOUNT_ID))
                .expectResultMessagePayload(ShreddingResult.SHREDDED);
    }
}
