package io.tether.command.oauth;

import io.tether.api.AuditMetadata;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Sends the commands that no signed-in user gives: Amazon's or Slack's redirect, a deadline, the token refresher.
 * Their events still say who acted (the {@code actor} below) and for which organization.
 */
@Component
class AttributedCommands {

    /** Amazon's redirect of the user's browser, which proves itself with the flow's state. */
    static final String AMAZON_REDIRECT = "amazon-oauth-redirect";
    /** Slack's redirect after an app install, which proves itself with the install's state. */
    static final String SLACK_REDIRECT = "slack-oauth-redirect";
    static final String OAUTH_DEADLINE = "tether:oauth-deadline";
    static final String TOKEN_REFRESHER = "tether:token-refresher";

    private final CommandGateway commands;

    AttributedCommands(CommandGateway commands) {
        this.commands = commands;
    }

    <R> R send(String actor, UUID organizationId, Object command) {
        Map<String, Object> metadata = organizationId == null
                ? Map.of(AuditMetadata.ACTOR, actor)
                : Map.of(AuditMetadata.ACTOR, actor, AuditMetadata.ORGANIZATION_ID, organizationId.toString());
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }
}
