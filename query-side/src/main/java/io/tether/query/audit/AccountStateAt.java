package io.tether.query.audit;

import io.tether.api.account.AccountChanges;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountView;
import java.time.Instant;

/**
 * An account as it stood after a given event: what an auditor asks for at a point in time. Each event
 * changes it as {@link AccountChanges} defines, the definition the accounts read model applies too.
 */
final class AccountStateAt {

    private AccountStateAt() {
    }

    /** The state after the event; events that do not change what the view shows leave it as it was. */
    static AccountView evolve(AccountView state, Object event, Instant at) {
        if (event instanceof AccountCreatedEvent created) {
            return AccountChanges.created(created, at);
        }
        if (state == null) {
            return null;
        }
        return AccountChanges.of(event, at).map(change -> AccountChanges.apply(state, change, at)).orElse(state);
    }
}
