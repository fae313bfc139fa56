package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.LRUMap;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/** The stored types' classes, each looked up once; what Axon answers for the others, unchanged. */
class KnownClassesJacksonSerializerTest {

    /** Jackson's type factory, noting every class it is asked to find by name. */
    private static final class CountingTypeFactory extends TypeFactory {

        final List<String> lookedUp = new ArrayList<>();

        CountingTypeFactory() {
            super(new LRUMap<>(16, 200));
        }

        @Override
        public Class<?> findClass(String className) throws ClassNotFoundException {
            lookedUp.add(className);
            return super.findClass(className);
        }
    }

    private final CountingTypeFactory types = new CountingTypeFactory();
    private final KnownClassesJacksonSerializer serializer = new KnownClassesJacksonSerializer(
            JacksonSerializer.builder().objectMapper(new ObjectMapper().setTypeFactory(types)));

    @Test
    void aStoredTypesClass_isLookedUpOnce_whateverTheRevision() {
        String name = GapAwareTrackingToken.class.getName();

        assertThat(serializer.classForType(new SimpleSerializedType(name, null))).isEqualTo(GapAwareTrackingToken.class);
        assertThat(serializer.classForType(new SimpleSerializedType(name, null))).isEqualTo(GapAwareTrackingToken.class);
        assertThat(serializer.classForType(new SimpleSerializedType(name, "2"))).isEqualTo(GapAwareTrackingToken.class);

        assertThat(types.lookedUp).containsExactly(name);
    }

    @Test
    void aNameThisClassPathLacks_isAnUnknownType_andTheEmptyTypeIsVoid_asAxonAnswersThem() {
        SimpleSerializedType gone = new SimpleSerializedType("io.tether.api.account.NoSuchEvent", null);

        assertThat(serializer.classForType(gone)).isEqualTo(UnknownSerializedType.class);
        assertThat(serializer.classForType(gone)).isEqualTo(UnknownSerializedType.class);
        assertThat(serializer.classForType(SimpleSerializedType.emptyType())).isEqualTo(Void.class);
        assertThat(serializer.classForType(SimpleSerializedType.emptyType())).isEqualTo(Void.class);
    }

    @Test
    void whatItWrites_itReadsBack() {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(7, List.of(3L, 5L));

        SerializedObject<byte[]> written = serializer.serialize(token, byte[].class);
        Object read = serializer.deserialize(written);
        Object readAgain = serializer.deserialize(serializer.serialize(token, byte[].class));

        assertThat(read).isEqualTo(token);
        assertThat(readAgain).isEqualTo(token);
        assertThat(types.lookedUp).containsOnlyOnce(GapAwareTrackingToken.class.getName());
    }
}
