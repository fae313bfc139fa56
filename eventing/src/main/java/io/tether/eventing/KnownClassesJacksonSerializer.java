package io.tether.eventing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer, with the class of each stored type looked up once. Axon's looks the class up by its name
 * ({@code Class.forName}, through Jackson's type factory) every time it meets a serialized type: when a processor
 * receives an event, to know whether one of its handlers takes it, and again when it reads the payload, for every
 * event in every processor: 2.4 % of Tether's CPU samples in a profile of five replays of the accounts read model, 7 %
 * of its processor's coordinator's. The classes found are kept by name (the revision does not choose the class); a
 * name this class path lacks is left to Axon, which keeps those itself, and the empty type too. The names are those of
 * the event, metadata and token types in the store: a few dozen.
 */
final class KnownClassesJacksonSerializer extends JacksonSerializer {

    private final Map<String, Class<?>> known = new ConcurrentHashMap<>();

    KnownClassesJacksonSerializer(Builder builder) {
        super(builder);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        Class<?> kept = known.get(type.getName());
        if (kept != null) {
            return kept;
        }
        Class<?> found = super.classForType(type);
        if (found != UnknownSerializedType.class && found != Void.class) {
            known.put(type.getName(), found);
        }
        return found;
    }
}
