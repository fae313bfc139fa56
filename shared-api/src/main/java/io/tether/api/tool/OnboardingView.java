package io.tether.api.tool;

import java.util.List;
import java.util.UUID;

/** A tool's requirements for one organization, in the order the tool lists them; {@code complete} when all are met. */
public record OnboardingView(String toolSlug, String toolDisplayName, UUID organizationId, boolean complete,
                             List<RequirementView> requirements) {
}
