package io.tether.query.tool;

import io.tether.api.account.IntegrationType;
import io.tether.api.tool.RequirementStatus;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finds, in the accounts and global integrations read models, the best candidate of an organization
 * for one required integration: a working one if there is any, else the one closest to working.
 */
@Repository
class OnboardingReadModel {

    private final JdbcClient jdbc;

    OnboardingReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Connected first, then connecting, failed, disconnected; the oldest among equals. */
    Optional<Candidate> bestAccount(UUID organizationId, IntegrationType integrationType) {
        return jdbc.sql("""
                        SELECT id, account_name AS name, status FROM integration_accounts
                        WHERE organization_id = :organizationId AND integration_type = :integrationType AND NOT deleted
                        ORDER BY CASE status WHEN 'CONNECTED' THEN 0 WHEN 'CONNECTING' THEN 1 WHEN 'ERROR' THEN 2 ELSE 3 END,
                            created_at, id
                        LIMIT 1""")
                .param("organizationId", organizationId)
                .param("integrationType", integrationType.name())
                .query((row, index) -> new Candidate(row.getObject("id", UUID.class), row.getString("name"),
                        RequirementStatus.valueOf(row.getString("status"))))
                .optional();
    }

    /**
     * Enabled and connected first, then connected but disabled, then disconnected. With a project, only
     * that project's and organization-wide integrations count, the project's own preferred.
     */
    Optional<Candidate> bestGlobalIntegration(UUID organizationId, String serviceName, UUID projectId) {
        String inScope = projectId == null ? "" : " AND (project_id = :projectId OR project_id IS NULL)";
        var query = jdbc.sql("""
                        SELECT id, name, requirement_status FROM (
                            SELECT id, display_name AS name, project_id, created_at,
                                CASE WHEN status = 'ERROR' THEN 'ERROR' WHEN status <> 'CONNECTED' THEN 'DISCONNECTED'
                                     WHEN enabled THEN 'CONNECTED' ELSE 'DISABLED' END AS requirement_status
                            FROM global_integrations
                            WHERE organization_id = :organizationId AND service_name = :serviceName AND NOT deleted
                        """ + inScope + """
                        ) candidates
                        ORDER BY CASE requirement_status WHEN 'CONNECTED' THEN 0 WHEN 'DISABLED' THEN 1 WHEN 'ERROR' THEN 2 ELSE 3 END,
                            project_id IS NULL, created_at, id
                        LIMIT 1""")
                .param("organizationId", organizationId)
                .param("serviceName", serviceName);
        if (projectId != null) {
            query = query.param("projectId", projectId);
        }
        return query.query((row, index) -> new Candidate(row.getObject("id", UUID.class), row.getString("name"),
                        RequirementStatus.valueOf(row.getString("requirement_status"))))
                .optional();
    }

    record Candidate(UUID id, String name, RequirementStatus status) {
    }
}
