package io.tether.command.global;

import java.util.UUID;

/** The organization already has an integration of the service in that scope. */
public class GlobalIntegrationTakenException extends RuntimeException {

    public GlobalIntegrationTakenException(String serviceName, UUID projectId) {
        super("The organization already has a " + serviceName + " integration "
                + (projectId == null ? "for the whole organization" : "for project " + projectId));
    }
}
