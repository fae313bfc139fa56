package io.tether.command.credentials;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_ALREADY_SHREDDED;

import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.ShredAccountCredentialsCommand;
import io.tether.api.problem.ProblemException;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Destroys a deleted account's key once its deletion is committed, never before: a key destroyed for
 * a deletion that then rolled back would leave a live account with unreadable credentials. A shredding
 * the key store does not confirm is left pending and retried by {@link ShreddingRetries}; any other
 * failure (the database) is retried by the processor.
 */
@Component
@ProcessingGroup(CredentialShredder.PROCESSING_GROUP)
@DisallowReplay
class CredentialShredder implements OwnerShredder {

    static final String PROCESSING_GROUP = "credential-shredding";

    private final CommandGateway commands;
    private final ShreddingRetries retries;

    CredentialShredder(CommandGateway commands, ShreddingRetries retries) {
        this.commands = commands;
        this.retries = retries;
    }

    @EventHandler
    void on(AccountDeletedEvent event) {
        retries.settle(this, event.accountId());
    }

    @Override
    public String kind() {
        return "account";
    }

    @Override
    public ShreddingResult shred(UUID accountId) {
        try {
            return commands.sendAndWait(new ShredAccountCredentialsCommand(accountId));
        } catch (ProblemException refused) {
            if (!refused.is(CREDENTIALS_ALREADY_SHREDDED)) {
                throw refused;
            }
            // A replay or redelivery of a deletion whose shredding is already on record.
            return ShreddingResult.SHREDDED;
        }
    }
}
