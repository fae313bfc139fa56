package io.tether.infrastructure.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.PrimitiveType;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springdoc.core.customizers.PropertyCustomizer;

/**
 * Two things about a property that swagger's resolver does not say by itself:
 * <ul>
 * <li>A record component marked {@code @Nullable} (any such annotation) may be sent as null, and no other
 * property of an answer ever is. A reference cannot carry {@code nullable} beside it, so it is wrapped.</li>
 * <li>A {@code JsonNode} component (a merge patch's field, kept as sent so that null differs from absent)
 * has the type its {@code @Schema} gives ({@code implementation}, or {@code type} with
 * {@code additionalPropertiesSchema}), rather than any JSON object.</li>
 * </ul>
 */
final class ApiProperties implements PropertyCustomizer {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema customize(Schema property, AnnotatedType type) {
        if (property == null) {
            return null;
        }
        Annotation[] annotations = type.getCtxAnnotations() == null ? new Annotation[0] : type.getCtxAnnotations();
        Optional<io.swagger.v3.oas.annotations.media.Schema> declared = Arrays.stream(annotations)
                .filter(io.swagger.v3.oas.annotations.media.Schema.class::isInstance)
                .map(io.swagger.v3.oas.annotations.media.Schema.class::cast).findFirst();
        boolean jsonNode = type.getType() != null
                && JsonNode.class.isAssignableFrom(Json.mapper().constructType(type.getType()).getRawClass());
        Schema result = property;
        if (jsonNode && declared.isPresent()) {
            result = typed(declared.get());
        }
        boolean nullable = declared.map(io.swagger.v3.oas.annotations.media.Schema::nullable).orElse(false)
                || Arrays.stream(annotations).anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
        if (!nullable) {
            return result;
        }
        if (result.get$ref() != null) {
            Schema wrapped = new ComposedSchema().allOf(List.of(new Schema<>().$ref(result.get$ref())));
            wrapped.setNullable(true);
            wrapped.setDescription(result.getDescription());
            return wrapped;
        }
        // A copy: a schema that replaces a type (JsonNode's) is one instance shared by every such property.
        Schema copy = result == property ? Json.mapper().convertValue(property, Schema.class) : result;
        copy.setNullable(true);
        return copy;
    }

    @SuppressWarnings("rawtypes")
    private static Schema typed(io.swagger.v3.oas.annotations.media.Schema declared) {
        Schema schema;
        if (declared.implementation() != Void.class) {
            schema = PrimitiveType.createProperty(declared.implementation());
        } else if (!declared.additionalPropertiesSchema().equals(Void.class)) {
            schema = new ObjectSchema().additionalProperties(PrimitiveType.createProperty(declared.additionalPropertiesSchema()));
        } else {
            schema = new ObjectSchema();
        }
        if (!declared.description().isEmpty()) {
            schema.setDescription(declared.description());
        }
        return schema;
    }
}
