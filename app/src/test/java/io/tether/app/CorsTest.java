package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Browsers may call the API from the configured frontend origin only, and read the headers it needs. */
class CorsTest extends EndToEndTest {

    @Test
    void theFrontendsOrigin_isAllowed_andSeesTheReadYourWritesHeaders() {
        Response preflight = anonymous().exchange(HttpMethod.OPTIONS, "/integrations/accounts", null, Map.of(
                "Origin", FRONTEND_ORIGIN, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type"));

        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(FRONTEND_ORIGIN);

        Response created = newOrganization().post("/integrations/accounts", adsAccount("Cors"),
                Map.of("Origin", FRONTEND_ORIGIN));
        assertThat(created.header("Access-Control-Expose-Headers")).contains("Tether-Position").contains("Location");
    }

    @Test
    void anotherOrigin_isRefused() {
        Response preflight = anonymous().exchange(HttpMethod.OPTIONS, "/integrations/accounts", null, Map.of(
                "Origin", "https://evil.example.net", "Access-Control-Request-Method", "POST"));

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }
}
