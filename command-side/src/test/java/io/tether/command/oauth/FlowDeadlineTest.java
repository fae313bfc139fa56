package io.tether.command.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import io.tether.command.oauth.OAuthTasks.FlowDeadline;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The deadlines' task data, as db-scheduler keeps it (JSON): rows written before installs existed still read. */
class FlowDeadlineTest {

    private final JacksonSerializer serializer = new JacksonSerializer();

    @Test
    void aDeadlineStoredBeforeGlobalIntegrationsHadInstalls_readsAsAnAccountsFlow() {
        UUID accountId = UUID.randomUUID();
        byte[] stored = ("{\"accountId\":\"" + accountId + "\",\"stateHash\":\"" + "a".repeat(64) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(serializer.deserialize(FlowDeadline.class, stored))
                .isEqualTo(new FlowDeadline(accountId, "a".repeat(64), null));
    }

    @Test
    void anInstallsDeadline_keepsItsIntegration() {
        FlowDeadline deadline = new FlowDeadline(null, "b".repeat(64), UUID.randomUUID());

        assertThat(serializer.deserialize(FlowDeadline.class, serializer.serialize(deadline))).isEqualTo(deadline);
    }
}
