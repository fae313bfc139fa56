package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** An organization has at most one live account per marketplace, integration type and name. */
class AccountNameUniquenessTest extends EndToEndTest {

    @Test
    void fiftyIdenticalCreatesRacing_createExactlyOneAccount_andTheRestGet409() throws Exception {
        Api api = newOrganization();
        int racers = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Callable<Response>> creates = IntStream.range(0, racers)
                    .<Callable<Response>>mapToObj(i -> () -> {
                        start.await();
                        return api.post("/integrations/accounts", adsAccount("Racing"));
                    })
                    .toList();
            List<Future<Response>> futures = creates.stream().map(pool::submit).toList();
            start.countDown();
            List<Response> responses = futures.stream().map(AccountNameUniquenessTest::await).toList();

            assertThat(responses).filteredOn(response -> response.status() == 201).hasSize(1);
            assertThat(responses).filteredOn(response -> response.status() == 409)
                    .hasSize(racers - 1)
                    .allSatisfy(response -> assertThat(response.body().get("code").asText()).isEqualTo("account_name_taken"));
            Response winner = responses.stream().filter(response -> response.status() == 201).findFirst().orElseThrow();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type = ?"
                            + " AND convert_from(payload, 'UTF8')::jsonb ->> 'organizationId' = ?",
                    Long.class, "io.tether.api.account.AccountCreatedEvent",
                    winner.body().get("organization_id").asText())).isEqualTo(1);
            assertThat(api.get("/integrations/accounts", winner.position()).body().get("items")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNameDifferingOnlyInCaseOrSpaces_isTaken() {
        Api api = newOrganization();
        assertThat(api.post("/integrations/accounts", adsAccount("EU Ads")).status()).isEqualTo(201);

        Response duplicate = api.post("/integrations/accounts", adsAccount("  eu ADS "));

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().get("errors").findValuesAsText("field")).containsExactly("account_name");
    }

    @Test
    void theSameName_isFreeForAnotherIntegrationType_anotherMarketplace_andAnotherOrganization() {
        Api api = newOrganization();
        assertThat(api.post("/integrations/accounts", adsAccount("Main")).status()).isEqualTo(201);

        assertThat(api.post("/integrations/accounts", createBody("AMAZON", "SP_API_SC", "Main", "EU")).status()).isEqualTo(201);
        assertThat(api.post("/integrations/accounts", createBody("WALMART", "WALMART_MP_API", "Main", "US")).status())
                .isEqualTo(201);
        assertThat(newOrganization().post("/integrations/accounts", adsAccount("Main")).status()).isEqualTo(201);
    }

    @Test
    void aDeletedAccountsName_canBeUsedAgain() {
        Api api = newOrganization();
        Response first = api.post("/integrations/accounts", adsAccount("Reused"));
        api.delete("/integrations/accounts/" + first.body().get("id").asText());

        Response second = api.post("/integrations/accounts", adsAccount("Reused"));

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body().get("id").asText()).isNotEqualTo(first.body().get("id").asText());
    }

    private static Response await(Future<Response> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
