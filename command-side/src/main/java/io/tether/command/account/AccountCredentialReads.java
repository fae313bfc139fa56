package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCESS_TOKEN_REFRESH_FAILED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;

import io.tether.api.AuditMetadata;
import io.tether.api.account.AccountCredentialsReadEvent;
import io.tether.api.account.AccountCredentialsView;
import io.tether.api.account.ReadAccountCredentialsCommand;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.credentials.CurrentCredentials;
import io.tether.command.credentials.CurrentCredentials.ReadableAccount;
import io.tether.infrastructure.web.RequestMetadata;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Opens an account's credentials for an internal worker and records the read, without loading (nor locking) the
 * account's aggregate: what a read needs is kept, in the transactions that append the account's events, in
 * {@link CurrentCredentials}; the read is recorded in the account's credential-read stream ({@link CredentialReadLog}).
 * No database connection is held between the look-up, the opening and the recording, and none while a read waits.
 */
@Service
class AccountCredentialReads {

    private final CurrentCredentials currentCredentials;
    private final CredentialCipher cipher;
    private final CredentialReadLog readLog;
    private final ExpiringAccessTokens expiringTokens;
    private final Validator validator;
    private final Clock clock;

    AccountCredentialReads(CurrentCredentials currentCredentials, CredentialCipher cipher, CredentialReadLog readLog,
                           ExpiringAccessTokens expiringTokens, Validator validator, Clock clock) {
        this.currentCredentials = currentCredentials;
        this.cipher = cipher;
        this.readLog = readLog;
        this.expiringTokens = expiringTokens;
        this.validator = validator;
        this.clock = clock;
    }

    AccountCredentialsView read(ReadAccountCredentialsCommand command) {
        Set<ConstraintViolation<ReadAccountCredentialsCommand>> violations = validator.validate(command);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        ReadableAccount account = readable(command);
        Map<String, String> opened = opened(account);
        // An access token near its expiry is refreshed first (when its refresh is due), and the credentials read again.
        if (expiringTokens.mayBeDue(account.integrationType(), OAuthSecrets.accessTokenExpiresAt(opened))) {
            expiringTokens.refreshIfExpiring(command.accountId(), command.organizationId());
            account = readable(command);
            opened = opened(account);
        }
        // An access token still expired now could not be refreshed, and an expired token is of no use to the caller.
        Instant expiresAt = OAuthSecrets.accessTokenExpiresAt(opened);
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw ACCESS_TOKEN_REFRESH_FAILED.exception("The access token of account " + account.accountId()
                    + " has expired and its provider did not hand out a new one just now;"
                    + " Tether keeps trying, and the account goes to ERROR if it cannot. Try again shortly.");
        }
        Map<String, Object> metadata = RequestMetadata.current();
        metadata.put(AuditMetadata.COMMAND, ReadAccountCredentialsCommand.class.getSimpleName());
        readLog.record(AccountCredentialsReadEvent.streamOf(account.accountId()), AccountCredentialsReadEvent.STREAM_TYPE,
                new AccountCredentialsReadEvent(account.accountId(), account.credentials().keyVersion(), command.purpose()),
                metadata);
        if (account.adsProfileId() == null) {
            return new AccountCredentialsView(account.accountId(), account.integrationType(), opened);
        }
        Map<String, String> withProfile = new HashMap<>(opened);
        withProfile.put(IntegrationAccount.PROFILE_ID, account.adsProfileId());
        return new AccountCredentialsView(account.accountId(), account.integrationType(), withProfile);
    }

    private ReadableAccount readable(ReadAccountCredentialsCommand command) {
        ReadableAccount account = currentCredentials.readable(command.accountId())
                .filter(found -> found.organizationId().equals(command.organizationId()))
                .orElseThrow(() -> ACCOUNT_NOT_FOUND.exception("Account " + command.accountId() + " does not exist"));
        if (account.credentials() == null) {
            throw ILLEGAL_ACCOUNT_STATE.exception("Account " + account.accountId() + " holds no credentials to read");
        }
        return account;
    }

    private Map<String, String> opened(ReadableAccount account) {
        return cipher.decrypt(CredentialOwner.accountCredentials(account.organizationId(), account.accountId()),
                account.credentials());
    }
}
