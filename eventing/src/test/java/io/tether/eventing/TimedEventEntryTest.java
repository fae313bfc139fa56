package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimedEventEntryTest {

    @Test
    void everyTimeAxonWrites_isReadAsAxonReadsIt() {
        SplittableRandom random = new SplittableRandom(28);
        long from = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            String written = DateTimeUtils.formatInstant(Instant.ofEpochMilli(random.nextLong(from, to + 1)));

            assertThat(TimedEventEntry.parse(written)).as(written).isEqualTo(DateTimeUtils.parseInstant(written));
        }
        assertThat(TimedEventEntry.parse("2026-12-05T03:12:00.123Z")).isEqualTo(Instant.parse("2026-12-05T03:12:00.123Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-05T03:12:00Z", "2026-12-05T03:12:00.123456Z", "2026-12-05T05:12:00.123+02:00",
            "2026-12-05t03:12:00.123z", "+10000-01-01T00:00:00.000Z"})
    void anyOtherTimeAxonReads_isReadByAxon(String stored) {
        assertThat(TimedEventEntry.parse(stored)).isEqualTo(DateTimeUtils.parseInstant(stored));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00.000Z", "2026-12-05T24:00:00.000Z", "2026-12-05T03:12:00.12xZ",
            "2026-12-05 03:12:00.123Z", ""})
    void aTimeAxonRefuses_isRefusedAsAxonRefusesIt(String stored) {
        assertThatThrownBy(() -> DateTimeUtils.parseInstant(stored)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> TimedEventEntry.parse(stored)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void theEntryAnswersItsTime_parsedWhenItWasRead() {
        TimedEventEntry entry = new TimedEventEntry("Account", "a", 3, "e", "2026-12-05T03:12:00.123Z", "Created", null,
                new byte[]{1}, new byte[]{2});

        assertThat(entry.getTimestamp()).isEqualTo(Instant.parse("2026-12-05T03:12:00.123Z"))
                .isSameAs(entry.getTimestamp());
        assertThat(entry.getAggregateIdentifier()).isEqualTo("a");
        assertThat(entry.getSequenceNumber()).isEqualTo(3);
        assertThat(entry.getType()).isEqualTo("Account");
        assertThat(entry.getEventIdentifier()).isEqualTo("e");
        assertThat(entry.getPayload().getData()).containsExactly(1);
        assertThat(entry.getPayload().getType().getName()).isEqualTo("Created");
        assertThat(entry.getPayload().getType().getRevision()).isNull();
        assertThat(entry.getMetaData().getData()).containsExactly(2);
    }
}
