package io.tether.api.global;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a deleted global integration's key, which sealed its credentials and webhook secrets,
 * was destroyed. Sent by Tether itself once the key is gone, never by a client.
 */
public record ShredGlobalIntegrationCredentialsCommand(@TargetAggregateIdentifier @NotNull UUID integrationId) {
}
