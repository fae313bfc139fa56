package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCESS_TOKEN_REFRESH_FAILED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.tether.api.account.AccountCredentialsReadEvent;
import io.tether.api.account.AccountCredentialsView;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.ReadAccountCredentialsCommand;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemException;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.credentials.TestCiphers;
import io.tether.command.credentials.TestCurrentCredentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A worker's read of an account's credentials, as the command side's tables hold them (a real PostgreSQL, the command
 * side's own schema), without the account's aggregate: what is handed out, what is refused, and that each read handed
 * out is recorded in the account's credential-read stream with its purpose.
 */
class AccountCredentialReadsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final UUID ORGANIZATION = UUID.randomUUID();
    private static final Map<String, String> CREDENTIALS = Map.of("refresh_token", "Atzr|worker-secret");

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;
    private static final CredentialCipher cipher = TestCiphers.localKeyring();
    private static final CredentialReadLog readLog = mock(CredentialReadLog.class);
    private static AccountCredentialReads reads;
    /** The refresh side's answer for accounts without OAuth tokens: no refresh is ever due. */
    private static final ExpiringAccessTokens NO_REFRESH_DUE = new ExpiringAccessTokens() {
        @Override
        public boolean mayBeDue(IntegrationType type, Instant accessTokenExpiresAt) {
            return false;
        }

        @Override
        public void refreshIfExpiring(UUID accountId, UUID organizationId) {
            throw new AssertionError("No refresh is due");
        }
    };

    @BeforeAll
    static void commandSchema() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("credential-reads")).start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration/command")
                .load().migrate();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        reads = new AccountCredentialReads(TestCurrentCredentials.on(jdbc), cipher, readLog, NO_REFRESH_DUE,
                Validation.buildDefaultValidatorFactory().getValidator(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void forgetReads() {
        reset(readLog);
    }

    @Test
    void aConnectedAccount_handsOutItsCredentials_andTheReadIsRecordedInItsStreamWithItsPurpose() {
        UUID account = connected(CREDENTIALS);

        AccountCredentialsView view = reads.read(new ReadAccountCredentialsCommand(account, ORGANIZATION, "campaign sync"));

        assertThat(view).isEqualTo(new AccountCredentialsView(account, IntegrationType.ADS_API, CREDENTIALS));
        verify(readLog).record(eq(AccountCredentialsReadEvent.streamOf(account)), eq(AccountCredentialsReadEvent.STREAM_TYPE),
                eq(new AccountCredentialsReadEvent(account, 1, "campaign sync")), anyMap());
    }

    @Test
    void theChosenAdsProfile_goesWithTheCredentials() {
        UUID account = connected(CREDENTIALS);
        jdbc.sql("INSERT INTO account_ads_profiles (account_id, profile_id) VALUES (?, '3411245632')").param(account).update();

        AccountCredentialsView view = reads.read(new ReadAccountCredentialsCommand(account, ORGANIZATION, "bids"));

        assertThat(view.credentials()).containsEntry("profile_id", "3411245632").containsEntry("refresh_token", "Atzr|worker-secret");
    }

    @Test
    void anAccessTokenThatHasExpired_isRefused_andNoReadIsRecorded() {
        UUID account = connected(Map.of("refresh_token", "Atzr|r", OAuthSecrets.ACCESS_TOKEN, "Atza|a",
                OAuthSecrets.ACCESS_TOKEN_EXPIRES_AT, NOW.toString()));

        assertThatThrownBy(() -> reads.read(new ReadAccountCredentialsCommand(account, ORGANIZATION, "sync")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(ACCESS_TOKEN_REFRESH_FAILED));
        verifyNoInteractions(readLog);
    }

    @Test
    void anAccessTokenStillValid_isHandedOut() {
        Map<String, String> valid = Map.of("refresh_token", "Atzr|r", OAuthSecrets.ACCESS_TOKEN, "Atza|a",
                OAuthSecrets.ACCESS_TOKEN_EXPIRES_AT, NOW.plusSeconds(1).toString());
        UUID account = connected(valid);

        assertThat(reads.read(new ReadAccountCredentialsCommand(account, ORGANIZATION, "sync")).credentials()).isEqualTo(valid);
    }

    @Test
    void anAccountWithoutCredentials_isAnIllegalState_anotherOrganizationsOrAnUnknownOne_isNotFound() {
        UUID withoutCredentials = named();
        UUID connected = connected(CREDENTIALS);

        assertThatThrownBy(() -> reads.read(new ReadAccountCredentialsCommand(withoutCredentials, ORGANIZATION, "sync")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(ILLEGAL_ACCOUNT_STATE));
        assertThatThrownBy(() -> reads.read(new ReadAccountCredentialsCommand(connected, UUID.randomUUID(), "sync")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(ACCOUNT_NOT_FOUND));
        assertThatThrownBy(() -> reads.read(new ReadAccountCredentialsCommand(UUID.randomUUID(), ORGANIZATION, "sync")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(ACCOUNT_NOT_FOUND));
        verifyNoInteractions(readLog);
    }

    @Test
    void aReadWithoutAPurpose_isRefusedNamingTheField() {
        UUID account = connected(CREDENTIALS);

        assertThatThrownBy(() -> reads.read(new ReadAccountCredentialsCommand(account, ORGANIZATION, " ")))
                .isInstanceOfSatisfying(ConstraintViolationException.class, e -> assertThat(e.getConstraintViolations())
                        .extracting(violation -> violation.getPropertyPath().toString()).containsExactly("purpose"));
        verify(readLog, org.mockito.Mockito.never()).record(any(), any(), any(), anyMap());
    }

    /** An Ads account as its creation leaves it: its name reserved. */
    private static UUID named() {
        UUID account = UUID.randomUUID();
        jdbc.sql("INSERT INTO account_names (organization_id, marketplace, integration_type, name_key, account_id)"
                        + " VALUES (?, 'AMAZON', 'ADS_API', ?, ?)")
                .params(ORGANIZATION, account.toString(), account).update();
        return account;
    }

    /** An Ads account connected with these credentials, sealed as a connect seals them. */
    private static UUID connected(Map<String, String> credentials) {
        UUID account = named();
        EncryptedCredentials sealed = cipher.encrypt(CredentialOwner.accountCredentials(ORGANIZATION, account), credentials);
        jdbc.sql("INSERT INTO account_credentials (account_id, ciphertext, key_version, updated_at) VALUES (?, ?, ?, now())")
                .params(account, sealed.ciphertext(), sealed.keyVersion()).update();
        return account;
    }
}
