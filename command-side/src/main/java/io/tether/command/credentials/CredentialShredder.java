package io.tether.command.credentials;

import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.ShredAccountCredentialsCommand;
import io.tether.command.account.CredentialsAlreadyShreddedException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Destroys a deleted account's key once its deletion is committed, never before: a key destroyed for
 * a deletion that then rolled back would leave a live account with unreadable credentials. A failure
 * (Vault down, or refusing) is noted in {@link PendingShreddings} and retried by the processor until the
 * shredding is recorded.
 */
@Component
@ProcessingGroup(CredentialShredder.PROCESSING_GROUP)
@DisallowReplay
class CredentialShredder {

    static final String PROCESSING_GROUP = "credential-shredding";

    private final CommandGateway commands;
    private final PendingShreddings pending;

    CredentialShredder(CommandGateway commands, PendingShreddings pending) {
        this.commands = commands;
        this.pending = pending;
    }

    @EventHandler
    void on(AccountDeletedEvent event) {
        try {
            commands.sendAndWait(new ShredAccountCredentialsCommand(event.accountId()));
        } catch (CredentialsAlreadyShreddedException redelivered) {
            // A replay or redelivery of a deletion whose shredding is already on record.
        } catch (RuntimeException failed) {
            pending.failed(event.accountId(), failed);
            throw failed;
        }
        pending.confirmed(event.accountId());
    }
}
