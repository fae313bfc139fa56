package io.tether.api;

import java.util.UUID;

/**
 * A message that names the organization it belongs to. Creation events implement it, so the audit
 * log knows an aggregate's organization even when a command came from Tether itself and not from a
 * caller's request.
 */
public interface OrganizationOwned {

    UUID organizationId();
}
