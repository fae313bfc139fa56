package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

/**
 * Whether a segment's token has passed an event, as read-your-writes asks it of the tokens in memory and in
 * {@code token_entry}; a replay's tokens included, which a reset (or a new processor on a store) starts without a
 * current token.
 */
class ProjectionPositionsReachedTest {

    @Test
    void aTokenHasReachedTheEventsUpToItsIndex_butNotItsGaps() {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(41, Set.of(38L));

        assertThat(ProjectionPositions.reached(token, 41)).isTrue();
        assertThat(ProjectionPositions.reached(token, 37)).isTrue();
        assertThat(ProjectionPositions.reached(token, 38)).as("a gap").isFalse();
        assertThat(ProjectionPositions.reached(token, 42)).isFalse();
        assertThat(ProjectionPositions.reached(null, 0)).as("no token").isFalse();
    }

    @Test
    void aReplay_hasReachedWhatItHasReplayed_andNothingBeforeItsFirstEvent() {
        GapAwareTrackingToken atReset = GapAwareTrackingToken.newInstance(41, Set.of());

        assertThat(ProjectionPositions.reached(ReplayToken.createReplayToken(atReset, null), 0))
                .as("a replay from the start that has handled nothing yet").isFalse();
        assertThat(ProjectionPositions.reached(
                ReplayToken.createReplayToken(atReset, GapAwareTrackingToken.newInstance(12, Set.of())), 12)).isTrue();
        assertThat(ProjectionPositions.reached(
                ReplayToken.createReplayToken(atReset, GapAwareTrackingToken.newInstance(12, Set.of())), 13)).isFalse();
    }
}
