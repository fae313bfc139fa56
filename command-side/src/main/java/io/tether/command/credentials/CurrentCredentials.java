package io.tether.command.credentials;

import io.tether.api.credentials.EncryptedCredentials;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code account_credentials} table: each connected account's current credentials, sealed. */
@Repository
public class CurrentCredentials {

    private final JdbcClient jdbc;

    CurrentCredentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void store(UUID accountId, EncryptedCredentials credentials, Instant at) {
        jdbc.sql("""
                        INSERT INTO account_credentials (account_id, ciphertext, key_version, updated_at)
                        VALUES (:accountId, :ciphertext, :keyVersion, :at)
                        ON CONFLICT (account_id) DO UPDATE
                        SET ciphertext = :ciphertext, key_version = :keyVersion, updated_at = :at""")
                .param("accountId", accountId)
                .param("ciphertext", credentials.ciphertext())
                .param("keyVersion", credentials.keyVersion())
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Replaces the ciphertext only if it is still {@code expected}: a newer connect is never overwritten. */
    boolean replace(UUID accountId, EncryptedCredentials expected, EncryptedCredentials replacement) {
        return jdbc.sql("UPDATE account_credentials SET ciphertext = ?, key_version = ? WHERE account_id = ? AND ciphertext = ?")
                .params(replacement.ciphertext(), replacement.keyVersion(), accountId, expected.ciphertext())
                .update() == 1;
    }

    void remove(UUID accountId) {
        jdbc.sql("DELETE FROM account_credentials WHERE account_id = ?").param(accountId).update();
    }

    /** The sealed credentials of the organization's live accounts. */
    public List<SealedAccountCredentials> ofOrganization(UUID organizationId) {
        return jdbc.sql("""
                        SELECT c.account_id, c.ciphertext FROM account_credentials c
                        JOIN account_names n ON n.account_id = c.account_id
                        WHERE n.organization_id = ? ORDER BY c.account_id""")
                .param(organizationId)
                .query((row, index) -> new SealedAccountCredentials(row.getObject("account_id", UUID.class),
                        new EncryptedCredentials(row.getString("ciphertext"))))
                .list();
    }

    public record SealedAccountCredentials(UUID accountId, EncryptedCredentials credentials) {
    }
}
