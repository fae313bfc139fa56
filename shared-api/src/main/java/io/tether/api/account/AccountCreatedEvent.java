package io.tether.api.account;

import io.tether.api.OrganizationOwned;
import java.util.UUID;
import org.axonframework.serialization.Revision;

@Revision("1")
public record AccountCreatedEvent(
        UUID accountId,
        UUID organizationId,
        Marketplace marketplace,
        IntegrationType integrationType,
        String accountName,
        Region region) implements OrganizationOwned {
}
