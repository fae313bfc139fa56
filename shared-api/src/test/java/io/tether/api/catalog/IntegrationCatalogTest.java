package io.tether.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalog's structure; command-side's CredentialShapesTest parses and applies the schemas. */
class IntegrationCatalogTest {

    @ParameterizedTest
    @EnumSource(IntegrationType.class)
    void everyIntegrationType_hasAnAccountEntry(IntegrationType type) {
        CatalogEntry entry = IntegrationCatalog.of(type);

        assertThat(entry).isNotNull();
        assertThat(entry.kind()).isEqualTo(CatalogKind.ACCOUNT);
        assertThat(entry.integrationType()).isEqualTo(type);
        assertThat(entry.marketplace()).isEqualTo(type.marketplace());
        assertThat(IntegrationCatalog.find(entry.slug())).contains(entry);
    }

    @Test
    void accountSlugs_areTheTypeNamesInLowerCaseWithDashes() {
        assertThat(IntegrationCatalog.of(IntegrationType.SP_API_SC).slug()).isEqualTo("sp-api-sc");
        assertThat(IntegrationCatalog.of(IntegrationType.SP_API_VC).slug()).isEqualTo("sp-api-vc");
        assertThat(IntegrationCatalog.of(IntegrationType.ADS_API).slug()).isEqualTo("ads-api");
        assertThat(IntegrationCatalog.of(IntegrationType.WALMART_MP_API).slug()).isEqualTo("walmart-mp-api");
    }

    @Test
    void theCatalog_listsTheAccountTypesThenTheServices() {
        assertThat(IntegrationCatalog.slugs()).containsExactly(
                "sp-api-sc", "sp-api-vc", "ads-api", "walmart-mp-api", "slack", "clickup", "jira", "github", "linear", "generic");
        assertThat(IntegrationCatalog.entries()).extracting(CatalogEntry::slug)
                .containsExactlyElementsOf(IntegrationCatalog.slugs());
    }

    @Test
    void slugs_areUnique() {
        List<String> slugs = IntegrationCatalog.entries().stream().map(CatalogEntry::slug).toList();
        assertThat(slugs).doesNotHaveDuplicates();
    }

    @Test
    void services_haveNoMarketplaceOrIntegrationType_andTakeConfig() {
        assertThat(IntegrationCatalog.entries()).filteredOn(entry -> entry.kind() == CatalogKind.SERVICE)
                .hasSize(6)
                .allSatisfy(entry -> {
                    assertThat(entry.marketplace()).isNull();
                    assertThat(entry.integrationType()).isNull();
                    assertThat(entry.configSchema()).isNotNull();
                });
    }

    @Test
    void accounts_takeNoConfig() {
        assertThat(IntegrationCatalog.entries()).filteredOn(entry -> entry.kind() == CatalogKind.ACCOUNT)
                .allSatisfy(entry -> assertThat(entry.takesConfig()).isFalse());
    }

    @Test
    void oauth_isOfferedForAmazonAndSlack_butNotForWalmart() {
        assertThat(IntegrationCatalog.entries()).filteredOn(CatalogEntry::supportsOauth)
                .extracting(CatalogEntry::slug)
                .containsExactly("sp-api-sc", "sp-api-vc", "ads-api", "slack");
        assertThat(IntegrationCatalog.of(IntegrationType.WALMART_MP_API).marketplace()).isEqualTo(Marketplace.WALMART);
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void everySchema_isAClosedDraft2020Object(String schema) {
        String text = schema.strip();
        assertThat(text).startsWith("{").endsWith("}");
        assertThat(text).contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
        assertThat(text).contains("\"type\": \"object\"");
        assertThat(text).contains("\"additionalProperties\": false");
    }

    @Test
    void credentialsSchemas_declareOnlyStringProperties() {
        // Credentials arrive as a map of strings, so a property of another type could never be satisfied.
        assertThat(IntegrationCatalog.entries()).allSatisfy(entry -> assertThat(entry.credentialsSchema())
                .doesNotContain("\"type\": \"array\"", "\"type\": \"integer\"", "\"type\": \"number\"",
                        "\"type\": \"boolean\""));
    }

    @Test
    void anUnknownSlug_isNotFound() {
        assertThat(IntegrationCatalog.find("myspace")).isEmpty();
        assertThat(IntegrationCatalog.find(null)).isEmpty();
    }

    static Stream<String> schemas() {
        return IntegrationCatalog.entries().stream()
                .flatMap(entry -> Stream.of(entry.credentialsSchema(), entry.configSchema()))
                .filter(schema -> schema != null);
    }
}
