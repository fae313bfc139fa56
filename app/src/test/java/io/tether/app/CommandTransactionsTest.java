package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a command's request costs PostgreSQL in transactions of its own (issue 28's commits per create+connect pair):
 * one each, its command's, with nothing read before or after it in a transaction apart. The processors' batches and
 * the event store's producer run on threads of their own and are counted by the benchmark's cost rows, not here. In
 * an application of its own, whose data source counts transactions by request ({@link TransactionsByRequest}).
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tether.security.jwt.hmac-secret=" + Tokens.SECRET)
@Import(CommandTransactionsTest.Counting.class)
@DirtiesContext
class CommandTransactionsTest {

    private static final Path DATA_DIRECTORY = Path.of("target", "test-data", "transactions-" + UUID.randomUUID());

    @Autowired
    TestRestTemplate http;

    @Autowired
    TransactionsByRequest transactions;

    @DynamicPropertySource
    static void freshDataDirectory(DynamicPropertyRegistry registry) {
        registry.add("tether.data-dir", DATA_DIRECTORY::toString);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {

        @Bean
        static TransactionsByRequest transactionsByRequest() {
            return new TransactionsByRequest();
        }
    }

    @Test
    void createThenConnect_isOneTransactionEach() {
        Api api = new Api(http, Tokens.forOrganization(UUID.randomUUID()));

        Response created = api.post("/integrations/accounts", EndToEndTest.adsAccount("Pair"));
        String id = created.body().get("id").asText();
        Response connected = api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|pair\",\"profile_id\":\"123456\"},\"verify\":false}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(connected.status()).isEqualTo(200);
        assertThat(transactions.of(created.header("X-Request-Id"))).isEqualTo(1);
        assertThat(transactions.of(connected.header("X-Request-Id"))).isEqualTo(1);
    }

    @Test
    void createWithCredentials_isOneTransaction() {
        Api api = new Api(http, Tokens.forOrganization(UUID.randomUUID()));

        Response created = api.post("/integrations/accounts", "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\","
                + "\"account_name\":\"At once\",\"region\":\"EU\",\"credentials\":{\"refresh_token\":\"Atzr|once\","
                + "\"profile_id\":\"123456\"},\"verify\":false}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(transactions.of(created.header("X-Request-Id"))).isEqualTo(1);
    }

    @Test
    void aRefusedCommand_commitsNothing() {
        Api api = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        api.post("/integrations/accounts", EndToEndTest.adsAccount("Taken"));

        Response refused = api.post("/integrations/accounts", EndToEndTest.adsAccount("Taken"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(transactions.of(refused.header("X-Request-Id"))).isZero();
    }
}
