package io.tether.api.tool;

import java.util.UUID;

/**
 * How far an organization is in connecting what a tool requires; answered with an optional
 * {@link OnboardingView}, empty when the tool does not exist. With a {@code projectId}, global
 * integrations of that project and organization-wide ones count; without, any of the organization's.
 */
public record FindOnboardingQuery(UUID organizationId, String toolSlug, UUID projectId) {
}
