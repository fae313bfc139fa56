package io.tether.command.credentials;

import java.util.UUID;

/** Sends the shredding command of one kind of key owner (accounts, global integrations). */
public interface OwnerShredder {

    /** The kind of owner, as a pending shredding's retry names it. */
    String kind();

    /** Asks the owner's aggregate to shred; a shredding already on record counts as shredded. */
    ShreddingResult shred(UUID ownerId);
}
