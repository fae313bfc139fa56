package io.tether.command.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The periodic check's spread: each id has one moment in the interval, and consecutive windows find each once. */
class CredentialRechecksTest {

    private static final long INTERVAL = Duration.ofHours(6).toMillis();
    private static final long TICK = INTERVAL / 360;

    @Test
    void windowsThatCoverTheInterval_findEveryIdExactlyOnce_wherever_theyStart() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add(UUID.randomUUID());
        }
        long start = 1_764_700_000_123L;
        int[] windowsPerId = new int[ids.size()];
        int[] idsPerWindow = new int[360];
        for (int window = 0; window < 360; window++) {
            for (int i = 0; i < ids.size(); i++) {
                if (CredentialRechecks.isDue(ids.get(i), start + window * TICK, start + (window + 1) * TICK, INTERVAL)) {
                    windowsPerId[i]++;
                    idsPerWindow[window]++;
                }
            }
        }
        assertThat(windowsPerId).containsOnly(1);
        // Spread, not bunched: with 2,000 ids over 360 windows, about 5.6 in each.
        assertThat(java.util.Arrays.stream(idsPerWindow).max().orElseThrow()).isLessThan(25);
    }

    @Test
    void aWindowAsLongAsTheInterval_findsEveryId() {
        assertThat(CredentialRechecks.isDue(UUID.randomUUID(), 0, INTERVAL, INTERVAL)).isTrue();
    }

    @Test
    void anEmptyWindow_findsNone() {
        assertThat(CredentialRechecks.isDue(UUID.randomUUID(), 5_000, 5_000, INTERVAL)).isFalse();
    }
}
