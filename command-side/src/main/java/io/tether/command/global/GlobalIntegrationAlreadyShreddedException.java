package io.tether.command.global;

import java.util.UUID;

public class GlobalIntegrationAlreadyShreddedException extends RuntimeException {

    public GlobalIntegrationAlreadyShreddedException(UUID integrationId) {
        super("The key of global integration " + integrationId + " was already destroyed");
    }
}
