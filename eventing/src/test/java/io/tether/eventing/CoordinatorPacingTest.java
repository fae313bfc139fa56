package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackerStatus;
import org.junit.jupiter.api.Test;

class CoordinatorPacingTest {

    private final List<EventTrackerStatus> segments = new ArrayList<>();
    private final CoordinatorPacing pacing = new CoordinatorPacing(() -> segments);
    private final AtomicInteger callbacks = new AtomicInteger();

    CoordinatorPacingTest() {
        pacing.callBack(callbacks::incrementAndGet);
    }

    @Test
    void theCoordinator_isHeldBackOnceItIsAWindowAheadOfTheSlowestSegment_andCalledBackOnceAfterTheNextBatch() {
        segmentsAt(1_000, 400);

        assertThat(pacing.holdsBack(400 + CoordinatorPacing.WINDOW - 1)).isFalse();
        assertThat(pacing.holdsBack(400 + CoordinatorPacing.WINDOW)).isTrue();
        assertThat(callbacks).hasValue(0);

        pacing.batchCommitted();
        pacing.batchCommitted();
        assertThat(callbacks).hasValue(1);

        segmentsAt(1_000, 900);
        assertThat(pacing.holdsBack(400 + CoordinatorPacing.WINDOW)).isFalse();
    }

    @Test
    void aBatchThatCommitsWhileTheCoordinatorIsNotHeld_callsNobody() {
        segmentsAt(100, 100);

        assertThat(pacing.holdsBack(200)).isFalse();
        pacing.batchCommitted();

        assertThat(callbacks).hasValue(0);
    }

    @Test
    void aSegmentWithoutAPositionYet_orNoSegmentAtAll_holdsNothingBack() {
        assertThat(pacing.holdsBack(10_000)).isFalse();

        segments.add(new TrackerStatus(Segment.ROOT_SEGMENT, null));
        assertThat(pacing.holdsBack(10_000)).isFalse();
    }

    @Test
    void aStreamStartedAgainBehindWhatThePacingLastSaw_isPacedAgain() {
        segmentsAt(12_000, 12_000);
        assertThat(pacing.holdsBack(12_500)).isFalse();

        // a replay: the segments start over, and so does the stream
        segmentsAt(0, 0);
        assertThat(pacing.holdsBack(CoordinatorPacing.WINDOW)).isTrue();
    }

    private void segmentsAt(long... positions) {
        segments.clear();
        for (int i = 0; i < positions.length; i++) {
            segments.add(new TrackerStatus(Segment.ROOT_SEGMENT.split()[i], new GlobalSequenceTrackingToken(positions[i])));
        }
    }
}
