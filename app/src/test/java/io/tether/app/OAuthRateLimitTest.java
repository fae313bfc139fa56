package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.tether.app.Api.Response;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OAuth endpoints' rate limits, in an application of their own whose limits are tiny and refill only
 * after an hour: every request of these tests comes from 127.0.0.1, so a shared application's limits
 * would count the other tests' requests too. It is closed after these tests, while its database still runs,
 * rather than with the cached applications at the end of the run.
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                "tether.amazon.ads.client-id=client",
                "tether.amazon.ads.client-secret=secret",
                "tether.amazon.ads.redirect-uri=https://tether.example.com/integrations/ads/callback",
                "tether.amazon.rate-limits.auth-url-per-organization=2",
                "tether.amazon.rate-limits.auth-url-per-client=5",
                "tether.amazon.rate-limits.callback-per-client=3",
                "tether.amazon.rate-limits.period=1h"})
@DirtiesContext
class OAuthRateLimitTest {

    private static final Path DATA_DIRECTORY = Path.of("target", "test-data", "rate-limits-" + UUID.randomUUID());

    @Autowired
    TestRestTemplate http;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void freshDataDirectory(DynamicPropertyRegistry registry) {
        registry.add("tether.data-dir", DATA_DIRECTORY::toString);
    }

    @Test
    void authUrl_isLimitedPerOrganization_andPerClient_with429AndRetryAfter() {
        Api first = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        String firstAccount = OAuthEndToEndTest.createAccount(first, "ADS_API", "EU");
        assertThat(first.get(authUrl(firstAccount)).status()).isEqualTo(200);
        assertThat(first.get(authUrl(firstAccount)).status()).isEqualTo(200);

        Response organizationLimited = first.get(authUrl(firstAccount));

        assertRateLimited(organizationLimited);
        Api second = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        String secondAccount = OAuthEndToEndTest.createAccount(second, "ADS_API", "EU");
        assertThat(second.get(authUrl(secondAccount)).status()).isEqualTo(200);
        assertThat(second.get(authUrl(secondAccount)).status()).isEqualTo(200);
        // Five requests from this client so far: the next is refused whatever the organization.
        Api third = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        assertRateLimited(third.get(authUrl(OAuthEndToEndTest.createAccount(third, "ADS_API", "EU"))));
    }

    @Test
    void theCallback_isLimitedPerClient_with429AndRetryAfter() {
        Api browser = new Api(http, null);
        for (int i = 0; i < 3; i++) {
            assertThat(browser.get("/integrations/ads/callback?code=c&state=forged" + i).status()).isEqualTo(400);
        }

        double rejectedBefore = oauthRejections();

        assertRateLimited(browser.get("/integrations/ads/callback?code=c&state=forged"));
        assertThat(oauthRejections()).isEqualTo(rejectedBefore + 1);
    }

    private double oauthRejections() {
        var counter = meters.find("tether.rate.limit.rejections").tag("limit", "oauth").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertRateLimited(Response response) {
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("code").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 3600L);
    }

    private static String authUrl(String accountId) {
        return "/integrations/ads/auth-url?accountId=" + accountId;
    }
}
