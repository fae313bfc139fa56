package io.tether.query.tool;

import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.tool.FindOnboardingQuery;
import io.tether.api.tool.FindToolQuery;
import io.tether.api.tool.FindToolsQuery;
import io.tether.api.tool.OnboardingView;
import io.tether.api.tool.RequirementStatus;
import io.tether.api.tool.RequirementView;
import io.tether.api.tool.ToolView;
import io.tether.api.tool.ToolsView;
import io.tether.query.tool.OnboardingReadModel.Candidate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

@Component
class ToolQueryHandler {

    private final ToolReadModel tools;
    private final OnboardingReadModel onboarding;

    ToolQueryHandler(ToolReadModel tools, OnboardingReadModel onboarding) {
        this.tools = tools;
        this.onboarding = onboarding;
    }

    @QueryHandler
    Optional<ToolView> handle(FindToolQuery query) {
        return tools.find(query.slug());
    }

    @QueryHandler
    ToolsView handle(FindToolsQuery query) {
        return new ToolsView(tools.findAll());
    }

    @QueryHandler
    Optional<OnboardingView> handle(FindOnboardingQuery query) {
        return tools.find(query.toolSlug()).map(tool -> {
            List<RequirementView> requirements = tool.requiredIntegrations().stream()
                    .map(slug -> requirement(slug, query.organizationId(), query.projectId()))
                    .toList();
            return new OnboardingView(tool.slug(), tool.displayName(), query.organizationId(),
                    requirements.stream().allMatch(RequirementView::satisfied), requirements);
        });
    }

    private RequirementView requirement(String slug, UUID organizationId, UUID projectId) {
        // Tools only ever require catalog slugs: the command side checks them when the tool is defined.
        CatalogEntry entry = IntegrationCatalog.find(slug).orElseThrow(
                () -> new IllegalStateException("A tool requires " + slug + ", which is not in the catalog"));
        boolean account = entry.kind() == CatalogKind.ACCOUNT;
        Optional<Candidate> candidate = account
                ? onboarding.bestAccount(organizationId, entry.integrationType())
                : onboarding.bestGlobalIntegration(organizationId, slug, projectId);
        RequirementStatus status = candidate.map(Candidate::status).orElse(RequirementStatus.MISSING);
        UUID id = candidate.map(Candidate::id).orElse(null);
        return new RequirementView(slug, entry.kind(), entry.displayName(), status == RequirementStatus.CONNECTED,
                status, account ? id : null, account ? null : id, candidate.map(Candidate::name).orElse(null));
    }
}
