package io.tether.command.credentials;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The keyring's data-key table, in memory, for tests that run without a database (and their variants of it). */
class InMemoryDataKeyStore implements DataKeyStore {

    private final Map<String, Map<Integer, StoredDataKey>> keys = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredDataKey> latest(String keyName) {
        return keys.getOrDefault(keyName, Map.of()).values().stream().max(Comparator.comparingInt(StoredDataKey::version));
    }

    @Override
    public StoredDataKey latestOrFirst(String keyName, byte[] wrappedFirst) {
        Map<Integer, StoredDataKey> versions = keys.computeIfAbsent(keyName, name -> new ConcurrentHashMap<>());
        synchronized (versions) {
            if (versions.isEmpty()) {
                versions.put(1, new StoredDataKey(keyName, 1, wrappedFirst));
            }
        }
        return latest(keyName).orElseThrow();
    }

    @Override
    public Optional<StoredDataKey> version(String keyName, int version) {
        return Optional.ofNullable(keys.getOrDefault(keyName, Map.of()).get(version));
    }

    @Override
    public StoredDataKey insertIfAbsent(String keyName, int version, byte[] wrappedKey) {
        return keys.computeIfAbsent(keyName, name -> new ConcurrentHashMap<>())
                .computeIfAbsent(version, v -> new StoredDataKey(keyName, v, wrappedKey));
    }

    @Override
    public void destroy(String keyName) {
        Map<Integer, StoredDataKey> versions = keys.computeIfAbsent(keyName, name -> new ConcurrentHashMap<>());
        versions.replaceAll((version, key) -> new StoredDataKey(keyName, version, null));
        versions.putIfAbsent(0, new StoredDataKey(keyName, 0, null));
    }

    /** Removes every trace of the key, as no code path does: for tests of what a cipher keeps in memory. */
    void forget(String keyName) {
        keys.remove(keyName);
    }

    @Override
    public boolean isDestroyed(String keyName) {
        return keys.getOrDefault(keyName, Map.of()).values().stream().anyMatch(StoredDataKey::destroyed);
    }
}
