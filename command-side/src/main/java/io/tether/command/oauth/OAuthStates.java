package io.tether.command.oauth;

import io.tether.api.oauth.OAuthFlow;
import io.tether.command.account.OAuthSecrets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code oauth_states} table: which account (Amazon's flows) or global integration (Slack's install) a
 * state hash belongs to, so that the provider's redirect, which names neither, finds its flow. The account's
 * or the integration's events decide whether the state is still accepted.
 */
@Repository
class OAuthStates {

    private final JdbcClient jdbc;

    OAuthStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A flow's state, found by its hash; a deleted account's or integration's states are found no more. */
    Optional<IndexedState> find(String stateHash) {
        return jdbc.sql("""
                        SELECT s.state_hash, s.account_id, s.integration_id,
                               coalesce(n.organization_id, g.organization_id) AS organization_id,
                               s.flow, s.expires_at, s.used_at
                        FROM oauth_states s
                        LEFT JOIN account_names n ON n.account_id = s.account_id
                        LEFT JOIN global_integration_scopes g ON g.integration_id = s.integration_id
                        WHERE s.state_hash = ? AND (n.account_id IS NOT NULL OR g.integration_id IS NOT NULL)""")
                .param(stateHash)
                .query((row, index) -> new IndexedState(row.getString("state_hash"),
                        row.getObject("account_id", UUID.class), row.getObject("integration_id", UUID.class),
                        row.getObject("organization_id", UUID.class),
                        OAuthFlow.valueOf(row.getString("flow")), row.getTimestamp("expires_at").toInstant(),
                        row.getTimestamp("used_at") != null))
                .optional()
                // The primary key found the row; the comparison that decides is still the constant-time one.
                .filter(state -> OAuthSecrets.sameHash(state.stateHash(), stateHash));
    }

    /** A new flow replaces the account's unused states; used ones stay until their deadline, to tell a replay apart. */
    void replaceUnused(UUID accountId, String stateHash, OAuthFlow flow, Instant expiresAt) {
        replaceUnused("account_id", accountId, stateHash, flow, expiresAt);
    }

    /** The same for a global integration's install. */
    void replaceUnusedOfIntegration(UUID integrationId, String stateHash, OAuthFlow flow, Instant expiresAt) {
        replaceUnused("integration_id", integrationId, stateHash, flow, expiresAt);
    }

    private void replaceUnused(String subjectColumn, UUID subjectId, String stateHash, OAuthFlow flow, Instant expiresAt) {
        jdbc.sql("DELETE FROM oauth_states WHERE " + subjectColumn + " = ? AND used_at IS NULL").param(subjectId).update();
        jdbc.sql("INSERT INTO oauth_states (state_hash, " + subjectColumn + ", flow, expires_at) VALUES (?, ?, ?, ?)")
                .params(stateHash, subjectId, flow.name(), Timestamp.from(expiresAt))
                .update();
    }

    void markUsed(String stateHash, Instant at) {
        jdbc.sql("UPDATE oauth_states SET used_at = ? WHERE state_hash = ?").params(Timestamp.from(at), stateHash).update();
    }

    void forget(String stateHash) {
        jdbc.sql("DELETE FROM oauth_states WHERE state_hash = ?").param(stateHash).update();
    }

    void forgetAccount(UUID accountId) {
        jdbc.sql("DELETE FROM oauth_states WHERE account_id = ?").param(accountId).update();
    }

    void forgetIntegration(UUID integrationId) {
        jdbc.sql("DELETE FROM oauth_states WHERE integration_id = ?").param(integrationId).update();
    }

    /** A state of an account's flow ({@code integrationId} null) or of a global integration's install ({@code accountId} null). */
    record IndexedState(String stateHash, UUID accountId, UUID integrationId, UUID organizationId, OAuthFlow flow,
                        Instant expiresAt, boolean used) {

        /** The account or the global integration whose flow this is. */
        UUID subjectId() {
            return accountId != null ? accountId : integrationId;
        }
    }
}
