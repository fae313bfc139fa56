package io.tether.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Text that shows what it says: no control characters (NUL among them, which PostgreSQL's text cannot
 * hold), no invisible or bidirectional formatting characters (zero-width spaces, right-to-left overrides,
 * which make a name read differently from what it is), and no unpaired surrogates. The zero-width joiner
 * stays, as emoji sequences need it. Tabs and line breaks are allowed only when {@link #multiline()}.
 * On a map or a collection it applies to every key, value and element, however deeply nested.
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface PlainText {

    String message() default "must not contain control, invisible or bidirectional formatting characters";

    boolean multiline() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
