package io.tether.command.global;

import java.util.UUID;

/** The command is not allowed in the integration's current state, e.g. shredding a live integration's key. */
public class IllegalGlobalIntegrationStateException extends RuntimeException {

    public IllegalGlobalIntegrationStateException(UUID integrationId, String reason) {
        super("Global integration " + integrationId + ": " + reason);
    }
}
