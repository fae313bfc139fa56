package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ConsistencyPropertiesTest {

    @Test
    void theDefaults_waitFiveSeconds_lookingEveryTenMilliseconds() {
        ConsistencyProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("tether.consistency", ConsistencyProperties.class);

        assertThat(defaults.maxWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.pollInterval()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aPollIntervalOfZero_isRefused_byName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ConsistencyProperties(Duration.ofSeconds(5), Duration.ZERO))
                .withMessageContaining("tether.consistency.poll-interval");
    }
}
