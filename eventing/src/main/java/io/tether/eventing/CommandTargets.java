package io.tether.eventing;

import static org.axonframework.common.ReflectionUtils.ensureAccessible;
import static org.axonframework.common.ReflectionUtils.fieldsOf;
import static org.axonframework.common.ReflectionUtils.methodsOf;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/**
 * Finds a command's aggregate as Axon's {@link AnnotationCommandTargetResolver} does (the first method, then the first
 * field, marked {@link TargetAggregateIdentifier} or {@link TargetAggregateVersion}), but looks for those members once
 * per command class instead of walking the class's methods and fields and their annotations on every command. Axon
 * uses it for every aggregate, as the one {@link CommandTargetResolver} bean. It reads commands by reflection, so it
 * lives in this module with Tether's other reaches into Axon's workings.
 */
@Component
class CommandTargets implements CommandTargetResolver {

    private final ClassValue<Targets> targets = new ClassValue<>() {
        @Override
        protected Targets computeValue(Class<?> payloadType) {
            return new Targets(Member.annotated(payloadType, TargetAggregateIdentifier.class),
                    Member.annotated(payloadType, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Targets target = targets.get(command.getPayloadType());
        Object payload = command.getPayload();
        Object identifier;
        Long version;
        try {
            identifier = target.identifier().valueIn(payload);
            version = asLong(target.version().valueIn(payload));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("An exception occurred while extracting aggregate information form a command", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("The current security context does not allow extraction of aggregate "
                    + "information from the given command.", e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
        if (identifier == null) {
            throw new IllegalArgumentException(String.format("Invalid command. It does not identify the target "
                    + "aggregate. Make sure at least one of the fields or methods in the [%s] class contains the "
                    + "@TargetAggregateIdentifier annotation and that it returns a non-null value.",
                    command.getPayloadType().getSimpleName()));
        }
        return new VersionedAggregateIdentifier(identifier, version);
    }

    private static Long asLong(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        return Long.parseLong(value.toString());
    }

    private record Targets(Member identifier, Member version) {
    }

    /** A command class's method or field that holds its target's identifier or version, or none. */
    private interface Member {

        Member NONE = payload -> null;

        Object valueIn(Object payload) throws InvocationTargetException, IllegalAccessException;

        static Member annotated(Class<?> payloadType, Class<? extends Annotation> annotation) {
            for (Method method : methodsOf(payloadType)) {
                if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                    Method accessible = ensureAccessible(method);
                    return payload -> accessible.invoke(payload);
                }
            }
            for (Field field : fieldsOf(payloadType)) {
                if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                    return payload -> ReflectionUtils.getFieldValue(field, payload);
                }
            }
            return NONE;
        }
    }
}
