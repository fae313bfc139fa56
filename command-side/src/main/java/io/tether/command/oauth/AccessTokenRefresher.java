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
import io.tether.api.account.CheckAccountCredentialsCommand;
import io.tether.api.account.MarkAccountFailedCommand;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.oauth.RecordTokenRefreshCommand;
import io.tether.api.oauth.RecordTokenRefreshFailureCommand;
import io.tether.api.problem.ProblemException;
import io.tether.command.account.AccountNameRegistry;
import io.tether.command.account.OAuthSecrets;
import io.tether.command.oauth.OAuthTasks.RefreshTarget;
import io.tether.command.provider.AccessToken;
import io.tether.command.provider.CredentialsRefusedException;
import io.tether.command.provider.CredentialsUnderCheck;
import io.tether.command.provider.Provider;
import io.tether.command.provider.ProviderCredentials;
import io.tether.command.provider.ProviderUnavailableException;
import io.tether.command.provider.Providers;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Obtains an account's access token again ahead of its expiry, from its {@link Provider} (Login with Amazon
 * for an OAuth account, Walmart's token service for client credentials), as the account's one db-scheduler
 * task, so that no two refreshes of an account run at once, on any number of nodes. Each refresh is recorded
 * as an event with the new ciphertext, and so is each failed one (with its reason in words, never a token: the
 * source of the {@code token.refresh_failed} notice). A refusal of the credentials (Amazon's {@code invalid_grant},
 * Walmart's 401) ends the refreshing at once (the user must reconnect); other failures are tried again, and after
 * {@code max-attempts} in a row the account goes to ERROR with the reason.
 */
@Component
class AccessTokenRefresher {

    private static final Logger log = LoggerFactory.getLogger(AccessTokenRefresher.class);

    private final AccountNameRegistry accounts;
    private final Providers providers;
    private final AttributedCommands commands;
    private final AmazonProperties properties;
    private final Clock clock;

    AccessTokenRefresher(AccountNameRegistry accounts, Providers providers, AttributedCommands commands,
                         AmazonProperties properties, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.providers = providers;
        this.commands = commands;
        this.properties = properties;
    }

    CompletionHandler<RefreshTarget> refresh(TaskInstance<RefreshTarget> instance, ExecutionContext context) {
        RefreshTarget target = instance.getData();
        Optional<CurrentTokens> current = currentTokens(target.accountId());
        if (current.isEmpty()) {
            log.info("Account {} holds no access token to keep fresh any more; its token refresh stops", target.accountId());
            return (complete, operations) -> operations.remove();
        }
        CurrentTokens tokens = current.get();
        // The provider starts the new token's lifetime somewhere between this request and its answer: counted from the
        // request, Tether never takes a token for valid longer than it is, however long the answer took.
        Instant requested = clock.instant();
        AccessToken refreshed;
        try {
            refreshed = tokens.provider().accessToken(tokens.credentials()).orElseThrow(() -> new IllegalStateException(
                    tokens.provider().entry().slug() + " hands out no access tokens"));
        } catch (CredentialsRefusedException e) {
            recordFailure(tokens, e.getMessage(), target.failedAttempts() + 1, null);
            markFailed(tokens, e.getMessage());
            return (complete, operations) -> operations.remove();
        } catch (ProviderUnavailableException e) {
            return failed(target, tokens, e.getMessage());
        } catch (ProblemException e) {
            if (!e.is(OAUTH_NOT_CONFIGURED)) {
                throw e;
            }
            return failed(target, tokens, e.getMessage());
        }
        Instant expiresAt = requested.plus(refreshed.expiresIn());
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
            Instant nextAttempt = clock.instant().plus(properties.tokenRefresh().retryDelay());
            recordFailure(tokens, reason, failedAgain.failedAttempts(), nextAttempt);
            log.warn("Refreshing the access token of account {} failed ({} of {} attempts): {}", target.accountId(),
                    failedAgain.failedAttempts(), maxAttempts, reason);
            return reschedule(nextAttempt, failedAgain);
        }
        recordFailure(tokens, reason, failedAgain.failedAttempts(), null);
        markFailed(tokens, "Tether could not refresh this account's access token in " + maxAttempts
                + " attempts; the last one failed with: " + CallbackOutcome.shortened(reason) + ". Reconnect the account "
                + "once " + tokens.provider().entry().displayName() + " is reachable and the credentials are valid.");
        return (complete, operations) -> operations.remove();
    }

    /** On the account's stream; an account deleted or disconnected meanwhile has nothing to record it on. */
    private void recordFailure(CurrentTokens tokens, String reason, int failedAttempts, Instant nextAttemptAt) {
        String inWords = CallbackOutcome.shortened(reason);
        try {
            commands.send(AttributedCommands.TOKEN_REFRESHER, tokens.organizationId(), new RecordTokenRefreshFailureCommand(
                    tokens.accountId(), inWords == null ? "the provider gave no reason" : inWords, failedAttempts, nextAttemptAt));
        } catch (ProblemException e) {
            if (!e.is(ILLEGAL_ACCOUNT_STATE, ACCOUNT_DELETED)) {
                throw e;
            }
            log.info("The failed token refresh of account {} was not recorded: {}", tokens.accountId(), e.getMessage());
        } catch (AggregateNotFoundException e) {
            log.info("The failed token refresh of account {} was not recorded: it is gone", tokens.accountId());
        }
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

    /**
     * The account's current credentials, opened by the account itself (with its region), when its provider keeps
     * an access token fresh for them: those an OAuth flow left (they hold an access token), or a provider's whose
     * credentials are always exchanged for one (Walmart). Empty for an account deleted, disconnected, or whose
     * credentials can no longer be opened.
     */
    private Optional<CurrentTokens> currentTokens(UUID accountId) {
        Optional<AccountNameRegistry.LiveAccount> live = accounts.find(accountId);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        UUID organizationId = live.get().organizationId();
        CredentialsUnderCheck opened;
        try {
            opened = commands.send(AttributedCommands.TOKEN_REFRESHER, organizationId,
                    CheckAccountCredentialsCommand.ofStored(accountId, organizationId));
        } catch (ProblemException e) {
            if (!e.is(ILLEGAL_ACCOUNT_STATE, ACCOUNT_DELETED, CREDENTIALS_SHREDDED, CREDENTIALS_UNREADABLE)) {
                throw e;
            }
            log.warn("The credentials of account {} cannot be opened ({}); its token refresh stops", accountId, e.getMessage());
            return Optional.empty();
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
        Provider provider = providers.of(opened.slug());
        boolean keptFresh = opened.credentials().credentials().containsKey(OAuthSecrets.ACCESS_TOKEN)
                || provider.afterConnect().contains(Provider.AfterConnect.KEEP_ACCESS_TOKEN_FRESH);
        return keptFresh ? Optional.of(new CurrentTokens(accountId, organizationId, provider, opened.sealed(),
                opened.credentials())) : Optional.empty();
    }

    private record CurrentTokens(UUID accountId, UUID organizationId, Provider provider, EncryptedCredentials sealed,
                                 ProviderCredentials credentials) {
    }

}
