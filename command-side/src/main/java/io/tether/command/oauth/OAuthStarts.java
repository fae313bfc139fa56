package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;

import io.tether.api.account.AccountView;
import io.tether.api.global.GlobalIntegrationOAuthStartedView;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.StartGlobalIntegrationOAuthCommand;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.OAuthStartedView;
import io.tether.api.oauth.StartOAuthCommand;
import io.tether.infrastructure.security.Caller;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Starts an OAuth flow (Amazon's for an account, Slack's install for a global integration) and answers the
 * provider's URL to send the browser to: for the REST API's auth-url endpoints and for the hosted connect page.
 * A flow the connect page starts carries that in its state ({@link #CONNECT_PAGE_STATE_PREFIX}), so that its
 * callback sends the browser back to the page rather than answering the popup page.
 */
@Component
public class OAuthStarts {

    /**
     * Begins the state of a flow the hosted connect page started. The rest is the usual 256 random bits: the prefix
     * says only where the browser returns, to this origin's page, which needs its own session.
     */
    static final String CONNECT_PAGE_STATE_PREFIX = "connect-page-";
    /** Where a flow started on the connect page returns: its gallery, which reports the outcome to its opener. */
    static final String CONNECT_PAGE_RETURN = "/connect/gallery";

    private final CommandGateway commands;
    private final AmazonProperties properties;
    private final OAuthRandom random;
    private final OAuthRateLimits rateLimits;
    private final SlackProperties slack;

    OAuthStarts(CommandGateway commands, AmazonProperties properties, OAuthRandom random, OAuthRateLimits rateLimits,
                SlackProperties slack) {
        this.commands = commands;
        this.properties = properties;
        this.random = random;
        this.rateLimits = rateLimits;
        this.slack = slack;
    }

    /** Amazon's URL for the account (now CONNECTING), and until when it works. */
    public AccountFlow startAccountFlow(OAuthFlow flow, UUID accountId, Caller caller, String clientIp,
                                        boolean fromConnectPage) {
        rateLimits.checkAuthorizationUrl(clientIp, caller.organizationId());
        LwaClientRegistration client = properties.clientFor(flow);
        String state = newState(fromConnectPage);
        String codeVerifier = flow.usesPkce() ? random.newCodeVerifier() : null;
        OAuthStartedView started;
        try {
            started = commands.sendAndWait(new StartOAuthCommand(accountId, caller.organizationId(), flow, state,
                    codeVerifier, properties.oauth().stateLifetime()));
        } catch (AggregateNotFoundException e) {
            throw ACCOUNT_NOT_FOUND.exception("Account " + accountId + " does not exist");
        }
        AccountView account = started.account();
        URI url = AmazonAuthorizationUrls.of(client, account.integrationType(), account.region(), state, codeVerifier,
                properties.spApi().beta());
        return new AccountFlow(url, started.expiresAt(), account);
    }

    /** Slack's authorization page for the integration's app install, and until when it works. */
    public SlackInstall startSlackInstall(UUID integrationId, Caller caller, String clientIp, boolean fromConnectPage) {
        rateLimits.checkAuthorizationUrl(clientIp, caller.organizationId());
        SlackProperties.SlackApp app = slack.app();
        String state = newState(fromConnectPage);
        GlobalIntegrationOAuthStartedView started;
        try {
            started = commands.sendAndWait(new StartGlobalIntegrationOAuthCommand(integrationId, caller.organizationId(),
                    OAuthFlow.SLACK, state, properties.oauth().stateLifetime()));
        } catch (AggregateNotFoundException e) {
            throw GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId + " does not exist");
        }
        URI url = UriComponentsBuilder.fromUri(slack.authorizeUrl())
                .queryParam("client_id", app.clientId())
                .queryParam("scope", app.scopes())
                .queryParam("state", state)
                .queryParam("redirect_uri", app.redirectUri())
                .encode()
                .build()
                .toUri();
        return new SlackInstall(url, started.expiresAt(), started.integration());
    }

    private String newState(boolean fromConnectPage) {
        return fromConnectPage ? CONNECT_PAGE_STATE_PREFIX + random.newState() : random.newState();
    }

    static boolean startedOnConnectPage(String state) {
        return state != null && state.startsWith(CONNECT_PAGE_STATE_PREFIX);
    }

    /** @param authorizationUrl Amazon's page to send the browser to */
    public record AccountFlow(URI authorizationUrl, Instant expiresAt, AccountView account) {
    }

    /** @param authorizationUrl Slack's page to send the browser to */
    public record SlackInstall(URI authorizationUrl, Instant expiresAt, GlobalIntegrationView integration) {
    }
}
