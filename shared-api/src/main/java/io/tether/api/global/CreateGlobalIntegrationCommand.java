package io.tether.api.global;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates an organization's connection to a catalog service, connected at once when credentials are
 * given. The credentials and the webhook secret are plaintext here and sealed before any event holds
 * them. A null display name takes the catalog's. The webhook secret is the one an admin entered, for a
 * service whose provider issues it (Slack, ClickUp, Linear), and null otherwise: Tether generates its own.
 */
public record CreateGlobalIntegrationCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId,
        UUID projectId,
        @NotBlank @Size(max = 64) @PlainText String serviceName,
        @Size(min = 1, max = GlobalIntegrationFields.DISPLAY_NAME_MAX_LENGTH) @PlainText String displayName,
        @Size(max = GlobalIntegrationFields.DESCRIPTION_MAX_LENGTH) @PlainText(multiline = true) String description,
        @Size(max = GlobalIntegrationFields.LOGO_URL_MAX_LENGTH)
        @Pattern(regexp = GlobalIntegrationFields.LOGO_URL_PATTERN, message = "must be an http or https URL")
        String logoUrl,
        boolean enabled,
        @PlainText(multiline = true) Map<String, Object> config,
        @Size(min = 1, max = 32)
        Map<@NotBlank @Size(max = 64) @PlainText String, @NotBlank @Size(max = 8192) @PlainText(multiline = true) String> credentials,
        @Pattern(regexp = GlobalIntegrationFields.WEBHOOK_SECRET_PATTERN,
                message = "must be 16 to 256 printable characters without spaces") String webhookSecret,
        @NotBlank @Size(max = 255) @PlainText String createdBy) {

    public CreateGlobalIntegrationCommand {
        displayName = GlobalIntegrationFields.normalize(displayName);
        description = GlobalIntegrationFields.normalize(description);
        logoUrl = GlobalIntegrationFields.normalize(logoUrl);
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        // Not Map.copyOf: a null value must reach validation as a field problem, not fail here.
        credentials = credentials == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
    }

    @Override
    public String toString() {
        return "CreateGlobalIntegrationCommand[integrationId=" + integrationId + ", organizationId=" + organizationId
                + ", projectId=" + projectId + ", serviceName=" + serviceName + ", credentials="
                + (credentials == null ? "none" : "<redacted>") + ", webhookSecret="
                + (webhookSecret == null ? "none" : "<redacted>") + "]";
    }
}
