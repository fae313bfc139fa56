package io.tether.infrastructure.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure caused by PostgreSQL being unreachable from any other failure. Some say so by type
 * or SQLSTATE; others do not (a pooled connection that broke under a statement reports only that it
 * is closed), so for any other database failure the pool is asked for a working connection.
 */
@Component
class DatabaseFailures {

    private static final int VALIDATION_TIMEOUT_SECONDS = 1;

    private final ObjectProvider<DataSource> dataSource;

    DatabaseFailures(ObjectProvider<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    boolean isUnavailable(Throwable failure) {
        return saysUnavailable(failure) || isDatabaseFailure(failure) && !isReachable();
    }

    static boolean saysUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isClosedByThePool(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * HikariCP closes a connection the driver reported broken; the request's next use of it fails with
     * only this message (no SQL state), even when the database is back by the time the answer is made.
     */
    private static boolean isClosedByThePool(SQLException failure) {
        return failure.getSQLState() == null && "Connection is closed".equals(failure.getMessage());
    }

    private static boolean isDatabaseFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof SQLException || cause instanceof DataAccessException) {
                return true;
            }
        }
        return false;
    }

    private boolean isReachable() {
        DataSource source = dataSource.getIfAvailable();
        if (source == null) {
            return true;
        }
        try (Connection connection = source.getConnection()) {
            return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException unreachable) {
            return false;
        }
    }

    private static Throwable next(Throwable cause) {
        return cause.getCause() == cause ? null : cause.getCause();
    }

    /** SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server shut down or is starting). */
    private static boolean isConnectionState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }
}
