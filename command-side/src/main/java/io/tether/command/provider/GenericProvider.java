package io.tether.command.provider;

import static io.tether.api.problem.ProblemCode.ILLEGAL_GLOBAL_INTEGRATION_STATE;

import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import org.springframework.stereotype.Component;

/**
 * A generic webhook sender: a service of no particular provider that signs its deliveries by the Standard
 * Webhooks scheme. It holds no credentials, so there is nothing to check at a provider and no token.
 */
@Component
class GenericProvider implements Provider {

    @Override
    public CatalogEntry entry() {
        return IntegrationCatalog.find("generic").orElseThrow();
    }

    @Override
    public Verification verify(ProviderCredentials credentials) {
        throw ILLEGAL_GLOBAL_INTEGRATION_STATE.exception(
                "A generic webhook sender has no provider to check credentials with: only its webhook secret is used");
    }
}
