package io.tether.api.account;

import java.util.UUID;
import org.axonframework.serialization.Revision;

@Revision("1")
public record AccountCreatedEvent(
        UUID accountId,
        UUID organizationId,
        Marketplace marketplace,
        IntegrationType integrationType,
        String accountName,
        Region region) {
}
