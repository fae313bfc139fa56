package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_TAKEN;

import io.tether.api.problem.ProblemException;
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

    /** @throws ProblemException {@code GLOBAL_INTEGRATION_TAKEN} when a live integration holds the scope */
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
            throw GLOBAL_INTEGRATION_TAKEN.exception("The organization already has a " + serviceName + " integration "
                    + (projectId == null ? "for the whole organization" : "for project " + projectId))
                    .withError("service_name", "already has an integration in this organization and project");
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
