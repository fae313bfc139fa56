package io.tether.query.global;

import java.util.UUID;

/** No such global integration for the caller's organization; another organization's is not found either. */
public class GlobalIntegrationNotFoundException extends RuntimeException {

    public GlobalIntegrationNotFoundException(UUID integrationId) {
        super("Global integration " + integrationId + " does not exist");
    }
}
