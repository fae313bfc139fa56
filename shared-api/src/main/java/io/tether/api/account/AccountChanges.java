package io.tether.api.account;

import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthExpiredEvent;
import io.tether.api.oauth.OAuthFailedEvent;
import io.tether.api.oauth.OAuthStartedEvent;
import io.tether.api.FieldChange;
import java.time.Instant;
import java.util.Optional;

/**
 * How each event changes an account as the API shows it ({@link AccountView}): the one definition of
 * the account's public state. The accounts read model turns a change into its UPDATE's columns; the
 * audit's point-in-time view applies it in memory ({@link #apply}). The aggregate keeps more (its
 * credentials, keys, a pending OAuth flow); a command-side test replays the same events through it and
 * through this, and compares what the API would show.
 */
public final class AccountChanges {

    /** The fields an event may set; the id, organization, marketplace, type, name, region and creation time never change. */
    public enum Field {
        STATUS,
        ERROR_MESSAGE,
        HAS_CREDENTIALS,
        CONNECTED_AT,
        /** The read model's tombstone: a deleted account is no longer listed. The view has no such field. */
        DELETED
    }

    private AccountChanges() {
    }

    /** A new account: disconnected, without credentials. */
    public static AccountView created(AccountCreatedEvent event, Instant at) {
        return new AccountView(event.accountId(), event.organizationId(), event.marketplace(), event.integrationType(),
                event.accountName(), event.region(), AccountStatus.DISCONNECTED, null, false, null, at, at);
    }

    public static FieldChange<Field> of(AccountConnectedEvent event, Instant at) {
        return connected(at);
    }

    /** Connected by OAuth: the same as a connect with credentials given by hand. */
    public static FieldChange<Field> of(OAuthCompletedEvent event, Instant at) {
        return connected(at);
    }

    public static FieldChange<Field> of(AccountDisconnectedEvent event) {
        return change(Field.STATUS, AccountStatus.DISCONNECTED, Field.ERROR_MESSAGE, null, Field.HAS_CREDENTIALS, false,
                Field.CONNECTED_AT, null);
    }

    /** Failed, as a worker found; the credentials stay. */
    public static FieldChange<Field> of(AccountMarkedFailedEvent event) {
        return failed(event.errorMessage());
    }

    /** Failed, as the OAuth flow found; credentials an earlier connection left stay. */
    public static FieldChange<Field> of(OAuthFailedEvent event) {
        return failed(event.errorMessage());
    }

    /** The provider accepted the stored credentials: connected, also after an error (its recovery). */
    public static FieldChange<Field> of(AccountCredentialsVerifiedEvent event) {
        return change(Field.STATUS, AccountStatus.CONNECTED, Field.ERROR_MESSAGE, null);
    }

    /** The provider refused the stored credentials; they stay until reconnected or disconnected. */
    public static FieldChange<Field> of(AccountCredentialsRejectedEvent event) {
        return failed(event.reason());
    }

    /** An OAuth flow is under way; the credentials the account may hold stay until the flow replaces them. */
    public static FieldChange<Field> of(OAuthStartedEvent event) {
        return change(Field.STATUS, AccountStatus.CONNECTING, Field.ERROR_MESSAGE, null);
    }

    /** Back to the status (and error message) an abandoned OAuth flow started from. */
    public static FieldChange<Field> of(OAuthExpiredEvent event) {
        return change(Field.STATUS, event.restoredStatus(), Field.ERROR_MESSAGE, event.restoredErrorMessage());
    }

    /** Deleted: its credentials are gone; its status stays as it was. */
    public static FieldChange<Field> of(AccountDeletedEvent event) {
        return change(Field.DELETED, true, Field.HAS_CREDENTIALS, false);
    }

    /**
     * The change any account event makes, for readers that meet events of every type (a replay of the
     * store); empty for an event that changes nothing the API shows (a credentials read, a key rotation,
     * a token refresh, a redeemed state) and for the creation, which {@link #created} answers.
     */
    public static Optional<FieldChange<Field>> of(Object event, Instant at) {
        if (event instanceof AccountConnectedEvent connected) {
            return Optional.of(of(connected, at));
        }
        if (event instanceof OAuthCompletedEvent completed) {
            return Optional.of(of(completed, at));
        }
        if (event instanceof AccountDisconnectedEvent disconnected) {
            return Optional.of(of(disconnected));
        }
        if (event instanceof AccountMarkedFailedEvent failed) {
            return Optional.of(of(failed));
        }
        if (event instanceof OAuthFailedEvent failed) {
            return Optional.of(of(failed));
        }
        if (event instanceof AccountCredentialsVerifiedEvent verified) {
            return Optional.of(of(verified));
        }
        if (event instanceof AccountCredentialsRejectedEvent rejected) {
            return Optional.of(of(rejected));
        }
        if (event instanceof OAuthStartedEvent started) {
            return Optional.of(of(started));
        }
        if (event instanceof OAuthExpiredEvent expired) {
            return Optional.of(of(expired));
        }
        if (event instanceof AccountDeletedEvent deleted) {
            return Optional.of(of(deleted));
        }
        return Optional.empty();
    }

    /** The account after the change, which happened at {@code at}. */
    public static AccountView apply(AccountView account, FieldChange<Field> change, Instant at) {
        return new AccountView(account.id(), account.organizationId(), account.marketplace(),
                account.integrationType(), account.accountName(), account.region(),
                change.valueOr(Field.STATUS, account.status()),
                change.valueOr(Field.ERROR_MESSAGE, account.errorMessage()),
                change.valueOr(Field.HAS_CREDENTIALS, account.hasCredentials()),
                change.valueOr(Field.CONNECTED_AT, account.connectedAt()),
                account.createdAt(), at);
    }

    private static FieldChange<Field> connected(Instant at) {
        return change(Field.STATUS, AccountStatus.CONNECTED, Field.ERROR_MESSAGE, null, Field.HAS_CREDENTIALS, true,
                Field.CONNECTED_AT, at);
    }

    private static FieldChange<Field> failed(String errorMessage) {
        return change(Field.STATUS, AccountStatus.ERROR, Field.ERROR_MESSAGE, errorMessage);
    }

    private static FieldChange<Field> change(Object... fieldsAndValues) {
        return FieldChange.of(Field.class, fieldsAndValues);
    }
}
