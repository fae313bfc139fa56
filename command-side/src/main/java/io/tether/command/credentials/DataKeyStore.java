package io.tether.command.credentials;

import java.util.Optional;

/** Where the local keyring keeps its owners' data keys, wrapped by the master key. */
interface DataKeyStore {

    Optional<StoredDataKey> latest(String keyName);

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
