package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_CHANGED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_UNREADABLE;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.OAUTH_NOT_CONFIGURED;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.tether.api.account.MarkAccountFailedCommand;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.oauth.RecordTokenRefreshCommand;
import io.tether.api.problem.ProblemException;
import io.tether.command.account.OAuthSecrets;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.oauth.LwaClient.LwaTokens;
import io.tether.command.oauth.OAuthTasks.RefreshTarget;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refreshes an OAuth account's access token ahead of its expiry, as the account's one db-scheduler task,
 * so that no two refreshes of an account run at once, on any number of nodes. Each refresh is recorded
 * as an event with the new ciphertext. Amazon's {@code invalid_grant} ends the refreshing at once (the
 * user must reconnect); other failures are tried again, and after {@code max-attempts} in a row the
 * account goes to ERROR with the reason.
 */
@Component
class AccessTokenRefresher {

    private static final Logger log = LoggerFactory.getLogger(AccessTokenRefresher.class);

    private final JdbcClient jdbc;
    private final CredentialCipher cipher;
    private final LwaClient lwa;
    private final AttributedCommands commands;
    private final AmazonProperties properties;
    private final Clock clock;

    AccessTokenRefresher(JdbcClient jdbc, CredentialCipher cipher, LwaClient lwa, AttributedCommands commands,
                         AmazonProperties properties, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.lwa = lwa;
        this.commands = commands;
        this.properties = properties;
    }

    CompletionHandler<RefreshTarget> refresh(TaskInstance<RefreshTarget> instance, ExecutionContext context) {
        RefreshTarget target = instance.getData();
        Optional<CurrentTokens> current = currentTokens(target.accountId());
        if (current.isEmpty()) {
            log.info("Account {} holds no OAuth tokens any more; its token refresh stops", target.accountId());
            return (complete, operations) -> operations.remove();
        }
        CurrentTokens tokens = current.get();
        LwaTokens refreshed;
        try {
            refreshed = lwa.refresh(properties.clientFor(target.flow()), target.region(), tokens.refreshToken());
        } catch (LwaRejectedException e) {
            if (e.isInvalidGrant()) {
                markFailed(tokens, "Amazon no longer accepts this account's refresh token (invalid_grant): the "
                        + "authorization was revoked or has expired. Reconnect the account to authorize Tether again.");
                return (complete, operations) -> operations.remove();
            }
            return failed(target, tokens, e.getMessage());
        } catch (LwaUnavailableException e) {
            return failed(target, tokens, e.getMessage());
        } catch (ProblemException e) {
            if (!e.is(OAUTH_NOT_CONFIGURED)) {
                throw e;
            }
            return failed(target, tokens, e.getMessage());
        }
        Instant expiresAt = clock.instant().plus(refreshed.expiresIn());
        try {
            commands.send(AttributedCommands.TOKEN_REFRESHER, tokens.organizationId(), new RecordTokenRefreshCommand(
                    target.accountId(), tokens.sealed(), refreshed.accessToken(), expiresAt, refreshed.refreshToken()));
        } catch (ProblemException e) {
            if (e.is(CREDENTIALS_CHANGED)) {
                log.info("The credentials of account {} changed during their refresh; refreshing the new ones", target.accountId());
                return reschedule(clock.instant(), target.succeeded());
            }
            if (!e.is(ILLEGAL_ACCOUNT_STATE, ACCOUNT_DELETED)) {
                throw e;
            }
            return noRefreshedTokens(target, e);
        } catch (AggregateNotFoundException e) {
            return noRefreshedTokens(target, e);
        }
        log.info("Refreshed the access token of account {}; it expires at {}", target.accountId(), expiresAt);
        Instant next = expiresAt.minus(properties.tokenRefresh().ahead());
        return reschedule(next.isBefore(clock.instant()) ? clock.instant() : next, target.succeeded());
    }

