package io.tether.api.global;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A partial update with JSON merge semantics: only the fields in {@code changed} are touched, each set
 * to the value given here (null removes it). {@code config} is a merge patch on the current config;
 * {@code credentials}, when given, are new plaintext credentials that are sealed before any event.
 */
public record UpdateGlobalIntegrationCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId,
        @NotEmpty Set<PatchedField> changed,
        @Size(min = 1, max = GlobalIntegrationFields.DISPLAY_NAME_MAX_LENGTH) @PlainText String displayName,
        @Size(max = GlobalIntegrationFields.DESCRIPTION_MAX_LENGTH) @PlainText(multiline = true) String description,
        @Size(max = GlobalIntegrationFields.LOGO_URL_MAX_LENGTH)
        @Pattern(regexp = GlobalIntegrationFields.LOGO_URL_PATTERN, message = "must be an http or https URL")
        String logoUrl,
        Boolean enabled,
        @PlainText(multiline = true) Map<String, Object> config,
        @Size(min = 1, max = 32)
        Map<@NotBlank @Size(max = 64) @PlainText String, @NotBlank @Size(max = 8192) @PlainText(multiline = true) String> credentials) {

    public UpdateGlobalIntegrationCommand {
        changed = changed == null ? null : Set.copyOf(changed);
        displayName = GlobalIntegrationFields.normalize(displayName);
        description = GlobalIntegrationFields.normalize(description);
        logoUrl = GlobalIntegrationFields.normalize(logoUrl);
        config = config == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        // Not Map.copyOf: a null value must reach validation as a field problem, not fail here.
        credentials = credentials == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
    }

    public boolean changes(PatchedField field) {
        return changed.contains(field);
    }

    @Override
    public String toString() {
        return "UpdateGlobalIntegrationCommand[integrationId=" + integrationId + ", organizationId=" + organizationId
                + ", changed=" + changed + ", credentials=" + (credentials == null ? "none" : "<redacted>") + "]";
    }
}
