package io.tether.infrastructure.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The one advice's mapping table: every code of the catalogue answers its status, code and title, bare or wrapped. */
class ApiProblemAdviceTest {

    private final ApiProblemAdvice advice = new ApiProblemAdvice(new DatabaseFailures(new StaticListableBeanFactory(
            Map.of("dataSource", new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/tether", "tether", "")))
            .getBeanProvider(DataSource.class)));

    @ParameterizedTest
    @EnumSource(ProblemCode.class)
    void everyCode_answersItsStatus_code_andTitle(ProblemCode code) {
        ResponseEntity<ProblemDetail> answer = advice.problem(code.exception("what went wrong"));

        assertThat(answer.getStatusCode().value()).isEqualTo(code.status());
        ProblemDetail body = answer.getBody();
        assertThat(body.getStatus()).isEqualTo(code.status());
        assertThat(body.getProperties()).containsEntry("code", code.code());
        assertThat(body.getType().toString()).isEqualTo("urn:tether:problem:" + code.code());
        assertThat(body.getTitle()).isEqualTo(code.title());
        assertThat(body.getDetail()).isEqualTo(code.fixedDetail() == null ? "what went wrong" : code.fixedDetail());
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                .isEqualTo(code.retryAfterSeconds() == null ? null : String.valueOf(code.retryAfterSeconds()));
    }

    @ParameterizedTest
    @EnumSource(ProblemCode.class)
    void everyCode_survivesTheWrappingOfTheBusesAndFutures(ProblemCode code) {
        ProblemException refusal = code.exception("refused inside a handler");

        for (Exception wrapped : List.of(
                new CompletionException(refusal),
                new QueryExecutionException("the query failed", refusal),
                new CommandExecutionException("the command failed", refusal),
                new CompletionException(new QueryExecutionException("the query failed", refusal)))) {
            ResponseEntity<ProblemDetail> answer = advice.unexpected(wrapped);

            assertThat(answer.getStatusCode().value()).as(wrapped.toString()).isEqualTo(code.status());
            assertThat(answer.getBody().getProperties()).containsEntry("code", code.code());
        }
    }

    @Test
    void fieldErrors_properties_andRetryAfter_areAllInTheResponse() {
        ResponseEntity<ProblemDetail> answer = advice.problem(ProblemCode.RATE_LIMITED.exception("Too many requests")
                .withError("account_name", "is already taken").with("status_now", "CONNECTED").retryAfter(7));

        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(answer.getBody().getProperties())
                .containsEntry("status_now", "CONNECTED")
                .containsKey("errors");
        assertThat(answer.getBody().getProperties().get("errors").toString()).contains("account_name", "is already taken");
    }

    @Test
    void aWireCode_hasOneStatusAndOneTitle_whicheverConstantsShareIt() {
        for (ProblemCode one : ProblemCode.values()) {
            for (ProblemCode other : ProblemCode.values()) {
                if (one.code().equals(other.code())) {
                    assertThat(other.status()).as(one + " and " + other).isEqualTo(one.status());
                    assertThat(other.title()).as(one + " and " + other).isEqualTo(one.title());
                }
            }
        }
    }
}
