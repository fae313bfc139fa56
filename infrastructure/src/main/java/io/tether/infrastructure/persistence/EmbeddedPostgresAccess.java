package io.tether.infrastructure.persistence;

import io.tether.infrastructure.DataDirectory;
import io.tether.infrastructure.RandomBytes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded PostgreSQL: nobody without a password, not even for a moment. zonky runs
 * initdb with {@code -A trust}; Tether adds {@code --auth=scram-sha-256 --pwfile=...}, which initdb reads after
 * it, so that a new cluster requires a password from its first start, with the superuser's generated one set
 * by initdb itself. Before every start, while no server listens, {@code pg_hba.conf} is written to require
 * {@code scram-sha-256} for every connection. Tether connects as {@value #ROLE}: a role that owns the database
 * (Flyway migrates as it) but is no superuser, so it can neither read the server's files with
 * {@code pg_read_binary_file} nor run programs with {@code COPY ... TO PROGRAM}.
 *
 * <p>Both passwords are generated once into the data directory, readable by its owner only. A data directory
 * of a version before this one (initdb's trust, no passwords) is closed before its server starts: the
 * superuser's password is set in PostgreSQL's single-user mode, which listens on nothing; after the start,
 * the role is created, and the database, its schema and every table, view and sequence the superuser owned
 * are handed to the role.
 */
final class EmbeddedPostgresAccess {

    static final String ROLE = "tether";
    static final String SUPERUSER = "postgres";
    static final String DATABASE = "postgres";
    static final String SUPERUSER_PASSWORD_FILE = "postgres-superuser-password";
    static final String PASSWORD_FILE = "postgres-password";

    static final String HBA = """
            # Written by Tether before every start: no connection without a password.
            local   all   all                   scram-sha-256
            host    all   all   127.0.0.1/32    scram-sha-256
            host    all   all   ::1/128         scram-sha-256
            """;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresAccess.class);

    private final Path superuserPasswordFile;
    private final String superuserPassword;
    private final String password;

    private EmbeddedPostgresAccess(Path superuserPasswordFile, String superuserPassword, String password) {
        this.superuserPasswordFile = superuserPasswordFile;
        this.superuserPassword = superuserPassword;
        this.password = password;
    }

    static EmbeddedPostgresAccess of(DataDirectory dataDirectory) {
        return new EmbeddedPostgresAccess(dataDirectory.resolve(SUPERUSER_PASSWORD_FILE),
                dataDirectory.readOrGenerateOwnerOnly(SUPERUSER_PASSWORD_FILE, EmbeddedPostgresAccess::generated),
                dataDirectory.readOrGenerateOwnerOnly(PASSWORD_FILE, EmbeddedPostgresAccess::generated));
    }

    /**
     * initdb's authentication and the superuser's password from the cluster's first moment, {@code pg_hba.conf}
     * before every start, and the password zonky's readiness check connects with.
     */
    EmbeddedPostgres.Builder applyTo(EmbeddedPostgres.Builder builder) {
        return builder
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", superuserPasswordFile.toString())
                .setDataDirectoryCustomizer(cluster -> {
                    try {
                        closeBeforeStart(cluster.toPath());
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot restrict access to the embedded PostgreSQL in " + cluster, e);
                    }
                })
                .setConnectConfig("password", superuserPassword);
    }

    /**
     * Runs after initdb and before the server starts. A cluster whose {@code pg_hba.conf} trusts anyone was
     * initialised by an earlier version, without passwords: the superuser's is set in single-user mode first.
     */
    void closeBeforeStart(Path cluster) throws IOException {
        Path hba = cluster.resolve("pg_hba.conf");
        if (trustsAnyone(Files.readString(hba, StandardCharsets.UTF_8))) {
            log.warn("The embedded PostgreSQL in {} trusted every local connection (a data directory of an earlier "
                    + "version); setting its superuser's password before it starts", cluster);
            SingleUserMode.run(cluster, "ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(superuserPassword));
        }
        if (!HBA.equals(Files.readString(hba, StandardCharsets.UTF_8))) {
            Files.writeString(hba, HBA, StandardCharsets.UTF_8);
        }
    }

    /** Whether a line of this {@code pg_hba.conf} lets a connection in without a password. */
    static boolean trustsAnyone(String hba) {
        return hba.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+"))
                .anyMatch(fields -> Arrays.asList(fields).contains("trust"));
    }

    String password() {
        return password;
    }

    /**
     * Run as the superuser right after every start (idempotent): the role with its password, and what the
     * superuser owns handed to the role.
     */
    void restrict(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getDatabase(SUPERUSER, DATABASE).getConnection();
             Statement sql = connection.createStatement()) {
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
        }
    }

    /** Hex: nothing to escape inside a SQL literal, and as strong as its 32 random bytes. */
    private static String generated() {
        return HexFormat.of().formatHex(RandomBytes.next(32));
    }

    private static String literal(String password) {
        if (!password.matches("[0-9A-Za-z_-]+")) {
            throw new IllegalStateException("The embedded PostgreSQL's password files must hold only letters, digits, - and _");
        }
        return "'" + password + "'";
    }
}
