package io.tether.infrastructure.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.CannotCreateTransactionException;

/** How the problem advice answers when the database is gone, and when a command kept losing its race. */
class DatabaseProblemsTest {

    /** Nothing listens on port 1: every connection attempt is refused at once. */
    private final DataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/tether", "tether", "");

    @Test
    void aTransactionThatCannotStart_isAFast503_withRetryAfter() {
        ResponseEntity<ProblemDetail> answer = adviceWith(unreachable)
                .unexpected(new CannotCreateTransactionException("Could not open JDBC Connection for transaction"));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody().getProperties()).containsEntry("code", "database_unavailable");
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    }

    @Test
    void aConnectionFailureWrappedByAQuery_isStillA503() {
        SQLException connectionLost = new SQLException("An I/O error occurred while sending to the backend.", "08006");

        assertThat(adviceWith(unreachable).unexpected(new CompletionException(new RuntimeException(connectionLost)))
                .getStatusCode().value()).isEqualTo(503);
    }

    @Test
    void aDatabaseFailureThatDoesNotSaySo_isA503_whenNoConnectionCanBeHad() {
        SQLException closed = new SQLException("Connection is closed");

        assertThat(adviceWith(unreachable).unexpected(new RuntimeException(closed)).getStatusCode().value()).isEqualTo(503);
    }

    /** A connection the pool closed under the request was lost to the outage, even if the database is back now. */
    @Test
    void aConnectionThePoolClosedUnderTheRequest_saysUnavailable_withoutAskingTheDatabase() {
        SQLException closedByThePool = new SQLException("Connection is closed");

        assertThat(DatabaseFailures.saysUnavailable(new CompletionException(new RuntimeException(closedByThePool)))).isTrue();
        assertThat(DatabaseFailures.saysUnavailable(new SQLException("syntax error at or near \"SELCT\"", "42601"))).isFalse();
    }

    @Test
    void aFailureThatIsNotTheDatabases_staysA500() {
        assertThat(adviceWith(unreachable).unexpected(new IllegalStateException("a bug")).getStatusCode().value())
                .isEqualTo(500);
    }

    @Test
    void aCommandThatKeptLosingTheRaceForItsAggregate_isA409ConcurrentModification() {
        ApiProblemAdvice advice = adviceWith(unreachable);

        assertThat(advice.concurrentModification(new ConcurrencyException("sequence 7 taken")).getBody().getProperties())
                .containsEntry("code", "concurrent_modification");
        assertThat(advice.concurrentModification(new AggregateStreamCreationException("stream exists")).getStatusCode().value())
                .isEqualTo(409);
    }

    @Test
    void aDeadlockThatStillLostAfterTheRetries_isA409_evenWhenWrapped() {
        RuntimeException wrapped = new RuntimeException("the event store could not append",
                new SQLException("deadlock detected", "40P01"));

        ResponseEntity<ProblemDetail> answer = adviceWith(unreachable).unexpected(wrapped);

        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getBody().getProperties()).containsEntry("code", "concurrent_modification");
    }

    private static ApiProblemAdvice adviceWith(DataSource dataSource) {
        return new ApiProblemAdvice(new DatabaseFailures(
                new StaticListableBeanFactory(Map.of("dataSource", dataSource)).getBeanProvider(DataSource.class)));
    }
}
