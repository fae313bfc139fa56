package io.tether.api.tool;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Defines a platform tool, or changes its definition: its display name and the catalog slugs of the
 * integrations an organization must connect before using it. Only platform admins send it.
 */
public record DefineToolCommand(
        @TargetAggregateIdentifier @NotNull UUID toolId,
        @NotNull @Pattern(regexp = ToolSlugs.PATTERN,
                message = "must be lower-case letters and digits in words joined by single dashes, at most 63")
        String slug,
        @NotBlank @Size(max = ToolSlugs.DISPLAY_NAME_MAX_LENGTH) @PlainText String displayName,
        @NotNull @Size(max = ToolSlugs.MAX_REQUIRED_INTEGRATIONS) List<@NotBlank @Size(max = 64) @PlainText String> requiredIntegrations) {

    public DefineToolCommand {
        displayName = displayName == null ? null : displayName.strip();
        requiredIntegrations = requiredIntegrations == null ? null
                : requiredIntegrations.stream().map(required -> required == null ? null : required.strip()).toList();
    }

    public static DefineToolCommand of(String slug, String displayName, List<String> requiredIntegrations) {
        return new DefineToolCommand(ToolSlugs.toolIdOf(slug), slug, displayName, requiredIntegrations);
    }
}
