package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_ALREADY_USED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_EXPIRED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_UNKNOWN;

import io.tether.api.global.ExpireGlobalIntegrationOAuthCommand;
import io.tether.api.oauth.ExpireOAuthCommand;
import io.tether.api.problem.ProblemException;
import io.tether.command.oauth.OAuthTasks.FlowDeadline;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A flow's deadline: if the flow is still pending, it expires (an account returns to where it was; a global
 * integration's install simply ends).
 * A flow that completed, failed or was replaced meanwhile has nothing left to expire. Either way its
 * state is then forgotten.
 */
@Component
class OAuthFlowExpiry {

    private static final Logger log = LoggerFactory.getLogger(OAuthFlowExpiry.class);

    private final AttributedCommands commands;
    private final OAuthStates states;

    OAuthFlowExpiry(AttributedCommands commands, OAuthStates states) {
        this.commands = commands;
        this.states = states;
    }

    void expire(FlowDeadline deadline) {
        boolean ofAccount = deadline.integrationId() == null;
        String subject = ofAccount ? "account " + deadline.accountId() : "global integration " + deadline.integrationId();
        try {
            commands.send(AttributedCommands.OAUTH_DEADLINE, null, ofAccount
                    ? new ExpireOAuthCommand(deadline.accountId(), deadline.stateHash())
                    : new ExpireGlobalIntegrationOAuthCommand(deadline.integrationId(), deadline.stateHash()));
            log.info("The abandoned OAuth flow of {} expired", subject);
        } catch (ProblemException nothingPending) {
            if (!nothingPending.is(OAUTH_STATE_UNKNOWN, OAUTH_STATE_ALREADY_USED, OAUTH_STATE_EXPIRED, ACCOUNT_DELETED,
                    GLOBAL_INTEGRATION_NOT_FOUND)) {
                throw nothingPending;
            }
            log.debug("The OAuth flow of {} had already ended", subject);
        } catch (AggregateNotFoundException nothingPending) {
            log.debug("The OAuth flow of {} had already ended", subject);
        }
        states.forget(deadline.stateHash());
    }
}
