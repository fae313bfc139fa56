package io.tether.command.credentials;

import java.util.UUID;

/** Whose keys were destroyed, remembered after the key store itself has forgotten them. */
interface ShreddedKeys {

    void record(UUID ownerId);

    boolean contains(UUID ownerId);
}
