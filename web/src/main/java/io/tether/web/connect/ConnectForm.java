package io.tether.web.connect;

import io.tether.api.account.AccountView;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.account.Region;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/**
 * A connect form as the template shows it: a new connection of a catalog entry (a name, an account's region, the
 * config and the credentials its catalog schemas describe) or new credentials for a connection (and, for a global
 * integration, its config again); with the API's field errors beside the fields they name, and the ones that name no
 * field of the form above it. {@code reconnecting} is the name of the connection that gets new credentials, or null.
 */
record ConnectForm(CatalogEntry entry, String reconnecting, String action, String name, String region,
                   List<Region> regions, SchemaFields config, SchemaFields credentials, String nameError,
                   String regionError, String summary, List<String> otherErrors) {

    static ConnectForm empty(CatalogEntry entry) {
        List<Region> regions = entry.kind() == CatalogKind.ACCOUNT
                ? Arrays.stream(Region.values()).filter(region -> region.marketplace() == entry.marketplace()).toList()
                : List.of();
        // An OAuth entry's credentials come from the provider's sign-in, not from the form; its config does not.
        SchemaFields credentials = entry.supportsOauth() ? SchemaFields.none(SchemaFields.CREDENTIALS)
                : SchemaFields.credentials(entry);
        return new ConnectForm(entry, null, "/connect/integrations/" + entry.slug(), "",
                regions.isEmpty() ? null : regions.get(0).name(), regions, SchemaFields.config(entry), credentials,
                null, null, null, List.of());
    }

    static ConnectForm reconnecting(CatalogEntry entry, AccountView account) {
        return new ConnectForm(entry, account.accountName(), "/connect/accounts/" + account.id() + "/reconnect",
                account.accountName(), account.region().name(), List.of(), SchemaFields.none(SchemaFields.CONFIG),
                SchemaFields.credentials(entry), null, null, null, List.of());
    }

    /** New credentials for a global integration, and its config as it is, to be corrected where it is wrong. */
    static ConnectForm reconnecting(CatalogEntry entry, GlobalIntegrationView integration) {
        return new ConnectForm(entry, integration.displayName(), "/connect/global/" + integration.id() + "/reconnect",
                integration.displayName(), null, List.of(), SchemaFields.config(entry).withValues(integration.config()),
                SchemaFields.credentials(entry), null, null, null, List.of());
    }

    public boolean isAccount() {
        return entry.kind() == CatalogKind.ACCOUNT;
    }

    public boolean isReconnect() {
        return reconnecting != null;
    }

    /** Every field the catalog's schemas give, the config's first (where to connect), then the credentials. */
    public List<SchemaFields.Field> fields() {
        List<SchemaFields.Field> fields = new ArrayList<>(config.fields());
        fields.addAll(credentials.fields());
        return fields;
    }

    /** What was entered, shown again: the name, the region and the config, never a credential. */
    ConnectForm withValues(MultiValueMap<String, String> parameters) {
        String enteredName = parameters.getFirst("name");
        String enteredRegion = parameters.getFirst("region");
        return new ConnectForm(entry, reconnecting, action, enteredName == null ? name : enteredName,
                enteredRegion == null ? region : enteredRegion, regions, config.withValues(parameters), credentials,
                nameError, regionError, summary, otherErrors);
    }

    /** Errors keyed by the API's field names: {@code account_name}, {@code region}, {@code config.<name>}, {@code credentials.<name>}. */
    ConnectForm withErrors(Map<String, String> errors, String summary) {
        Map<String, String> remaining = new LinkedHashMap<>(errors);
        String nameError = first(remaining, "account_name", "accountName", "display_name", "displayName");
        String regionError = first(remaining, "region");
        SchemaFields placedConfig = config.withErrorsFrom(remaining);
        SchemaFields placedCredentials = credentials.withErrorsFrom(remaining);
        if (remaining.containsKey(SchemaFields.CREDENTIALS) && !placedCredentials.fields().isEmpty()) {
            // The credentials as a whole (none given where some are required): beside each required field left empty.
            placedCredentials = placedCredentials.withErrorOnRequired(remaining.remove(SchemaFields.CREDENTIALS));
        }
        List<String> others = remaining.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue()).toList();
        return new ConnectForm(entry, reconnecting, action, name, region, regions, placedConfig, placedCredentials,
                nameError, regionError, summary, others);
    }

    private static String first(Map<String, String> errors, String... names) {
        for (String name : names) {
            if (errors.containsKey(name)) {
                return errors.remove(name);
            }
        }
        return null;
    }
}
