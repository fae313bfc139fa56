package io.tether.api.global;

import java.util.Map;
import java.util.UUID;

/**
 * A global integration's credentials, opened, with its non-secret config: for internal workers that call
 * the service (Slack, Jira, …) on the organization's behalf.
 */
public record GlobalIntegrationCredentialsView(UUID integrationId, String serviceName, Map<String, Object> config,
                                               Map<String, String> credentials) {

    @Override
    public String toString() {
        return "GlobalIntegrationCredentialsView[integrationId=" + integrationId + ", serviceName=" + serviceName
                + ", credentials=<redacted>]";
    }
}
