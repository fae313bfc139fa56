package io.tether.infrastructure.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The endpoint's success answer carries {@value ConsistencyHeaders#POSITION}: the OpenAPI document says
 * so on that operation. (A query's {@value ConsistencyHeaders#CONSISTENCY} needs no mark: the document
 * adds it wherever the operation takes {@value ConsistencyHeaders#MIN_POSITION}.)
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AnswersPosition {
}
