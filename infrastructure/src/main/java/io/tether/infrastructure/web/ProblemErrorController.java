package io.tether.infrastructure.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (a request the security firewall or the servlet container
 * refused) are forwarded here; they get a problem response like every other error. Asked for
 * directly, the error path is a resource like any other that does not exist: a 404.
 */
@RestController
@Hidden // the container's error path, not an operation of the API
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status = request.getDispatcherType() != DispatcherType.ERROR ? HttpStatus.NOT_FOUND
                : HttpStatusCode.valueOf(code instanceof Integer value ? value : 500);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.forStatus(status));
    }
}
