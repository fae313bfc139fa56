package io.tether.infrastructure.persistence;

import io.tether.infrastructure.DataDirectory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Who may connect to the embedded PostgreSQL: nobody without a password. initdb (as zonky runs it) trusts
 * every local connection, so that any local user could connect as the superuser, read files with
 * {@code pg_read_binary_file} and run programs with {@code COPY ... TO PROGRAM}. Here the superuser gets a
 * generated password, {@code pg_hba.conf} requires {@code scram-sha-256} for every connection, and Tether
 * connects as {@value #ROLE}: a role that owns the database (Flyway migrates as it) but is no superuser.
 *
 * <p>Both passwords are generated once into the data directory, readable by its owner only. A data directory
 * from a version before this one is brought here on its first start: the passwords set, the role created,
 * and the database, its schema and every table, view and sequence the superuser owned handed to the role.
 */
final class EmbeddedPostgresAccess {

    static final String ROLE = "tether";
    static final String SUPERUSER = "postgres";
    static final String DATABASE = "postgres";
    static final String SUPERUSER_PASSWORD_FILE = "postgres-superuser-password";
    static final String PASSWORD_FILE = "postgres-password";

    static final String HBA = """
            # Written by Tether at every start: no connection without a password.
            local   all   all                   scram-sha-256
            host    all   all   127.0.0.1/32    scram-sha-256
            host    all   all   ::1/128         scram-sha-256
            """;

    private final String superuserPassword;
    private final String password;

    private EmbeddedPostgresAccess(String superuserPassword, String password) {
        this.superuserPassword = superuserPassword;
        this.password = password;
    }

    static EmbeddedPostgresAccess of(DataDirectory dataDirectory) {
        return new EmbeddedPostgresAccess(dataDirectory.readOrGenerateOwnerOnly(SUPERUSER_PASSWORD_FILE, EmbeddedPostgresAccess::generated),
                dataDirectory.readOrGenerateOwnerOnly(PASSWORD_FILE, EmbeddedPostgresAccess::generated));
    }

    String superuserPassword() {
        return superuserPassword;
    }

    String password() {
        return password;
    }

    /**
     * Run as the superuser right after every start (idempotent): the passwords and the role first, while the
     * connection that sets them is still accepted, then {@code pg_hba.conf}, reloaded.
     */
    void restrict(EmbeddedPostgres postgres, Path clusterDirectory) throws SQLException, IOException {
        try (Connection connection = postgres.getDatabase(SUPERUSER, DATABASE).getConnection();
             Statement sql = connection.createStatement()) {
            sql.execute("ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(superuserPassword));
            sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN "
                    + "CREATE ROLE " + ROLE + "; END IF; END $$");
            sql.execute("ALTER ROLE " + ROLE + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                    + " PASSWORD " + literal(password));
            sql.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + ROLE);
            sql.execute("ALTER SCHEMA public OWNER TO " + ROLE);
            // What an earlier version created as the superuser. Tables first: the sequences of their serial and
            // identity columns follow them and cannot be handed over alone.
            sql.execute("""
                    DO $$
                    DECLARE item record;
                    BEGIN
                      FOR item IN SELECT c.oid::regclass::text AS name, c.relkind FROM pg_class c
                                  WHERE c.relnamespace = 'public'::regnamespace AND c.relowner = '%1$s'::regrole
                                    AND c.relkind IN ('r', 'p', 'v', 'm') LOOP
                        EXECUTE format('ALTER %%s %%s OWNER TO %2$s',
                            CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, item.name);
                      END LOOP;
                      FOR item IN SELECT c.oid::regclass::text AS name FROM pg_class c
                                  WHERE c.relnamespace = 'public'::regnamespace AND c.relowner = '%1$s'::regrole
                                    AND c.relkind = 'S' LOOP
                        EXECUTE format('ALTER SEQUENCE %%s OWNER TO %2$s', item.name);
                      END LOOP;
                      FOR item IN SELECT p.oid::regprocedure::text AS name FROM pg_proc p
                                  WHERE p.pronamespace = 'public'::regnamespace AND p.proowner = '%1$s'::regrole LOOP
                        EXECUTE format('ALTER ROUTINE %%s OWNER TO %2$s', item.name);
                      END LOOP;
                    END $$""".formatted(SUPERUSER, ROLE));
            Path hba = clusterDirectory.resolve("pg_hba.conf");
            if (!HBA.equals(Files.readString(hba, StandardCharsets.UTF_8))) {
                Files.writeString(hba, HBA, StandardCharsets.UTF_8);
                sql.execute("SELECT pg_reload_conf()");
            }
        }
    }

    /** Hex: nothing to escape inside a SQL literal, and as strong as its 32 random bytes. */
    private static String generated() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String literal(String password) {
        if (!password.matches("[0-9A-Za-z_-]+")) {
            throw new IllegalStateException("The embedded PostgreSQL's password files must hold only letters, digits, - and _");
        }
        return "'" + password + "'";
    }
}
