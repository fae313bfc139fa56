package io.tether.command.provider;

import io.tether.api.account.Region;
import java.util.Map;

/**
 * What a provider is asked with: the opened credentials, the region of an account (null for a global
 * integration) and the non-secret config of a global integration (empty for an account).
 */
public record ProviderCredentials(Region region, Map<String, String> credentials, Map<String, Object> config) {

    public ProviderCredentials {
        credentials = Map.copyOf(credentials);
        config = config == null ? Map.of() : config;
    }

    public static ProviderCredentials ofAccount(Region region, Map<String, String> credentials) {
        return new ProviderCredentials(region, credentials, Map.of());
    }

    public static ProviderCredentials ofService(Map<String, String> credentials, Map<String, Object> config) {
        return new ProviderCredentials(null, credentials, config);
    }

    /** A credential the catalog's schema makes required; its absence is a refusal, never a call. */
    public String required(String name) {
        String value = credentials.get(name);
        if (value == null || value.isBlank()) {
            throw new CredentialsRefusedException("The credentials lack " + name + "; connect again with it.");
        }
        return value;
    }

    @Override
    public String toString() {
        return "ProviderCredentials[region=" + region + ", credentials=<redacted>, config=" + config + "]";
    }
}
