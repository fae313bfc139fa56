package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.app.Api.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountListingTest extends EndToEndTest {

    @Test
    void pages_walkThroughEveryAccountOnce_oldestFirst() {
        Api api = newOrganization();
        List<String> created = new ArrayList<>();
        Response last = null;
        for (int i = 0; i < 5; i++) {
            last = api.post("/integrations/accounts", adsAccount("Account " + i));
            created.add(last.body().get("id").asText());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/integrations/accounts?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    last.position()).body();
            page.get("items").forEach(item -> seen.add(item.get("id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void filters_narrowTheListByMarketplaceIntegrationTypeAndStatus() {
        Api api = newOrganization();
        Response ads = api.post("/integrations/accounts", adsAccount("Ads"));
        api.post("/integrations/accounts", createBody("AMAZON", "SP_API_SC", "Seller", "NA"));
        Response walmart = api.post("/integrations/accounts", createBody("WALMART", "WALMART_MP_API", "Walmart", "US"));
        Response connected = api.post("/integrations/accounts/" + ads.body().get("id").asText() + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|x\"}}");
        api.get("/integrations/accounts", connected.position());

        assertThat(names(api.get("/integrations/accounts?marketplace=WALMART"))).containsExactly("Walmart");
        assertThat(names(api.get("/integrations/accounts?integration_type=SP_API_SC"))).containsExactly("Seller");
        assertThat(names(api.get("/integrations/accounts?status=CONNECTED"))).containsExactly("Ads");
        assertThat(names(api.get("/integrations/accounts?marketplace=AMAZON&status=DISCONNECTED"))).containsExactly("Seller");
        assertThat(walmart.body().get("region").asText()).isEqualTo("US");
    }

    private static List<String> names(Response response) {
        assertThat(response.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.body().get("items").forEach(item -> names.add(item.get("account_name").asText()));
        return names;
    }
}
