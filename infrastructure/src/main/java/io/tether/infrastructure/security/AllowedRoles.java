package io.tether.infrastructure.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call an endpoint, any one of them: the {@link Caller} argument is only handed to the
 * handler when the token has one (otherwise a 403), and the OpenAPI document names them on the operation.
 * One declaration for both, so the document cannot say other than what is enforced.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AllowedRoles {

    /** Constants of {@link Roles}. */
    String[] value();
}
