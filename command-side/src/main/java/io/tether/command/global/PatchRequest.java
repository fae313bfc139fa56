package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.INVALID_GLOBAL_INTEGRATION;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tether.api.global.PatchedField;
import io.tether.api.global.UpdateGlobalIntegrationCommand;
import io.tether.api.problem.FieldProblem;
import io.tether.api.problem.ProblemException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A PATCH body, field by field as sent: a field left out is null here, a field sent as {@code null} is
 * a JSON null node. That difference is what merge semantics turn on.
 */
@Schema(name = "GlobalIntegrationMergePatch", minProperties = 1,
        description = "A JSON merge patch (RFC 7396): a field left out stays as it is, null removes it")
record PatchRequest(@Schema(implementation = String.class, nullable = true) JsonNode displayName,
                    @Schema(implementation = String.class, nullable = true) JsonNode description,
                    @Schema(implementation = String.class, nullable = true) JsonNode logoUrl,
                    @Schema(implementation = Boolean.class) JsonNode enabled,
                    @Schema(type = "object", nullable = true, description = "A merge patch on the config") JsonNode config,
                    @Schema(type = "object", nullable = true, additionalPropertiesSchema = String.class,
                            description = "Replaces the credentials (re-sealed); null disconnects") JsonNode credentials,
                    // Refused whatever their value (they cannot change): not fields of the patch.
                    @Schema(hidden = true) JsonNode serviceName,
                    @Schema(hidden = true) JsonNode projectId) {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    /** @throws ProblemException {@code INVALID_GLOBAL_INTEGRATION} naming every field of the wrong type */
    UpdateGlobalIntegrationCommand toCommand(UUID integrationId, UUID organizationId, ObjectMapper json) {
        List<FieldProblem> violations = new ArrayList<>();
        Set<PatchedField> changed = EnumSet.noneOf(PatchedField.class);
        String newDisplayName = text(PatchedField.DISPLAY_NAME, displayName, changed, violations);
        String newDescription = text(PatchedField.DESCRIPTION, description, changed, violations);
        String newLogoUrl = text(PatchedField.LOGO_URL, logoUrl, changed, violations);
        Boolean newEnabled = null;
        if (enabled != null) {
            changed.add(PatchedField.ENABLED);
            if (enabled.isBoolean()) {
                newEnabled = enabled.booleanValue();
            } else {
                violations.add(new FieldProblem("enabled", "must be true or false"));
            }
        }
        Map<String, Object> configPatch = null;
        if (config != null) {
            changed.add(PatchedField.CONFIG);
            if (config.isObject()) {
                configPatch = json.convertValue(config, JSON_OBJECT);
            } else if (!config.isNull()) {
                violations.add(new FieldProblem("config", "must be an object (a merge patch on the config) or null"));
            }
        }
        Map<String, String> newCredentials = null;
        if (credentials != null) {
            changed.add(PatchedField.CREDENTIALS);
            if (credentials.isObject()) {
                newCredentials = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : credentials.properties()) {
                    if (field.getValue().isTextual()) {
                        newCredentials.put(field.getKey(), field.getValue().textValue());
                    } else {
                        violations.add(new FieldProblem("credentials." + field.getKey(), "must be a string"));
                    }
                }
            } else if (!credentials.isNull()) {
                violations.add(new FieldProblem("credentials", "must be an object of strings, or null to remove them"));
            }
        }
        if (serviceName != null) {
            violations.add(new FieldProblem("service_name", "cannot be changed; create another integration instead"));
        }
        if (projectId != null) {
            violations.add(new FieldProblem("project_id", "cannot be changed; create another integration instead"));
        }
        if (violations.isEmpty() && changed.isEmpty()) {
            violations.add(new FieldProblem("body", "names no field to change; it takes "
                    + String.join(", ", EnumSet.allOf(PatchedField.class).stream().map(PatchedField::apiName).toList())));
        }
        if (!violations.isEmpty()) {
            throw INVALID_GLOBAL_INTEGRATION.exception("The patch has invalid fields").withErrors(violations);
        }
        return new UpdateGlobalIntegrationCommand(integrationId, organizationId, changed, newDisplayName,
                newDescription, newLogoUrl, newEnabled, configPatch, newCredentials);
    }

    private static String text(PatchedField field, JsonNode value, Set<PatchedField> changed, List<FieldProblem> violations) {
        if (value == null) {
            return null;
        }
        changed.add(field);
        if (value.isTextual()) {
            return value.textValue();
        }
        if (!value.isNull()) {
            violations.add(new FieldProblem(field.apiName(), "must be a string or null"));
        }
        return null;
    }

    @Override
    public String toString() {
        return "PatchRequest[credentials=<redacted>]";
    }
}
