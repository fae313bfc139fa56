package io.tether.api.catalog;

import io.tether.api.account.IntegrationType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The integration types and services Tether knows. The schemas sit beside this class as resources
 * ({@code <slug>.credentials.schema.json}, {@code <slug>.config.schema.json}) and are read once, when the
 * class is first used.
 */
public final class IntegrationCatalog {

    private static final Map<String, CatalogEntry> ENTRIES = load();
    private static final List<CatalogEntry> ENTRY_LIST = List.copyOf(ENTRIES.values());

    private IntegrationCatalog() {
    }

    /** Every entry: the account types in {@link IntegrationType} order, then the services. */
    public static List<CatalogEntry> entries() {
        return ENTRY_LIST;
    }

    public static Optional<CatalogEntry> find(String slug) {
        return Optional.ofNullable(slug == null ? null : ENTRIES.get(slug));
    }

    public static CatalogEntry of(IntegrationType type) {
        return ENTRIES.get(slugOf(type));
    }

    /** An integration type's slug is its name in lower case with dashes: {@code ADS_API} → {@code ads-api}. */
    private static String slugOf(IntegrationType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every slug, in the order of {@link #entries()}. */
    public static Set<String> slugs() {
        return ENTRIES.keySet();
    }

    private static Map<String, CatalogEntry> load() {
        List<CatalogEntry> entries = List.of(
                account(IntegrationType.SP_API_SC, "Amazon Seller Central",
                        "Orders, listings, inventory and reports of a Seller Central account through the Selling "
                                + "Partner API. Connect by authorizing Tether in Seller Central.", true),
                account(IntegrationType.SP_API_VC, "Amazon Vendor Central",
                        "Purchase orders, shipments and reports of a Vendor Central account through the Selling "
                                + "Partner API. Connect by authorizing Tether in Vendor Central.", true),
                account(IntegrationType.ADS_API, "Amazon Ads",
                        "Campaigns, budgets and reports of Amazon Ads profiles through the Amazon Ads API. "
                                + "Connect by signing in with Amazon.", true),
                account(IntegrationType.WALMART_MP_API, "Walmart Marketplace",
                        "Items, orders and inventory of a Walmart seller through the Walmart Marketplace API. "
                                + "Connect with a client ID and secret from Walmart's Developer Portal.", false),
                service("slack", "Slack",
                        "Posts notifications about the organization's integrations to a Slack channel. "
                                + "Connect by installing the Tether app in the workspace.", true),
                service("clickup", "ClickUp",
                        "Creates and syncs tasks in a ClickUp workspace. Connect with a personal API token.", false),
                service("jira", "Jira",
                        "Creates and syncs issues in a Jira Cloud project. Connect with an Atlassian account's "
                                + "email and API token.", false),
                service("github", "GitHub",
                        "Links issues and pull requests of a GitHub repository. Connect with a personal access "
                                + "token (classic or fine-grained).", false),
                service("linear", "Linear",
                        "Creates and syncs issues in a Linear team. Connect with a personal API key.", false),
                service("generic", "Generic webhooks",
                        "Receives webhooks from any sender that signs them as the Standard Webhooks specification "
                                + "says (webhook-id, webhook-timestamp, webhook-signature). No credentials.", false));
        Map<String, CatalogEntry> bySlug = new LinkedHashMap<>();
        for (CatalogEntry entry : entries) {
            if (bySlug.putIfAbsent(entry.slug(), entry) != null) {
                throw new IllegalStateException("Two catalog entries have the slug " + entry.slug());
            }
        }
        List<IntegrationType> missing = Arrays.stream(IntegrationType.values())
                .filter(type -> !bySlug.containsKey(slugOf(type)))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The catalog has no entry for " + missing);
        }
        return Collections.unmodifiableMap(bySlug);
    }

    private static CatalogEntry account(IntegrationType type, String displayName, String description,
                                        boolean supportsOauth) {
        String slug = slugOf(type);
        return new CatalogEntry(slug, CatalogKind.ACCOUNT, displayName, description, type.marketplace(), type,
                supportsOauth, schema(slug, "credentials", true), schema(slug, "config", false));
    }

    private static CatalogEntry service(String slug, String displayName, String description, boolean supportsOauth) {
        return new CatalogEntry(slug, CatalogKind.SERVICE, displayName, description, null, null, supportsOauth,
                schema(slug, "credentials", true), schema(slug, "config", false));
    }

    private static String schema(String slug, String part, boolean required) {
        String resource = slug + "." + part + ".schema.json";
        try (InputStream in = IntegrationCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                if (required) {
                    throw new IllegalStateException("The catalog resource " + resource + " is missing");
                }
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the catalog resource " + resource, e);
        }
    }
}
