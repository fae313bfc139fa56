package io.tether.web;

import io.tether.api.problem.ProblemException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A problem a page's call to an application service raised, shown as a page with the problem's status, title
 * and detail, where the REST API would answer problem+json. A page that shows field errors beside its form
 * catches the problem itself; this is for the rest.
 */
@ControllerAdvice(annotations = PageController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    @ExceptionHandler(ProblemException.class)
    ModelAndView problem(ProblemException problem) {
        HttpStatus status = HttpStatus.valueOf(problem.code().status());
        String message = problem.detail() == null ? problem.code().title() : problem.detail();
        return new ModelAndView(RefusalPage.TEMPLATE, RefusalPage.model(status, problem.code().title(), message), status);
    }

    /** A role the caller lacks ({@code Caller.requireAnyRole}), as the API's 403. */
    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView notAllowed() {
        return new ModelAndView(RefusalPage.TEMPLATE, RefusalPage.model(HttpStatus.FORBIDDEN, "Not allowed",
                "Your roles do not allow this page or this action."), HttpStatus.FORBIDDEN);
    }
}
