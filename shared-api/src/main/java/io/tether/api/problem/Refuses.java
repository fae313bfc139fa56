package io.tether.api.problem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusals an endpoint answers beyond those every endpoint of its kind can give (bad JSON, no token,
 * a role that does not allow it, rate limits, an unreachable database: the OpenAPI document adds those
 * itself). The document lists each constant's status with {@code application/problem+json} and the
 * constant's stable code, so adding an endpoint's refusal is naming its constant here:
 * {@code @Refuses({ACCOUNT_NOT_FOUND, ILLEGAL_ACCOUNT_STATE})}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Refuses {

    ProblemCode[] value();
}
