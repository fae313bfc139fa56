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
 * The {@code oauth_states} table: which account a state hash belongs to, so that Amazon's redirect, which
 * names no account, finds its flow. The account's events decide whether the state is still accepted.
 */
@Repository
class OAuthStates {

    private final JdbcClient jdbc;

    OAuthStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A flow's state, found by its hash; a deleted account's states are found no more. */
    Optional<IndexedState> find(String stateHash) {
        return jdbc.sql("""
                        SELECT s.state_hash, s.account_id, n.organization_id, s.flow, s.expires_at, s.used_at
                        FROM oauth_states s JOIN account_names n ON n.account_id = s.account_id
                        WHERE s.state_hash = ?""")
                .param(stateHash)
                .query((row, index) -> new IndexedState(row.getString("state_hash"),
                        row.getObject("account_id", UUID.class), row.getObject("organization_id", UUID.class),
                        OAuthFlow.valueOf(row.getString("flow")), row.getTimestamp("expires_at").toInstant(),
                        row.getTimestamp("used_at") != null))
                .optional()
                // The primary key found the row; the comparison that decides is still the constant-time one.
                .filter(state -> OAuthSecrets.sameHash(state.stateHash(), stateHash));
    }

    /** A new flow replaces the account's unused states; used ones stay until their deadline, to tell a replay apart. */
    void replaceUnused(UUID accountId, String stateHash, OAuthFlow flow, Instant expiresAt) {
        jdbc.sql("DELETE FROM oauth_states WHERE account_id = ? AND used_at IS NULL").param(accountId).update();
        jdbc.sql("INSERT INTO oauth_states (state_hash, account_id, flow, expires_at) VALUES (?, ?, ?, ?)")
                .params(stateHash, accountId, flow.name(), Timestamp.from(expiresAt))
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

    record IndexedState(String stateHash, UUID accountId, UUID organizationId, OAuthFlow flow, Instant expiresAt,
                        boolean used) {
    }
}
