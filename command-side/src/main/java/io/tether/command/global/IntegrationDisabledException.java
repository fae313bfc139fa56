package io.tether.command.global;

import java.util.UUID;

/** The integration is disabled: it accepts no webhook delivery until it is enabled again. */
public class IntegrationDisabledException extends WebhookRejectedException {

    public IntegrationDisabledException(UUID integrationId) {
        super("Global integration " + integrationId + " is disabled and accepts no deliveries");
    }

    @Override
    public String reason() {
        return "disabled";
    }
}
