package io.tether.command.global;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps one integration per organization, project and service, a missing project being a scope of its
 * own (the whole organization). It writes in the transaction of the command that creates or deletes
 * the integration, so a reservation exists exactly when the integration's creation event does.
 */
@Component
public class GlobalIntegrationScopes {

    private final JdbcClient jdbc;

    GlobalIntegrationScopes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws GlobalIntegrationTakenException when a live integration holds the scope */
    public void reserve(UUID organizationId, UUID projectId, String serviceName, UUID integrationId) {
        int inserted = jdbc.sql("""
                        INSERT INTO global_integration_scopes (integration_id, organization_id, project_id, service_name)
                        VALUES (:integrationId, :organizationId, :projectId, :serviceName)
                        ON CONFLICT DO NOTHING""")
                .param("integrationId", integrationId)
                .param("organizationId", organizationId)
                .param("projectId", projectId)
                .param("serviceName", serviceName)
                .update();
        if (inserted == 0) {
            throw new GlobalIntegrationTakenException(serviceName, projectId);
        }
    }

    /** The organization's live global integrations. */
    public java.util.List<UUID> integrationsOf(UUID organizationId) {
        return jdbc.sql("SELECT integration_id FROM global_integration_scopes WHERE organization_id = ? ORDER BY integration_id")
                .param(organizationId)
                .query(UUID.class)
                .list();
    }

    public void release(UUID integrationId) {
        jdbc.sql("DELETE FROM global_integration_scopes WHERE integration_id = ?").param(integrationId).update();
    }
}
