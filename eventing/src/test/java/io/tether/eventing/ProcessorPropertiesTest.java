package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ProcessorPropertiesTest {

    @Test
    void defaultsToOneSegmentAndBatchesOfAThousandEvents() {
        ProcessorProperties defaults = bind(Map.of());

        assertThat(defaults.segments()).isEqualTo(1);
        assertThat(defaults.batchSize()).isEqualTo(1000);
        assertThat(defaults.claimTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.claimExtensionThresholdMillis()).isEqualTo(3333);
    }

    @Test
    void takesTheOperatorsSettings() {
        ProcessorProperties set = bind(Map.of("tether.processors.batch-size", "100", "tether.processors.segments", "2",
                "tether.processors.claim-timeout", "3s"));

        assertThat(set.batchSize()).isEqualTo(100);
        assertThat(set.segments()).isEqualTo(2);
        assertThat(set.claimExtensionThresholdMillis()).isEqualTo(1000);
    }

    @Test
    void refusesABatchOfNothing() {
        assertThatThrownBy(() -> bind(Map.of("tether.processors.batch-size", "0")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("tether.processors.batch-size must be at least 1, was 0");
    }

    private static ProcessorProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("tether.processors", ProcessorProperties.class);
    }
}
