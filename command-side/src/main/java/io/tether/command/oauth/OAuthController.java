package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.RATE_LIMITED;

import io.tether.api.account.AccountView;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.OAuthStartedView;
import io.tether.api.oauth.StartOAuthCommand;
import io.tether.api.problem.ProblemException;
import io.tether.eventing.EventStorePositions;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.web.ConsistencyHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Amazon OAuth endpoints: an organization's admin asks for the authorization URL of an account
 * (which starts the flow), and Amazon redirects the user's browser to the public callback, which
 * completes it and answers with a page for the popup.
 */
@RestController
class OAuthController {

    private static final Logger log = LoggerFactory.getLogger(OAuthController.class);
    static final String ADMIN = "admin";

    private final CommandGateway commands;
    private final EventStorePositions positions;
    private final AmazonProperties properties;
    private final OAuthRandom random;
    private final OAuthRateLimits rateLimits;
    private final OAuthCallbacks callbacks;
    private final CallbackPage page;
    private final OAuthMetrics metrics;

    OAuthController(CommandGateway commands, EventStorePositions positions, AmazonProperties properties,
                    OAuthRandom random, OAuthRateLimits rateLimits, OAuthCallbacks callbacks, CallbackPage page,
                    OAuthMetrics metrics) {
        this.commands = commands;
        this.positions = positions;
        this.properties = properties;
        this.random = random;
        this.rateLimits = rateLimits;
        this.callbacks = callbacks;
        this.page = page;
        this.metrics = metrics;
    }

    @GetMapping("/integrations/ads/auth-url")
    ResponseEntity<AuthorizationUrl> adsAuthorizationUrl(@RequestParam UUID accountId, Caller caller,
                                                         HttpServletRequest request) {
        return start(OAuthFlow.ADS, accountId, caller, request);
    }

    @GetMapping("/integrations/sp-api/auth-url")
    ResponseEntity<AuthorizationUrl> spApiAuthorizationUrl(@RequestParam UUID accountId, Caller caller,
                                                           HttpServletRequest request) {
        return start(OAuthFlow.SP_API, accountId, caller, request);
    }

    @GetMapping("/integrations/ads/callback")
    ResponseEntity<String> adsCallback(@RequestParam(required = false) String code,
                                       @RequestParam(required = false) String state,
                                       @RequestParam(required = false) String error,
                                       @RequestParam(name = "error_description", required = false) String errorDescription,
                                       HttpServletRequest request) {
        return callback(OAuthFlow.ADS, new AmazonRedirect(code, state, error, errorDescription, null), request);
    }

    @GetMapping("/integrations/sp-api/callback")
    ResponseEntity<String> spApiCallback(@RequestParam(name = "spapi_oauth_code", required = false) String code,
                                         @RequestParam(required = false) String state,
                                         @RequestParam(name = "selling_partner_id", required = false) String sellingPartnerId,
                                         @RequestParam(required = false) String error,
                                         @RequestParam(name = "error_description", required = false) String errorDescription,
                                         HttpServletRequest request) {
        return callback(OAuthFlow.SP_API, new AmazonRedirect(code, state, error, errorDescription, sellingPartnerId),
                request);
    }

    private ResponseEntity<AuthorizationUrl> start(OAuthFlow flow, UUID accountId, Caller caller,
                                                   HttpServletRequest request) {
        caller.requireAnyRole(ADMIN);
        rateLimits.checkAuthorizationUrl(request.getRemoteAddr(), caller.organizationId());
        LwaClientRegistration client = properties.clientFor(flow);
        String state = random.newState();
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
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(accountId)))
                .body(new AuthorizationUrl(url, started.expiresAt(), account));
    }

    /** Always the page, whatever happened (but 429 when rate limited): never a stack trace, never a token. */
    private ResponseEntity<String> callback(OAuthFlow flow, AmazonRedirect redirect, HttpServletRequest request) {
        rateLimits.checkCallbackFrom(request.getRemoteAddr());
        CallbackOutcome outcome;
        try {
            outcome = callbacks.complete(flow, redirect);
        } catch (RuntimeException e) {
            if (ProblemException.is(e, RATE_LIMITED)) {
                throw e;
            }
            log.error("The {} OAuth callback failed unexpectedly", flow, e);
            outcome = CallbackOutcome.failed(flow, null, "Something went wrong on Tether's side while finishing the "
                    + "connection. Start connecting the account again in a few minutes.", null,
                    HttpStatus.INTERNAL_SERVER_ERROR);
        }
        metrics.callback(outcome);
        return page.render(outcome);
    }

    /** The page to send the user to, until when it works, and the account now CONNECTING. */
    record AuthorizationUrl(URI authorizationUrl, Instant expiresAt, AccountView account) {
    }
}
