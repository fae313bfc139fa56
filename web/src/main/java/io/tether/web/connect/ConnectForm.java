package io.tether.web.connect;

import io.tether.api.account.AccountView;
import io.tether.api.account.Region;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connect form as the template shows it: a new connection of a catalog entry (a name, an account's region, the
 * credentials) or new credentials for an account; with the API's field errors beside the fields they name, and
 * the ones that name no field of the form above it.
 */
record ConnectForm(CatalogEntry entry, AccountView account, String action, String name, String region,
                   List<Region> regions, CredentialForm credentials, String nameError, String regionError,
                   String summary, List<String> otherErrors) {

    static ConnectForm empty(CatalogEntry entry) {
        List<Region> regions = entry.kind() == CatalogKind.ACCOUNT
                ? Arrays.stream(Region.values()).filter(region -> region.marketplace() == entry.marketplace()).toList()
                : List.of();
        // An OAuth entry's credentials come from the provider's sign-in, not from the form.
        CredentialForm credentials = entry.supportsOauth() ? new CredentialForm(List.of()) : CredentialForm.of(entry);
        return new ConnectForm(entry, null, "/connect/integrations/" + entry.slug(), "",
                regions.isEmpty() ? null : regions.get(0).name(), regions, credentials, null, null, null, List.of());
    }

    static ConnectForm reconnecting(CatalogEntry entry, AccountView account) {
        return new ConnectForm(entry, account, "/connect/accounts/" + account.id() + "/reconnect", account.accountName(),
                account.region().name(), List.of(), CredentialForm.of(entry), null, null, null, List.of());
    }

    public boolean isAccount() {
        return entry.kind() == CatalogKind.ACCOUNT;
    }

    public boolean isReconnect() {
        return account != null;
    }

    ConnectForm withValues(String name, String region) {
        return new ConnectForm(entry, account, action, name, region == null ? this.region : region, regions,
                credentials, nameError, regionError, summary, otherErrors);
    }

    /** Errors keyed by the API's field names: {@code account_name}, {@code region}, {@code credentials.<name>}. */
    ConnectForm withErrors(Map<String, String> errors, String summary) {
        Map<String, String> remaining = new LinkedHashMap<>(errors);
        String nameError = first(remaining, "account_name", "accountName", "display_name", "displayName");
        String regionError = first(remaining, "region");
        Map<String, String> byCredential = new LinkedHashMap<>();
        for (CredentialForm.Field field : credentials.fields()) {
            String message = first(remaining, "credentials." + field.name(), field.name());
            if (message != null) {
                byCredential.put(field.name(), message);
            }
        }
        if (remaining.containsKey("credentials")) {
            // The credentials as a whole (none given where some are required): beside each required field left empty.
            String message = remaining.remove("credentials");
            credentials.fields().stream().filter(CredentialForm.Field::required)
                    .forEach(field -> byCredential.putIfAbsent(field.name(), message));
        }
        List<String> others = remaining.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue()).toList();
        return new ConnectForm(entry, account, action, name, region, regions, credentials.withErrors(byCredential),
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
