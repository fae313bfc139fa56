package io.tether.query.global;

import io.tether.api.global.FindGlobalIntegrationQuery;
import io.tether.api.global.FindGlobalIntegrationsQuery;
import io.tether.api.global.GlobalIntegrationPageView;
import io.tether.api.global.GlobalIntegrationView;
import java.util.List;
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
        GlobalIntegrationCursor after = query.cursor() == null ? null : GlobalIntegrationCursor.decode(query.cursor());
        List<GlobalIntegrationView> rows = integrations.findPage(query, after);
        if (rows.size() <= query.limit()) {
            return new GlobalIntegrationPageView(rows, null);
        }
        List<GlobalIntegrationView> page = rows.subList(0, query.limit());
        return new GlobalIntegrationPageView(List.copyOf(page),
                new GlobalIntegrationCursor(page.get(page.size() - 1).id()).encode());
    }
}
