package io.tether.query.audit;

import io.tether.api.account.AccountChanges;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountView;
import io.tether.api.global.GlobalIntegrationChanges;
import io.tether.api.global.GlobalIntegrationCreatedEvent;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.tool.ToolChanges;
import io.tether.api.tool.ToolView;
import java.time.Instant;

/**
 * An aggregate as it stood after a given event: what an auditor asks for at a point in time. Each event changes
 * it as the read model's definition says ({@link AccountChanges}, {@link GlobalIntegrationChanges},
 * {@link ToolChanges}): the read models apply the same rules. Before its creation an aggregate is {@code null};
 * events that do not change what the view shows leave it as it was.
 */
final class StateAt {

    /** One aggregate's view after one more event, which happened at {@code at}. */
    @FunctionalInterface
    interface Evolution<V> {
        V evolve(V state, Object event, Instant at);
    }

    private StateAt() {
    }

    static AccountView account(AccountView state, Object event, Instant at) {
        if (event instanceof AccountCreatedEvent created) {
            return AccountChanges.created(created, at);
        }
        if (state == null) {
            return null;
        }
        return AccountChanges.of(event, at).map(change -> AccountChanges.apply(state, change, at)).orElse(state);
    }

    static GlobalIntegrationView globalIntegration(GlobalIntegrationView state, Object event, Instant at) {
        if (event instanceof GlobalIntegrationCreatedEvent created) {
            return GlobalIntegrationChanges.created(created, at);
        }
        if (state == null) {
            return null;
        }
        return GlobalIntegrationChanges.of(event, at)
                .map(change -> GlobalIntegrationChanges.apply(state, change, at)).orElse(state);
    }

    static ToolView tool(ToolView state, Object event, Instant at) {
        return ToolChanges.evolve(state, event, at);
    }
}
