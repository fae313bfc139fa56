package io.tether.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one event sets of an aggregate's public view: each field named to its value ({@code null} included), in
 * the order of the fields' enum. The shared definitions of the read models' rules ({@code AccountChanges},
 * {@code GlobalIntegrationChanges}) answer one per event.
 */
public record FieldChange<F extends Enum<F>>(Map<F, Object> sets) {

    public FieldChange {
        sets = sets.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(sets));
    }

    /** A change from fields and their values, alternating: {@code of(Field.class, Field.A, 1, Field.B, null)}. */
    public static <F extends Enum<F>> FieldChange<F> of(Class<F> fields, Object... fieldsAndValues) {
        Map<F, Object> sets = new EnumMap<>(fields);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            sets.put(fields.cast(fieldsAndValues[i]), fieldsAndValues[i + 1]);
        }
        return new FieldChange<>(sets);
    }

    /** The value the change sets for the field, or {@code unchanged} when it leaves the field as it was. */
    @SuppressWarnings("unchecked")
    public <T> T valueOr(F field, T unchanged) {
        return sets.containsKey(field) ? (T) sets.get(field) : unchanged;
    }
}
