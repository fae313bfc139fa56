package io.tether.query.global;

import io.tether.api.global.FindGlobalIntegrationQuery;
import io.tether.api.global.FindGlobalIntegrationsQuery;
import io.tether.api.global.GlobalIntegrationPageView;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.query.Listing.Page;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

@Component
class GlobalIntegrationQueryHandler {

    private final GlobalIntegrationReadModel integrations;

    GlobalIntegrationQueryHandler(GlobalIntegrationReadModel integrations) {
        this.integrations = integrations;
    }

    @QueryHandler
    Optional<GlobalIntegrationView> handle(FindGlobalIntegrationQuery query) {
        return integrations.find(query.organizationId(), query.integrationId());
    }

    @QueryHandler
    GlobalIntegrationPageView handle(FindGlobalIntegrationsQuery query) {
        Page<GlobalIntegrationView> page = integrations.findPage(query);
        return new GlobalIntegrationPageView(page.items(), page.nextCursor());
    }
}
