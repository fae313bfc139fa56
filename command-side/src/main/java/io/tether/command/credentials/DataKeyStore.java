package io.tether.command.credentials;

import java.util.Optional;

/** Where the local keyring keeps its owners' data keys, wrapped by the master key. */
interface DataKeyStore {

    Optional<StoredDataKey> latest(String keyName);

    /**
     * The newest version of the key, or, when the key has no version at all, version 1 stored with {@code wrappedFirst}
     * and answered: an owner's first seal in one look-up. A destroyed key's tombstone is a version, so a shredded
     * owner is answered its destroyed key, never a new one. When another transaction stores the first version
     * meanwhile, the answer is the stored one.
     */
    StoredDataKey latestOrFirst(String keyName, byte[] wrappedFirst);

    Optional<StoredDataKey> version(String keyName, int version);

    /** Stores the version unless it exists; answers whichever is stored. */
    StoredDataKey insertIfAbsent(String keyName, int version, byte[] wrappedKey);

    /** Clears every version of the key and leaves a tombstone, even for a key that never existed. */
    void destroy(String keyName);

    boolean isDestroyed(String keyName);

    /** A version of an owner's data key; {@code wrappedKey} is null once destroyed. */
    record StoredDataKey(String keyName, int version, byte[] wrappedKey) {

        boolean destroyed() {
            return wrappedKey == null;
        }
    }
}
