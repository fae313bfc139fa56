package io.tether.api.account;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a deleted account's credentials key was destroyed. Sent by Tether itself once the
 * key is gone, never by a client.
 */
public record ShredAccountCredentialsCommand(@TargetAggregateIdentifier @NotNull UUID accountId) {
}
