package io.tether.command.global;

import java.util.UUID;

/**
 * No such global integration for the caller's organization, or it was deleted. Another organization's
 * integration is not found either.
 */
public class GlobalIntegrationNotFoundException extends RuntimeException {

    public GlobalIntegrationNotFoundException(UUID integrationId) {
        super("Global integration " + integrationId + " does not exist");
    }
}
