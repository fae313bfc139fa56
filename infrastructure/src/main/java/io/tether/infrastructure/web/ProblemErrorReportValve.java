package io.tether.infrastructure.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.infrastructure.security.ApiResponseHeaders;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report, as a problem: a request the container refused itself (an encoded slash or
 * NUL in the path, brackets in the query, a request line or headers over the limit, a transfer
 * encoding it does not know) is answered like every other error, {@code application/problem+json}
 * with the request id and the API's security headers, instead of Tomcat's HTML page.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    private final ObjectProvider<ObjectMapper> json;
    private final ObjectProvider<ApiResponseHeaders> headers;

    ProblemErrorReportValve(ObjectProvider<ObjectMapper> json, ObjectProvider<ApiResponseHeaders> headers) {
        this.json = json;
        this.headers = headers;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (response.isError() && !response.isCommitted()) {
            // Refused while Tomcat read it (TRACE, an invalid path): answered here, not by the application.
            response.setSuspended(false);
            report(request, response, null);
            return;
        }
        super.invoke(request, response);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            headers.getObject().write(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            container.getLogger().warn("Could not write the API's headers on a refused request", e);
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json.getObject().writeValueAsString(Problems.forStatus(HttpStatusCode.valueOf(status))));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            container.getLogger().warn("Could not write the problem response to a refused request", e);
        }
    }
}
