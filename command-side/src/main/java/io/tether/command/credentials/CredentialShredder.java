package io.tether.command.credentials;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_ALREADY_SHREDDED;

import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.ShredAccountCredentialsCommand;
import io.tether.api.problem.ProblemException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Destroys a deleted account's key once its deletion is committed, never before: a key destroyed for
 * a deletion that then rolled back would leave a live account with unreadable credentials. A failure
 * (Vault down) is retried by the processor until the shredding is recorded.
 */
@Component
@ProcessingGroup(CredentialShredder.PROCESSING_GROUP)
@DisallowReplay
class CredentialShredder {

    static final String PROCESSING_GROUP = "credential-shredding";

    private final CommandGateway commands;

    CredentialShredder(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(AccountDeletedEvent event) {
        try {
            commands.sendAndWait(new ShredAccountCredentialsCommand(event.accountId()));
        } catch (ProblemException refused) {
            if (!refused.is(CREDENTIALS_ALREADY_SHREDDED)) {
                throw refused;
            }
            // A replay or redelivery of a deletion whose shredding is already on record.
        }
    }
}
