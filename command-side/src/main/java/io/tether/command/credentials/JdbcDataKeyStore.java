package io.tether.command.credentials;

import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code keyring_data_keys} table; it writes in the transaction of the command that needs the key. */
@Repository
class JdbcDataKeyStore implements DataKeyStore {

    /**
     * By column name, not by Spring's {@code SimplePropertyRowMapper}: that one looks each record component
     * up as it is spelled first ({@code keyName}), and the driver answers a column it lacks with an
     * exception, two per row here, on every command that seals credentials.
     */
    private static final RowMapper<StoredDataKey> ROW = (row, index) ->
            new StoredDataKey(row.getString("key_name"), row.getInt("version"), row.getBytes("wrapped_key"));

    private final JdbcClient jdbc;

    JdbcDataKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<StoredDataKey> latest(String keyName) {
        return jdbc.sql("SELECT key_name, version, wrapped_key FROM keyring_data_keys WHERE key_name = ?"
                        + " ORDER BY version DESC LIMIT 1")
                .param(keyName)
                .query(ROW)
                .optional();
    }

    /**
     * One statement: the newest version as the statement found it, or the first version inserted when it found none.
     * Two first seals of one owner at once both find none; the second's insert waits for the first's transaction and
     * then inserts nothing, and it reads the key again, by a statement that sees what the first committed.
     */
    @Override
    public StoredDataKey latestOrFirst(String keyName, byte[] wrappedFirst) {
        return jdbc.sql("""
                        WITH newest AS (
                            SELECT key_name, version, wrapped_key FROM keyring_data_keys WHERE key_name = :name
                            ORDER BY version DESC LIMIT 1),
                        first AS (
                            INSERT INTO keyring_data_keys (key_name, version, wrapped_key)
                            SELECT :name, 1, :wrapped WHERE NOT EXISTS (SELECT 1 FROM newest)
                            ON CONFLICT DO NOTHING
                            RETURNING key_name, version, wrapped_key)
                        SELECT key_name, version, wrapped_key FROM newest
                        UNION ALL SELECT key_name, version, wrapped_key FROM first""")
                .param("name", keyName)
                .param("wrapped", wrappedFirst)
                .query(ROW)
                .optional()
                .or(() -> latest(keyName))
                .orElseThrow();
    }

    @Override
    public Optional<StoredDataKey> version(String keyName, int version) {
        return jdbc.sql("SELECT key_name, version, wrapped_key FROM keyring_data_keys WHERE key_name = ? AND version = ?")
                .param(keyName)
                .param(version)
                .query(ROW)
                .optional();
    }

    @Override
    public StoredDataKey insertIfAbsent(String keyName, int version, byte[] wrappedKey) {
        return jdbc.sql("INSERT INTO keyring_data_keys (key_name, version, wrapped_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                        + " RETURNING key_name, version, wrapped_key")
                .params(keyName, version, wrappedKey)
                .query(ROW)
                .optional()
                .or(() -> version(keyName, version))
                .orElseThrow();
    }

    @Override
    public void destroy(String keyName) {
        jdbc.sql("UPDATE keyring_data_keys SET wrapped_key = NULL, destroyed_at = now()"
                        + " WHERE key_name = ? AND destroyed_at IS NULL")
                .param(keyName)
                .update();
        jdbc.sql("INSERT INTO keyring_data_keys (key_name, version, wrapped_key, destroyed_at) VALUES (?, 0, NULL, now())"
                        + " ON CONFLICT DO NOTHING")
                .param(keyName)
                .update();
    }

    @Override
    public boolean isDestroyed(String keyName) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM keyring_data_keys WHERE key_name = ? AND destroyed_at IS NOT NULL)")
                .param(keyName)
                .query(Boolean.class)
                .single();
    }
}
