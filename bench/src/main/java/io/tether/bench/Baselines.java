package io.tether.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The two designs Tether is compared with, on the same PostgreSQL in the same run, with plain JDBC in
 * autocommit (one commit per operation) and one connection per client: the raw append limit (one
 * INSERT of an event-sized row) and the seed's plain CRUD design (one UPDATE of a row with JSONB credentials).
 */
final class Baselines implements AutoCloseable {

    private static final int CRUD_ROWS = 6_400;

    private final String url;
    private final String user;
    private final String password;
    private final List<Connection> connections = new ArrayList<>();

    Baselines(String url, String user, String password) throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_raw_append");
            statement.execute("CREATE TABLE bench_raw_append (id bigserial primary key, aggregate_id varchar(36), "
                    + "payload bytea, meta_data bytea, time_stamp varchar(30))");
            statement.execute("DROP TABLE IF EXISTS bench_crud_accounts");
            statement.execute("CREATE TABLE bench_crud_accounts (id uuid primary key, organization_id uuid not null, "
                    + "account_name varchar(100) not null, status varchar(20) not null, credentials jsonb, "
                    + "connected_at timestamptz, updated_at timestamptz not null)");
            statement.execute("INSERT INTO bench_crud_accounts (id, organization_id, account_name, status, updated_at) "
                    + "SELECT gen_random_uuid(), '00000000-0000-0000-0000-0000000be0c4', 'crud-' || n, 'DISCONNECTED', now() "
                    + "FROM generate_series(1, " + CRUD_ROWS + ") n");
        }
    }

    /** The average payload and metadata sizes of Tether's stored events, so the raw append writes rows of that size. */
    int[] eventSizes() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet sizes = statement.executeQuery("SELECT COALESCE(AVG(octet_length(payload)), 600), "
                     + "COALESCE(AVG(octet_length(meta_data)), 400), COUNT(*) FROM domain_event_entry")) {
            sizes.next();
            return new int[] {(int) Math.round(sizes.getDouble(1)), (int) Math.round(sizes.getDouble(2)),
                    (int) sizes.getLong(3)};
        }
    }

    long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    Load.Measured rawAppend(int clients, Duration warmup, Duration measure, int payloadBytes, int metaBytes)
            throws Exception {
        List<PreparedStatement> statements = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            statements.add(connection(i).prepareStatement(
                    "INSERT INTO bench_raw_append (aggregate_id, payload, meta_data, time_stamp) VALUES (?, ?, ?, ?)"));
        }
        byte[] payload = filler(payloadBytes);
        byte[] meta = filler(metaBytes);
        try {
            return Load.closedLoop(clients, warmup, measure, (probe, client) -> {
                PreparedStatement insert = statements.get(client);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setBytes(2, payload);
                insert.setBytes(3, meta);
                insert.setString(4, java.time.Instant.now().toString());
                long started = System.nanoTime();
                insert.executeUpdate();
                probe.record("op", System.nanoTime() - started);
            });
        } finally {
            for (PreparedStatement statement : statements) {
                statement.close();
            }
        }
    }

    Load.Measured crudUpdate(int clients, Duration warmup, Duration measure) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Statement statement = connection(0).createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM bench_crud_accounts ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        List<PreparedStatement> statements = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            statements.add(connection(i).prepareStatement("UPDATE bench_crud_accounts SET credentials = ?::jsonb, "
                    + "status = 'CONNECTED', connected_at = now(), updated_at = now() WHERE id = ?"));
        }
        int slice = ids.size() / clients;
        try {
            return Load.closedLoop(clients, warmup, measure, (probe, client) -> {
                // each client updates rows of its own slice, as different users connect different accounts
                UUID id = ids.get(client * slice + ThreadLocalRandom.current().nextInt(slice));
                PreparedStatement update = statements.get(client);
                update.setString(1, "{\"refresh_token\":\"Atzr|bench-" + ThreadLocalRandom.current().nextLong()
                        + "\",\"profile_id\":\"123456\"}");
                update.setObject(2, id);
                long started = System.nanoTime();
                update.executeUpdate();
                probe.record("op", System.nanoTime() - started);
            });
        } finally {
            for (PreparedStatement statement : statements) {
                statement.close();
            }
        }
    }

    private Connection connection(int client) throws SQLException {
        while (connections.size() <= client) {
            connections.add(connect());
        }
        return connections.get(client);
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(url, user, password);
        connection.setAutoCommit(true);
        return connection;
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[Math.max(1, size)];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /**
     * PostgreSQL's counters for the current database: commits, and rows inserted, updated and deleted per table.
     * They are cumulative statistics that a backend reports after its transactions, within about ten seconds
     * when it goes idle: take the second snapshot after a pause.
     */
    Activity activity() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            long commits;
            try (ResultSet result = statement.executeQuery(
                    "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                result.next();
                commits = result.getLong(1);
            }
            Map<String, long[]> tables = new java.util.TreeMap<>();
            try (ResultSet result = statement.executeQuery(
                    "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables")) {
                while (result.next()) {
                    tables.merge(result.getString(1), new long[] {result.getLong(2), result.getLong(3), result.getLong(4)},
                            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
                }
            }
            return new Activity(commits, tables);
        }
    }

    /**
     * db-scheduler's executions that are picked now or due before {@code ahead} from now: work that a row measured now
     * would count as its own. Empty where the table does not exist (an external database of another kind).
     */
    List<ScheduledExecution> scheduledWork(Duration ahead) throws SQLException {
        List<ScheduledExecution> work = new ArrayList<>();
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement("""
                SELECT task_name, task_instance, execution_time, picked FROM scheduled_tasks
                WHERE picked OR execution_time <= now() + ? * interval '1 millisecond'
                ORDER BY task_name, task_instance""")) {
            statement.setLong(1, ahead.toMillis());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    work.add(new ScheduledExecution(result.getString(1), result.getString(2),
                            result.getTimestamp(3).toInstant(), result.getBoolean(4)));
                }
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
        }
        return work;
    }

    /**
     * Watches PostgreSQL's autovacuum workers until closed, on one connection of its own, every
     * {@code interval}: work of the database's own that a row measured meanwhile shares the CPUs with.
     */
    AutovacuumWatch watchAutovacuum(Duration interval) throws SQLException {
        return new AutovacuumWatch(connect(), interval);
    }

    /**
     * What the autovacuum workers did while watched: each statement seen ({@code autovacuum: VACUUM ANALYZE
     * public.audit_log}) with the number of looks that found it running, out of {@link #looks}. A role that may not
     * read other sessions' statements sees {@code <insufficient privilege>}.
     */
    static final class AutovacuumWatch implements AutoCloseable {

        private final Connection connection;
        private final Thread watcher;
        private final Map<String, Integer> seen = new TreeMap<>();
        private int looks;
        private volatile boolean closed;

        private AutovacuumWatch(Connection connection, Duration interval) {
            this.connection = connection;
            this.watcher = new Thread(() -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT query FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) {
                    while (!closed) {
                        List<String> working = new ArrayList<>();
                        try (ResultSet result = statement.executeQuery()) {
                            while (result.next()) {
                                working.add(result.getString(1));
                            }
                        }
                        synchronized (seen) {
                            looks++;
                            working.forEach(query -> seen.merge(query, 1, Integer::sum));
                        }
                        Thread.sleep(interval.toMillis());
                    }
                } catch (SQLException | InterruptedException e) {
                    synchronized (seen) {
                        seen.merge("(the watch stopped: " + e + ")", 1, Integer::sum);
                    }
                }
            }, "bench-autovacuum-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        /** The statements seen, in alphabetical order, with how many looks found each. */
        Map<String, Integer> seen() {
            synchronized (seen) {
                return new TreeMap<>(seen);
            }
        }

        int looks() {
            synchronized (seen) {
                return looks;
            }
        }

        @Override
        public void close() throws SQLException, InterruptedException {
            closed = true;
            watcher.join(5_000);
            connection.close();
        }
    }

    /** One row of db-scheduler's table: a task's execution, when it is due, and whether a node runs it now. */
    record ScheduledExecution(String task, String instance, Instant due, boolean picked) {

        /** db-scheduler's instance name for a recurring task's one execution, rescheduled after each run. */
        static final String RECURRING = "recurring";

        /**
         * The executions that have not run since they were first seen (in {@code firstDue}, by task and instance,
         * which this fills): all but a recurring task's execution that is due later than it was first seen and not
         * picked, which has run once and is now its next run. A recurring task whose period is shorter than the window
         * looked at is due again within it at once, so waiting for none to be due would wait for ever; once it has
         * run, a row started now is as far from its next run as it can be.
         */
        static List<ScheduledExecution> notYetRun(List<ScheduledExecution> current, Map<String, Instant> firstDue) {
            List<ScheduledExecution> left = new ArrayList<>();
            for (ScheduledExecution execution : current) {
                Instant first = firstDue.computeIfAbsent(execution.task() + "/" + execution.instance(), key -> execution.due());
                boolean ranSince = RECURRING.equals(execution.instance()) && !execution.picked() && execution.due().isAfter(first);
                if (!ranSince) {
                    left.add(execution);
                }
            }
            return left;
        }

        /** How many executions of each task, for a note. */
        static Map<String, Long> byTask(List<ScheduledExecution> executions) {
            Map<String, Long> counts = new TreeMap<>();
            executions.forEach(execution -> counts.merge(execution.task(), 1L, Long::sum));
            return counts;
        }
    }

    /** Commits and per-table row writes (inserted, updated, deleted). */
    record Activity(long commits, Map<String, long[]> tables) {

        /** What happened between {@code before} and this snapshot; tables without writes left out. */
        Activity since(Activity before) {
            Map<String, long[]> delta = new java.util.TreeMap<>();
            tables.forEach((table, now) -> {
                long[] then = before.tables.getOrDefault(table, new long[3]);
                long[] change = {now[0] - then[0], now[1] - then[1], now[2] - then[2]};
                if (change[0] + change[1] + change[2] > 0) {
                    delta.put(table, change);
                }
            });
            return new Activity(commits - before.commits, delta);
        }

        long rowWrites() {
            return tables.values().stream().mapToLong(writes -> writes[0] + writes[1] + writes[2]).sum();
        }
    }

    /** Drops the scratch tables and closes every connection. */
    @Override
    public void close() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_raw_append");
            statement.execute("DROP TABLE IF EXISTS bench_crud_accounts");
        } catch (SQLException e) {
            System.err.println("Could not drop the scratch tables: " + e);
        }
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
