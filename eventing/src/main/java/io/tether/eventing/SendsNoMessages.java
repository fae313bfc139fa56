package io.tether.eventing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event handler class whose handlers send nothing (no command, event or query): they only
 * write their read model. When every handler class of a processing group carries it, the group handles
 * its events without correlation data ({@link CorrelationDataOnlyForSenders}). A class that starts
 * sending must lose the mark, or what it sends loses the caller's audit metadata.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SendsNoMessages {
}
