package io.tether.command.credentials;

import io.tether.api.account.IntegrationType;
import io.tether.api.credentials.EncryptedCredentials;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    void chooseAdsProfile(UUID accountId, String profileId) {
        jdbc.sql("""
                        INSERT INTO account_ads_profiles (account_id, profile_id) VALUES (?, ?)
                        ON CONFLICT (account_id) DO UPDATE SET profile_id = excluded.profile_id""")
                .params(accountId, profileId)
                .update();
    }

    /** A chosen profile the authorization no longer reaches is no longer chosen (as the account's aggregate has it). */
    void keepAdsProfileAmong(UUID accountId, List<String> reachable) {
        jdbc.sql("DELETE FROM account_ads_profiles WHERE account_id = ? AND NOT (profile_id = ANY (?))")
                .params(accountId, reachable.toArray(String[]::new))
                .update();
    }

    /**
     * What a credential read hands out, read without the account's aggregate: the live account's organization and
     * integration type, its sealed credentials (null when it holds none) and its chosen Ads profile (or null); empty
     * when there is no live account of that id.
     */
    public Optional<ReadableAccount> readable(UUID accountId) {
        return jdbc.sql("""
                        SELECT n.organization_id, n.integration_type, c.ciphertext, p.profile_id
                        FROM account_names n
                        LEFT JOIN account_credentials c ON c.account_id = n.account_id
                        LEFT JOIN account_ads_profiles p ON p.account_id = n.account_id
                        WHERE n.account_id = ?""")
                .param(accountId)
                .query((row, index) -> new ReadableAccount(accountId, row.getObject("organization_id", UUID.class),
                        IntegrationType.valueOf(row.getString("integration_type")),
                        row.getString("ciphertext") == null ? null : new EncryptedCredentials(row.getString("ciphertext")),
                        row.getString("profile_id")))
                .optional();
    }

    public record ReadableAccount(UUID accountId, UUID organizationId, IntegrationType integrationType,
                                  EncryptedCredentials credentials, String adsProfileId) {
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
