package io.tether.api.catalog;

import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import java.util.Objects;

/**
 * One thing an organization can connect, with JSON Schemas (draft 2020-12) for what connecting it takes.
 *
 * @param slug              the stable name that connect bodies and tools' {@code required_integrations} use
 * @param marketplace       the account's marketplace; {@code null} for a service
 * @param integrationType   the account's type; {@code null} for a service
 * @param supportsOauth     whether Tether can obtain the credentials through an OAuth flow instead of
 *                          the user pasting them
 * @param credentialsSchema the shape of the (secret) credentials; every property is a string
 * @param configSchema      the shape of the non-secret config; {@code null} when the entry takes none
 */
public record CatalogEntry(
        String slug,
        CatalogKind kind,
        String displayName,
        String description,
        Marketplace marketplace,
        IntegrationType integrationType,
        boolean supportsOauth,
        String credentialsSchema,
        String configSchema) {

    public CatalogEntry {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(credentialsSchema, "credentialsSchema");
        if (kind == CatalogKind.ACCOUNT && (integrationType == null || marketplace != integrationType.marketplace())) {
            throw new IllegalArgumentException(slug + ": an account entry names its integration type and that type's marketplace");
        }
        if (kind == CatalogKind.SERVICE && (integrationType != null || marketplace != null)) {
            throw new IllegalArgumentException(slug + ": a service entry has no marketplace or integration type");
        }
    }

    public boolean takesConfig() {
        return configSchema != null;
    }
}
