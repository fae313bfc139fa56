package io.tether.infrastructure.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The endpoint answers an HTML page ({@code text/html}), with each of these statuses, to a browser that was
 * sent to it (an OAuth callback): the OpenAPI document lists them so, beside the problems it can answer.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AnswersPage {

    /** The statuses the page is answered with. */
    int[] value();

    /** What the page is, for the document. */
    String description();
}
