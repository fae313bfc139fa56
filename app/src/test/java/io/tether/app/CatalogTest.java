package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.api.account.IntegrationType;
import io.tether.app.Api.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The catalog tells the frontend what can be connected and what connecting each one takes. */
class CatalogTest extends EndToEndTest {

    private static final List<String> SERVICES = List.of("slack", "clickup", "jira", "github", "linear", "generic");

    @Test
    void theCatalog_listsEveryIntegrationType_andTheServices() {
        Response response = newOrganization().get("/integrations/catalog");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode items = response.body().get("items");
        List<String> accountSlugs = Arrays.stream(IntegrationType.values())
                .map(type -> type.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList();
        assertThat(items.findValuesAsText("slug")).containsExactlyInAnyOrderElementsOf(concat(accountSlugs, SERVICES));
        for (IntegrationType type : IntegrationType.values()) {
            JsonNode account = item(items, type.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            assertThat(account.get("kind").asText()).isEqualTo("ACCOUNT");
            assertThat(account.get("integration_type").asText()).isEqualTo(type.name());
            assertThat(account.get("marketplace").asText()).isEqualTo(type.marketplace().name());
            assertThat(account.get("config_schema").isNull()).isTrue();
        }
    }

    @Test
    void anEntry_carriesItsSchemasAsJsonObjects() {
        JsonNode items = newOrganization().get("/integrations/catalog").body().get("items");

        JsonNode ads = item(items, "ads-api");
        assertThat(ads.get("display_name").asText()).isEqualTo("Amazon Ads");
        assertThat(ads.get("description").asText()).isNotBlank();
        assertThat(ads.get("supports_oauth").asBoolean()).isTrue();
        JsonNode credentials = ads.get("credentials_schema");
        assertThat(credentials.isObject()).isTrue();
        assertThat(credentials.get("required")).extracting(JsonNode::asText).containsExactly("refresh_token");
        assertThat(credentials.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(credentials.at("/properties/refresh_token/pattern").asText()).startsWith("^Atzr\\|");
        assertThat(credentials.at("/properties/refresh_token/maxLength").asInt()).isEqualTo(2048);

        JsonNode jira = item(items, "jira");
        assertThat(jira.get("marketplace").isNull()).isTrue();
        assertThat(jira.get("integration_type").isNull()).isTrue();
        assertThat(jira.get("config_schema").at("/properties/site_url/type").asText()).isEqualTo("string");
        assertThat(item(items, "walmart-mp-api").get("supports_oauth").asBoolean()).isFalse();
    }

    @Test
    void theKindFilter_listsOnlyThatKind() {
        Api api = newOrganization();

        JsonNode services = api.get("/integrations/catalog?kind=SERVICE").body().get("items");
        assertThat(services.findValuesAsText("slug")).containsExactlyElementsOf(SERVICES);
        assertThat(services.findValuesAsText("kind")).containsOnly("SERVICE");

        JsonNode accounts = api.get("/integrations/catalog?kind=ACCOUNT").body().get("items");
        assertThat(accounts).hasSize(IntegrationType.values().length);
        assertThat(accounts.findValuesAsText("kind")).containsOnly("ACCOUNT");
    }

    @Test
    void anUnknownKind_isABadRequest() {
        Response response = newOrganization().get("/integrations/catalog?kind=PLUGIN");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("code").asText()).isEqualTo("invalid_parameter");
        assertThat(response.body().get("errors").findValuesAsText("field")).containsExactly("kind");
    }

    @Test
    void theCatalog_needsABearerToken() {
        Response response = anonymous().get("/integrations/catalog");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.body().get("code").asText()).isEqualTo("unauthenticated");
    }

    private static JsonNode item(JsonNode items, String slug) {
        for (JsonNode item : items) {
            if (item.get("slug").asText().equals(slug)) {
                return item;
            }
        }
        throw new AssertionError("The catalog has no " + slug + ": " + items);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
