package io.tether.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.web.ConsoleController.Field;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the console makes of the audit API's answers and of what a person types. */
class ConsoleControllerTest {

    @Test
    void aSealedValue_isShownAsSealed_withItsKeyVersion_andNothingElseOfIt() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("account_id", "a1");
        payload.put("credentials", Map.of("encrypted", true, "scheme", "local", "key_version", 2, "key_shredded", false));
        payload.put("profile", Map.of("profile_id", "123"));

        assertThat(ConsoleController.fields("", payload)).containsExactly(
                new Field("account_id", "a1"),
                new Field("credentials", "sealed (key version 2)"),
                new Field("profile.profile_id", "123"));
    }

    @Test
    void aSealedValueWhoseKeyIsDestroyed_saysSo() {
        assertThat(ConsoleController.fields("", Map.of("credentials", Map.of("encrypted", true, "key_shredded", true))))
                .containsExactly(new Field("credentials", "sealed, key destroyed"));
    }

    @Test
    void anInstant_isTypedAsAnIsoInstant_orAsALocalDateTimeInUtc_andAnythingElseIsNone() {
        assertThat(ConsoleController.instant("2026-12-03T14:30:00Z")).isEqualTo(Instant.parse("2026-12-03T14:30:00Z"));
        assertThat(ConsoleController.instant(" 2026-12-03T14:30:05.123 ")).isEqualTo(Instant.parse("2026-12-03T14:30:05.123Z"));
        assertThat(ConsoleController.instant("yesterday")).isNull();
    }
}
