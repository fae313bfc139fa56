package io.tether.command;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.axonframework.eventhandling.GenericEventMessage;

/** Clocks for aggregate tests. */
public final class TestClocks {

    private TestClocks() {
    }

    /** The clock the handlers get: the one the fixture stamps events with, which givenCurrentTime sets. */
    public static Clock fixtureEventClock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return GenericEventMessage.clock.instant();
            }
        };
    }
}
