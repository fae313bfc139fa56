package io.tether.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ConsoleOpenIdPropertiesTest {

    @Test
    void theDefaults_leaveItOff_askingForOpenidAlone() {
        ConsoleOpenIdProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("tether.console.openid", ConsoleOpenIdProperties.class);

        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.scopes()).containsExactly("openid");
        assertThat(defaults.publicClient()).isTrue();
    }

    @Test
    void enabledWithoutAnIssuerOrAClient_isRefused_byName() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new ConsoleOpenIdProperties(true, " ", "tether", null, List.of("openid"), "Example ID"))
                .withMessageContaining("tether.console.openid.issuer-uri");
        assertThatIllegalStateException()
                .isThrownBy(() -> new ConsoleOpenIdProperties(true, "https://id.example.com", null, null, List.of("openid"), "Example ID"))
                .withMessageContaining("tether.console.openid.client-id");
    }

    @Test
    void scopesWithoutOpenid_areRefused_forThereWouldBeNoIdToken() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new ConsoleOpenIdProperties(true, "https://id.example.com", "tether", null,
                        List.of("profile"), "Example ID"))
                .withMessageContaining("must include openid");
    }

    @Test
    void theClientSecret_neverShowsInItsText() {
        ConsoleOpenIdProperties confidential = new ConsoleOpenIdProperties(true, "https://id.example.com", "tether",
                "s3cret-value", List.of("openid"), "Example ID");

        assertThat(confidential.publicClient()).isFalse();
        assertThat(confidential.toString()).doesNotContain("s3cret-value").contains("<redacted>");
    }
}
