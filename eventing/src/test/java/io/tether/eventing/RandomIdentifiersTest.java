package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

class RandomIdentifiersTest {

    @Test
    void axonFindsTethersFactory_throughTheServiceLoader() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(RandomIdentifiers.class);
    }

    @Test
    void axonsMessages_areNamedByDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            ids.add(GenericEventMessage.asEventMessage("an event").getIdentifier());
            ids.add(GenericCommandMessage.asCommandMessage("a command").getIdentifier());
        }
        assertThat(ids).hasSize(1_000).allSatisfy(id -> {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.toString()).isEqualTo(id);
        });
    }
}
