package io.tether.command.credentials;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The shredded-keys record, in memory, for cipher tests that run without a database. */
final class InMemoryShreddedKeys implements ShreddedKeys {

    private final Set<UUID> owners = ConcurrentHashMap.newKeySet();

    @Override
    public void record(UUID ownerId) {
        owners.add(ownerId);
    }

    @Override
    public boolean contains(UUID ownerId) {
        return owners.contains(ownerId);
    }
}
