package io.tether.api.account;

import java.util.Map;
import java.util.UUID;

/**
 * An account's credentials, opened: the one answer in Tether that holds secrets, for internal workers
 * that call Amazon or Walmart on the organization's behalf.
 */
public record AccountCredentialsView(UUID accountId, IntegrationType integrationType, Map<String, String> credentials) {

    @Override
    public String toString() {
        return "AccountCredentialsView[accountId=" + accountId + ", integrationType=" + integrationType
                + ", credentials=<redacted>]";
    }
}
