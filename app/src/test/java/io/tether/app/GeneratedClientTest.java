package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tether.client.ApiClient;
import tether.client.ApiException;
import tether.client.ApiResponse;
import tether.client.api.AccountsApi;
import tether.client.api.GlobalIntegrationsApi;
import tether.client.model.AccountPageView;
import tether.client.model.AccountStatus;
import tether.client.model.AccountView;
import tether.client.model.ConnectAccountRequest;
import tether.client.model.CreateAccountRequest;
import tether.client.model.CreateGlobalIntegrationRequest;
import tether.client.model.GlobalIntegrationStatus;
import tether.client.model.GlobalIntegrationView;
import tether.client.model.GlobalIntegrationWithWebhookSecret;
import tether.client.model.IntegrationType;
import tether.client.model.Marketplace;
import tether.client.model.Problem;
import tether.client.model.Region;

/**
 * The README's walkthrough, driven through the Java client that openapi-generator generates from
 * docs/openapi.json (module api-client), as a frontend team would use theirs: if the document described
 * another API than the one served, these typed calls would fail.
 */
class GeneratedClientTest extends EndToEndTest {

    @Test
    void theReadmeWalkthrough_worksThroughAGeneratedClient() throws Exception {
        ApiClient client = clientFor(UUID.randomUUID());
        AccountsApi accounts = new AccountsApi(client);

        AccountView account = accounts.createAccount(new CreateAccountRequest().marketplace(Marketplace.AMAZON)
                .integrationType(IntegrationType.ADS_API).accountName("EU Ads").region(Region.EU), null);
        assertThat(account.getStatus()).isEqualTo(AccountStatus.DISCONNECTED);
        assertThat(account.getHasCredentials()).isFalse();
        assertThat(account.getErrorMessage()).isNull();

        var connected = accounts.connectAccountWithHttpInfo(account.getId(), new ConnectAccountRequest()
                .credentials(Map.of("refresh_token", "Atzr|IwEBIexample", "profile_id", "123456")), "walkthrough-connect-1");
        assertThat(connected.getData().getStatus()).isEqualTo(AccountStatus.CONNECTED);
        assertThat(connected.getHeaders().get("x-request-id")).as("the request id sent, echoed").containsExactly("walkthrough-connect-1");
        long position = positionOf(connected);

        AccountView read = accounts.getAccount(account.getId(), position, null);
        assertThat(read.getHasCredentials()).isTrue();
        assertThat(read.getConnectedAt()).isNotNull();
        AccountPageView page = accounts.listAccounts(null, null, AccountStatus.CONNECTED, 50, null, position, null);
        assertThat(page.getItems()).extracting(AccountView::getId).containsExactly(account.getId());
        assertThat(page.getNextCursor()).isNull();

        ApiException taken = catchThrowableOfType(ApiException.class, () -> accounts.createAccount(
                new CreateAccountRequest().marketplace(Marketplace.AMAZON).integrationType(IntegrationType.ADS_API)
                        .accountName("eu ads ").region(Region.EU), null));
        assertThat(taken.getCode()).isEqualTo(409);
        Problem problem = client.getObjectMapper().readValue(taken.getResponseBody(), Problem.class);
        assertThat(problem.getCode()).isEqualTo("account_name_taken");
        assertThat(problem.getStatus()).isEqualTo(409);

        assertThat(accounts.disconnectAccount(account.getId(), null).getStatus()).isEqualTo(AccountStatus.DISCONNECTED);
        var deleted = accounts.deleteAccountWithHttpInfo(account.getId(), null);
        assertThat(deleted.getStatusCode()).isEqualTo(204);
        ApiException gone = catchThrowableOfType(ApiException.class,
                () -> accounts.getAccount(account.getId(), positionOf(deleted), null));
        assertThat(gone.getCode()).isEqualTo(404);

        GlobalIntegrationsApi global = new GlobalIntegrationsApi(client);
        var created = global.createGlobalIntegrationWithHttpInfo(new CreateGlobalIntegrationRequest()
                .serviceName("slack").displayName("Team Slack").config(Map.of("default_channel", "#integrations"))
                .credentials(Map.of("bot_token", "xoxb-" + UUID.randomUUID()))
                .webhookSecret("8f742231b10e8888abcd99yyyzzz85a5"), null);
        assertThat(created.getStatusCode()).isEqualTo(201);
        GlobalIntegrationWithWebhookSecret slack = created.getData();
        assertThat(slack.getWebhookSecret()).as("Slack issues the secret: the one entered is never shown").isNull();
        assertThat(slack.getStatus()).isEqualTo(GlobalIntegrationStatus.CONNECTED);
        GlobalIntegrationView fetched = global.getGlobalIntegration(slack.getId(), positionOf(created), null);
        assertThat(fetched.getServiceName()).isEqualTo("slack");
        global.deleteGlobalIntegration(slack.getId(), null);
    }

    /** The Tether-Position of a command's answer, for read-your-writes. */
    private static long positionOf(ApiResponse<?> answer) {
        return Long.parseLong(answer.getHeaders().get("tether-position").get(0));
    }

    private ApiClient clientFor(UUID organizationId) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(http.getRootUri());
        String token = Tokens.forOrganization(organizationId);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }
}
