package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CONCURRENT_MODIFICATION;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.OAUTH_FLOW_MISMATCH;
import static io.tether.api.problem.ProblemCode.OAUTH_NOT_CONFIGURED;
import static io.tether.api.problem.ProblemCode.RATE_LIMITED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.account.AccountView;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.problem.ProblemException;
import io.tether.api.problem.Refuses;
import io.tether.eventing.EventStorePositions;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.AnswersPage;
import io.tether.infrastructure.web.AnswersPosition;
import io.tether.infrastructure.web.ConsistencyHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OAuth endpoints: an organization's admin asks for the authorization URL of an Amazon account, or of a
 * Slack global integration's app install (which starts the flow), and the provider redirects the user's
 * browser to the public callback, which completes it and answers with a page for the popup (or, for a flow
 * the hosted connect page started in its own window, sends the browser back to that page's gallery).
 */
@RestController
@Tag(name = "oauth", description = "OAuth (Amazon's flows for accounts, Slack's app install for a global integration): "
        + "the authorization URL that starts a flow, and the public callbacks that complete it")
class OAuthController {

    private static final Logger log = LoggerFactory.getLogger(OAuthController.class);

    private final EventStorePositions positions;
    private final OAuthStarts starts;
    private final OAuthRateLimits rateLimits;
    private final OAuthCallbacks callbacks;
    private final CallbackPage page;
    private final OAuthMetrics metrics;

    OAuthController(EventStorePositions positions, OAuthStarts starts, OAuthRateLimits rateLimits,
                    OAuthCallbacks callbacks, CallbackPage page, OAuthMetrics metrics) {
        this.positions = positions;
        this.starts = starts;
        this.rateLimits = rateLimits;
        this.callbacks = callbacks;
        this.page = page;
        this.metrics = metrics;
    }

    @GetMapping("/integrations/ads/auth-url")
    @Operation(operationId = "startAdsOAuth", summary = "Start the Amazon Ads OAuth flow",
            description = "For an ADS_API account, now CONNECTING: the Login with Amazon URL (with PKCE) to open in a "
                    + "popup, and until when it works.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({ACCOUNT_NOT_FOUND, ILLEGAL_ACCOUNT_STATE, OAUTH_FLOW_MISMATCH, OAUTH_NOT_CONFIGURED,
            CREDENTIAL_STORE_UNAVAILABLE, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<AuthorizationUrl> adsAuthorizationUrl(@RequestParam UUID accountId, Caller caller,
                                                         HttpServletRequest request) {
        return start(OAuthFlow.ADS, accountId, caller, request);
    }

    @GetMapping("/integrations/sp-api/auth-url")
    @Operation(operationId = "startSpApiOAuth", summary = "Start the Selling Partner API OAuth flow",
            description = "For an SP_API_SC or SP_API_VC account, now CONNECTING: the Seller or Vendor Central "
                    + "consent URL to open in a popup, and until when it works.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({ACCOUNT_NOT_FOUND, ILLEGAL_ACCOUNT_STATE, OAUTH_FLOW_MISMATCH, OAUTH_NOT_CONFIGURED,
            CREDENTIAL_STORE_UNAVAILABLE, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<AuthorizationUrl> spApiAuthorizationUrl(@RequestParam UUID accountId, Caller caller,
                                                           HttpServletRequest request) {
        return start(OAuthFlow.SP_API, accountId, caller, request);
    }

    @GetMapping("/integrations/ads/callback")
    @Operation(operationId = "completeAdsOAuth", summary = "Amazon Ads OAuth callback (public)",
            description = "Amazon redirects the user's browser here with code and state, or error. Completes the flow "
                    + "and answers the popup page, which posts the outcome (never a token) to the frontend.")
    @AnswersPage(value = {200, 400, 500, 502, 503}, description = "The popup page, which says what happened")
    ResponseEntity<String> adsCallback(@RequestParam(required = false) String code,
                                       @RequestParam(required = false) String state,
                                       @RequestParam(required = false) String error,
                                       @RequestParam(name = "error_description", required = false) String errorDescription,
                                       HttpServletRequest request) {
        return callback(OAuthFlow.ADS, new OAuthRedirect(code, state, error, errorDescription, null), request);
    }

    @GetMapping("/integrations/sp-api/callback")
    @Operation(operationId = "completeSpApiOAuth", summary = "Selling Partner API OAuth callback (public)",
            description = "Seller or Vendor Central redirects the user's browser here with spapi_oauth_code, state "
                    + "and selling_partner_id. Completes the flow and answers the popup page.")
    @AnswersPage(value = {200, 400, 500, 502, 503}, description = "The popup page, which says what happened")
    ResponseEntity<String> spApiCallback(@RequestParam(name = "spapi_oauth_code", required = false) String code,
                                         @RequestParam(required = false) String state,
                                         @RequestParam(name = "selling_partner_id", required = false) String sellingPartnerId,
                                         @RequestParam(required = false) String error,
                                         @RequestParam(name = "error_description", required = false) String errorDescription,
                                         HttpServletRequest request) {
        return callback(OAuthFlow.SP_API, new OAuthRedirect(code, state, error, errorDescription, sellingPartnerId),
                request);
    }

    @GetMapping("/integrations/slack/auth-url")
    @Operation(operationId = "startSlackInstall", summary = "Start the Slack app install",
            description = "For a Slack global integration (create it first with POST /integrations/global and "
                    + "service_name slack, without credentials): the URL of Slack's OAuth v2 authorization page, to "
                    + "open in a popup, and until when it works. The integration keeps its status and credentials "
                    + "until the install completes; a new install replaces a pending one.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND, OAUTH_FLOW_MISMATCH, OAUTH_NOT_CONFIGURED, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<SlackAuthorizationUrl> slackAuthorizationUrl(@RequestParam UUID integrationId, Caller caller,
                                                                HttpServletRequest request) {
        OAuthStarts.SlackInstall started = starts.startSlackInstall(integrationId, caller, request.getRemoteAddr(), false);
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(integrationId)))
                .body(new SlackAuthorizationUrl(started.authorizationUrl(), started.expiresAt(), started.integration()));
    }

    @GetMapping("/integrations/slack/callback")
    @Operation(operationId = "completeSlackInstall", summary = "Slack app install callback (public)",
            description = "Slack redirects the user's browser here with code and state, or error (access_denied "
                    + "when the user cancels). Exchanges the code at Slack's oauth.v2.access, seals the bot token as "
                    + "the integration's credentials, and answers the popup page, which posts {type: "
                    + "tether:slack-oauth, status, integration_id} (never a token) to the frontend.")
    @AnswersPage(value = {200, 400, 500, 502, 503}, description = "The popup page, which says what happened")
    ResponseEntity<String> slackCallback(@RequestParam(required = false) String code,
                                         @RequestParam(required = false) String state,
                                         @RequestParam(required = false) String error,
                                         HttpServletRequest request) {
        return callback(OAuthFlow.SLACK, new OAuthRedirect(code, state, error, null, null), request);
    }

    private ResponseEntity<AuthorizationUrl> start(OAuthFlow flow, UUID accountId, Caller caller,
                                                   HttpServletRequest request) {
        OAuthStarts.AccountFlow started = starts.startAccountFlow(flow, accountId, caller, request.getRemoteAddr(), false);
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(accountId)))
                .body(new AuthorizationUrl(started.authorizationUrl(), started.expiresAt(), started.account()));
    }

    /** Always the page, whatever happened (but 429 when rate limited): never a stack trace, never a token. */
    private ResponseEntity<String> callback(OAuthFlow flow, OAuthRedirect redirect, HttpServletRequest request) {
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
                    + "connection. Start " + (flow == OAuthFlow.SLACK ? "the Slack install" : "connecting the account")
                    + " again in a few minutes.", null,
                    HttpStatus.INTERNAL_SERVER_ERROR);
        }
        metrics.callback(outcome);
        if (OAuthStarts.startedOnConnectPage(redirect.state()) && outcome.subjectId() != null) {
            // Started on the hosted connect page, in its own window: back to its gallery, which reports to its opener.
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .location(URI.create(OAuthStarts.CONNECT_PAGE_RETURN + "?reported=" + outcome.subjectId()))
                    .build();
        }
        return page.render(outcome);
    }

    /** The page to send the user to, until when it works, and the account now CONNECTING. */
    record AuthorizationUrl(URI authorizationUrl, Instant expiresAt, AccountView account) {
    }

    /** Slack's page to send the user to, until when it works, and the integration (its status unchanged until the install completes). */
    record SlackAuthorizationUrl(URI authorizationUrl, Instant expiresAt, GlobalIntegrationView integration) {
    }
}
