package io.tether.command.account;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots of long-lived accounts: without them, each command on an account with a thousand events
 * read and applied all thousand first. A snapshot is taken after a command that loaded at least
 * {@code every-events} events since the last one; loading then reads the snapshot and what followed it.
 */
@Configuration(proxyBeanMethods = false)
class AccountSnapshots {

    static final String TRIGGER = "accountSnapshotTrigger";

    @Bean(TRIGGER)
    SnapshotTriggerDefinition accountSnapshotTrigger(Snapshotter snapshotter, SnapshotProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.everyEvents());
    }

    /** @param everyEvents how many events an account's load may replay before a new snapshot is taken */
    @ConfigurationProperties("tether.snapshots")
    record SnapshotProperties(@DefaultValue("100") int everyEvents) {

        SnapshotProperties {
            if (everyEvents < 1) {
                throw new IllegalArgumentException("tether.snapshots.every-events must be at least 1, not " + everyEvents);
            }
        }
    }
}