    private static CompletionHandler<RefreshTarget> noRefreshedTokens(RefreshTarget target, RuntimeException refusal) {
        log.info("Account {} takes no refreshed tokens ({}); its token refresh stops", target.accountId(), refusal.getMessage());
        return (complete, operations) -> operations.remove();
    }

    private CompletionHandler<RefreshTarget> failed(RefreshTarget target, CurrentTokens tokens, String reason) {
        RefreshTarget failedAgain = target.failedOnceMore();
        int maxAttempts = properties.tokenRefresh().maxAttempts();
        if (failedAgain.failedAttempts() < maxAttempts) {
            log.warn("Refreshing the access token of account {} failed ({} of {} attempts): {}", target.accountId(),
                    failedAgain.failedAttempts(), maxAttempts, reason);
            return reschedule(clock.instant().plus(properties.tokenRefresh().retryDelay()), failedAgain);
        }
        markFailed(tokens, "Tether could not refresh this account's access token in " + maxAttempts
                + " attempts; the last one failed with: " + CallbackOutcome.shortened(reason) + ". Reconnect the account "
                + "once Amazon is reachable and the app's credentials are valid.");
        return (complete, operations) -> operations.remove();
    }

    private void markFailed(CurrentTokens tokens, String errorMessage) {
        log.warn("Account {} goes to ERROR: {}", tokens.accountId(), errorMessage);
        try {
            commands.send(AttributedCommands.TOKEN_REFRESHER, tokens.organizationId(),
                    new MarkAccountFailedCommand(tokens.accountId(), tokens.organizationId(), errorMessage));
        } catch (ProblemException e) {
            if (!e.is(ILLEGAL_ACCOUNT_STATE, ACCOUNT_DELETED)) {
                throw e;
            }
            log.info("Account {} was not marked failed: {}", tokens.accountId(), e.getMessage());
        }
    }

    private static CompletionHandler<RefreshTarget> reschedule(Instant at, RefreshTarget data) {
        return (complete, operations) -> operations.reschedule(complete, at, data);
    }

    /** The account's current tokens, opened; empty when it holds none (disconnected, deleted, or not connected through OAuth). */
    private Optional<CurrentTokens> currentTokens(UUID accountId) {
        Optional<CurrentTokens> sealed = jdbc.sql("""
                        SELECT c.ciphertext, n.organization_id FROM account_credentials c
                        JOIN account_names n ON n.account_id = c.account_id
                        WHERE c.account_id = ?""")
                .param(accountId)
                .query((row, index) -> new CurrentTokens(accountId, row.getObject("organization_id", UUID.class),
                        new EncryptedCredentials(row.getString("ciphertext")), null, null))
                .optional();
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        CurrentTokens tokens = sealed.get();
        try {
            Map<String, String> opened = cipher.decrypt(
                    CredentialOwner.accountCredentials(tokens.organizationId(), accountId), tokens.sealed());
            String refreshToken = opened.get(OAuthSecrets.REFRESH_TOKEN);
            return refreshToken == null || !opened.containsKey(OAuthSecrets.ACCESS_TOKEN) ? Optional.empty()
                    : Optional.of(new CurrentTokens(accountId, tokens.organizationId(), tokens.sealed(), refreshToken,
                            OAuthSecrets.accessTokenExpiresAt(opened)));
        } catch (ProblemException e) {
            if (!e.is(CREDENTIALS_SHREDDED, CREDENTIALS_UNREADABLE)) {
                throw e;
            }
            log.warn("The credentials of account {} cannot be opened ({}); its token refresh stops", accountId, e.getMessage());
            return Optional.empty();
        }
    }

    private record CurrentTokens(UUID accountId, UUID organizationId, EncryptedCredentials sealed, String refreshToken,
                                 Instant accessTokenExpiresAt) {

        @Override
        public String toString() {
            return "CurrentTokens[accountId=" + accountId + ", refreshToken=<redacted>]";
        }
    }

}
