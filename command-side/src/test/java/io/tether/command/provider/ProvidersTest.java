package io.tether.command.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adding an integration is adding its catalog entry and one provider: the registry refuses anything else. */
class ProvidersTest {

    @Test
    void everyCatalogEntryWithOneProvider_isAccepted_andFoundBySlug() {
        List<Provider> providers = IntegrationCatalog.entries().stream().map(ProvidersTest::providerOf).toList();

        Providers registry = new Providers(providers);

        assertThat(registry.of("slack").entry().slug()).isEqualTo("slack");
        assertThatThrownBy(() -> registry.of("myspace")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCatalogEntryWithoutAProvider_stopsTheStart_namingIt() {
        List<Provider> providers = new ArrayList<>(IntegrationCatalog.entries().stream()
                .filter(entry -> !entry.slug().equals("linear"))
                .map(ProvidersTest::providerOf)
                .toList());

        assertThatThrownBy(() -> new Providers(providers)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("linear");
    }

    @Test
    void twoProvidersOfOneEntry_stopTheStart() {
        List<Provider> providers = new ArrayList<>(IntegrationCatalog.entries().stream().map(ProvidersTest::providerOf).toList());
        providers.add(providerOf(IntegrationCatalog.find("jira").orElseThrow()));

        assertThatThrownBy(() -> new Providers(providers)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jira");
    }

    @Test
    void byDefault_credentialsAreCheckedByObtainingAnAccessToken_andARefusalIsARejection() {
        Provider refusing = new Provider() {
            @Override
            public CatalogEntry entry() {
                return IntegrationCatalog.find("clickup").orElseThrow();
            }

            @Override
            public java.util.Optional<AccessToken> accessToken(ProviderCredentials credentials) {
                throw new CredentialsRefusedException("refused, reconnect");
            }
        };

        assertThat(refusing.verify(ProviderCredentials.ofService(java.util.Map.of(), null)))
                .isEqualTo(Verification.rejected("refused, reconnect"));
    }

    private static Provider providerOf(CatalogEntry entry) {
        return new Provider() {
            @Override
            public CatalogEntry entry() {
                return entry;
            }

            @Override
            public Verification verify(ProviderCredentials credentials) {
                return Verification.ACCEPTED;
            }
        };
    }
}
