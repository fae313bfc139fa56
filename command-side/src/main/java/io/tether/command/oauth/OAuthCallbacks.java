package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.ILLEGAL_GLOBAL_INTEGRATION_STATE;
import static io.tether.api.problem.ProblemCode.INVALID_SHAPE;
import static io.tether.api.problem.ProblemCode.OAUTH_NOT_CONFIGURED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_ALREADY_USED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_EXPIRED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_UNKNOWN;

import io.tether.api.global.CompleteGlobalIntegrationOAuthCommand;
import io.tether.api.global.FailGlobalIntegrationOAuthCommand;
import io.tether.api.global.RedeemGlobalIntegrationOAuthStateCommand;
import io.tether.api.global.RedeemedGlobalIntegrationOAuthStateView;
import io.tether.api.oauth.CompleteOAuthCommand;
import io.tether.api.oauth.FailOAuthCommand;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.RedeemOAuthStateCommand;
import io.tether.api.oauth.RedeemedOAuthStateView;
import io.tether.api.problem.ProblemException;
import io.tether.command.account.OAuthSecrets;
import io.tether.infrastructure.audit.SecurityEvents;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.oauth.LwaClient.LwaTokens;
import io.tether.command.oauth.OAuthStates.IndexedState;
import io.tether.command.oauth.SlackOAuthClient.SlackInstallation;
import io.tether.command.oauth.SlackOAuthClient.SlackRefusedException;
import io.tether.command.provider.ProviderUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Completes a flow when the provider redirects the user's browser back: Amazon's flows of an account, Slack's
 * install of a global integration. Nothing happens for a state that is not a pending flow's (forged, replaced,
 * used or expired): in particular no code is exchanged. A state that is accepted is used up first (once only,
 * even with several nodes, since the account's or the integration's events decide), then the code is
 * exchanged, and the flow ends connected, or failed with a message a person can act on (an account in ERROR;
 * an integration keeps what it had).
 */
@Service
class OAuthCallbacks {

    private static final Logger log = LoggerFactory.getLogger(OAuthCallbacks.class);
    private static final Pattern OAUTH_ERROR_CODE = Pattern.compile("[a-z_]{1,64}");
    private static final Pattern SELLING_PARTNER_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final String START_AGAIN = "Start connecting the account again in Tether.";
    private static final String SLACK_START_AGAIN = "Start the Slack install again in Tether.";

    private final OAuthStates states;
    private final AttributedCommands commands;
    private final CredentialCipher cipher;
    private final LwaClient lwa;
    private final AmazonProperties properties;
    private final OAuthRateLimits rateLimits;
    private final SecurityEvents securityEvents;
    private final Clock clock;
    private final SlackOAuthClient slack;
    private final SlackProperties slackProperties;

    OAuthCallbacks(OAuthStates states, AttributedCommands commands, CredentialCipher cipher, LwaClient lwa,
                   AmazonProperties properties, OAuthRateLimits rateLimits, SecurityEvents securityEvents,
                   Clock clock, SlackOAuthClient slack, SlackProperties slackProperties) {
        this.clock = clock;
        this.slack = slack;
        this.slackProperties = slackProperties;
        this.securityEvents = securityEvents;
        this.states = states;
        this.commands = commands;
        this.cipher = cipher;
        this.lwa = lwa;
        this.properties = properties;
        this.rateLimits = rateLimits;
    }

    /** @throws ProblemException {@code RATE_LIMITED} when the state's organization has had too many callbacks of late */
    CallbackOutcome complete(OAuthFlow flow, OAuthRedirect redirect) {
        String provider = providerOf(flow);
        if (redirect.state() == null || redirect.state().isBlank()) {
            return CallbackOutcome.refused(flow, null,
                    "This page was opened without the state that " + provider + " sends back, so it cannot complete a "
                            + "connection. " + startAgain(flow));
        }
        String stateHash = OAuthSecrets.hashOfState(redirect.state());
        IndexedState indexed = states.find(stateHash).filter(state -> state.flow() == flow).orElse(null);
        if (indexed == null) {
            log.warn("Refused an OAuth callback with a state that belongs to no pending {} flow", flow);
            securityEvents.record("oauth_state_refused", null, null, "unknown state for a " + flow + " callback");
            return CallbackOutcome.refused(flow, null, invalidLink(flow));
        }
        rateLimits.checkCallbackOf(indexed.organizationId());
        UUID subjectId = indexed.subjectId();
        if (indexed.used()) {
            log.warn("Refused a replayed OAuth callback for {}", subjectOf(indexed));
            securityEvents.record("oauth_state_refused", indexed.organizationId(), subjectId, "state already used");
            return CallbackOutcome.refused(flow, subjectId, alreadyUsed(flow));
        }
        RedeemedOAuthStateView redeemed = null;
        RedeemedGlobalIntegrationOAuthStateView install = null;
        try {
            if (indexed.integrationId() != null) {
                install = commands.send(AttributedCommands.SLACK_REDIRECT, indexed.organizationId(),
                        new RedeemGlobalIntegrationOAuthStateCommand(indexed.integrationId(), redirect.state()));
            } else {
                redeemed = commands.send(AttributedCommands.AMAZON_REDIRECT, indexed.organizationId(),
                        new RedeemOAuthStateCommand(indexed.accountId(), redirect.state()));
            }
        } catch (ProblemException e) {
            if (e.is(ACCOUNT_DELETED, GLOBAL_INTEGRATION_NOT_FOUND)) {
                return noLongerExists(flow);
            }
            String state = switch (e.code()) {
                case OAUTH_STATE_ALREADY_USED -> "already_used";
                case OAUTH_STATE_EXPIRED -> "expired";
                case OAUTH_STATE_UNKNOWN -> "unknown";
                default -> throw e;
            };
            log.warn("Refused an OAuth callback for {}: its state is {}", subjectOf(indexed), state);
            securityEvents.record("oauth_state_refused", indexed.organizationId(), subjectId, "state " + state);
            return CallbackOutcome.refused(flow, subjectId, switch (e.code()) {
                case OAUTH_STATE_ALREADY_USED -> alreadyUsed(flow);
                case OAUTH_STATE_EXPIRED -> "This sign-in took longer than the " + minutes() + " it may take. "
                        + startAgain(flow);
                default -> invalidLink(flow);
            });
        } catch (AggregateNotFoundException e) {
            return noLongerExists(flow);
        }
        if (install != null) {
            return finishInstall(install, redirect);
        }
        if (redirect.error() != null) {
            return fail(redeemed, amazonRefused(redirect.error(), redirect.errorDescription()), null, HttpStatus.BAD_REQUEST);
        }
        if (redirect.code() == null || redirect.code().isBlank()) {
            return fail(redeemed, "Amazon's redirect carried no authorization code, so Tether could not finish the "
                    + "connection. " + START_AGAIN, null, HttpStatus.BAD_REQUEST);
        }
        String sellingPartnerId = null;
        if (flow == OAuthFlow.SP_API) {
            sellingPartnerId = redirect.sellingPartnerId();
            if (sellingPartnerId == null || !SELLING_PARTNER_ID.matcher(sellingPartnerId).matches()) {
                return fail(redeemed, "Amazon's redirect did not say which selling partner authorized Tether "
                        + "(selling_partner_id), so the connection could not be finished. " + START_AGAIN, null,
                        HttpStatus.BAD_REQUEST);
            }
        }
        return exchange(redeemed, redirect.code(), sellingPartnerId);
    }

    /**
     * Slack's redirect of an install whose state was just used up: denied, or a code to exchange at
     * {@code oauth.v2.access} for the bot token, which the integration seals as its credentials.
     */
    private CallbackOutcome finishInstall(RedeemedGlobalIntegrationOAuthStateView install, OAuthRedirect redirect) {
        if (redirect.error() != null) {
            return failInstall(install, slackDenied(redirect.error()), null, HttpStatus.BAD_REQUEST);
        }
        if (redirect.code() == null || redirect.code().isBlank()) {
            return failInstall(install, "Slack's redirect carried no authorization code, so Tether could not finish "
                    + "the install. " + SLACK_START_AGAIN, null, HttpStatus.BAD_REQUEST);
        }
        SlackInstallation installation;
        try {
            installation = slack.exchangeCode(slackProperties.app(), redirect.code());
        } catch (SlackRefusedException e) {
            log.warn("Slack refused the install code of global integration {}: {}", install.integrationId(), e.getMessage());
            return failInstall(install, slackRefused(e.error()), e.saidBySlack() ? e.error() : null, HttpStatus.BAD_GATEWAY);
        } catch (ProviderUnavailableException e) {
            log.warn("Slack's oauth.v2.access failed for global integration {}: {}", install.integrationId(), e.getMessage());
            return failInstall(install, "Tether could not reach Slack to finish the install ("
                    + CallbackOutcome.shortened(e.getMessage()) + "). Try installing again in a few minutes.", null,
                    HttpStatus.BAD_GATEWAY);
        } catch (ProblemException e) {
            if (!e.is(OAUTH_NOT_CONFIGURED)) {
                throw e;
            }
            return failInstall(install, e.getMessage() + " Ask an administrator, then install again.", null,
                    HttpStatus.SERVICE_UNAVAILABLE);
        }
        try {
            commands.send(AttributedCommands.SLACK_REDIRECT, install.organizationId(),
                    new CompleteGlobalIntegrationOAuthCommand(install.integrationId(), install.stateHash(),
                            installation.credentials(), installation.teamId(), installation.teamName(),
                            installation.scopes()));
        } catch (ProblemException e) {
            if (e.is(CREDENTIAL_STORE_UNAVAILABLE)) {
                return failInstall(install, installKeyStoreUnavailable(), null, HttpStatus.SERVICE_UNAVAILABLE);
            }
            if (e.is(INVALID_SHAPE)) {
                log.warn("Slack's answer for global integration {} does not fit its credential schema: {}",
                        install.integrationId(), e.getMessage());
                return failInstall(install, "Slack's answer did not have the shape Tether expects ("
                        + CallbackOutcome.shortened(e.getMessage()) + "). " + SLACK_START_AGAIN, null, HttpStatus.BAD_GATEWAY);
            }
            if (!e.is(ILLEGAL_GLOBAL_INTEGRATION_STATE, GLOBAL_INTEGRATION_NOT_FOUND)) {
                throw e;
            }
            log.info("The token of global integration {} came too late for its install: {}", install.integrationId(),
                    e.getMessage());
            return CallbackOutcome.refused(OAuthFlow.SLACK, install.integrationId(),
                    "This install was replaced by a newer one, or took too long, before it could finish. " + SLACK_START_AGAIN);
        }
        log.info("Global integration {} is connected through Slack's app install", install.integrationId());
        return CallbackOutcome.connected(OAuthFlow.SLACK, install.integrationId());
    }

    /** The failure is on record on the integration, which keeps what it had; the page says the same. */
    private CallbackOutcome failInstall(RedeemedGlobalIntegrationOAuthStateView install, String errorMessage,
                                        String slackSaid, HttpStatus status) {
        try {
            commands.send(AttributedCommands.SLACK_REDIRECT, install.organizationId(),
                    new FailGlobalIntegrationOAuthCommand(install.integrationId(), install.stateHash(), errorMessage));
        } catch (ProblemException e) {
            if (!e.is(ILLEGAL_GLOBAL_INTEGRATION_STATE, GLOBAL_INTEGRATION_NOT_FOUND)) {
                throw e;
            }
            log.info("The failed install of global integration {} had already ended: {}", install.integrationId(),
                    e.getMessage());
        }
        return CallbackOutcome.failed(OAuthFlow.SLACK, install.integrationId(), errorMessage, slackSaid, status);
    }

    private CallbackOutcome exchange(RedeemedOAuthStateView redeemed, String code, String sellingPartnerId) {
        // as for a refresh (AccessTokenRefresher): the token's lifetime counts from the request, not from its answer
        Instant requested = clock.instant();
        LwaTokens tokens;
        try {
            LwaClientRegistration client = properties.clientFor(redeemed.flow());
            String codeVerifier = redeemed.codeVerifier() == null ? null : cipher.decrypt(
                    OAuthSecrets.codeVerifierOwner(redeemed.organizationId(), redeemed.accountId()),
                    redeemed.codeVerifier()).get(OAuthSecrets.CODE_VERIFIER);
            tokens = lwa.exchangeCode(client, redeemed.region(), code, codeVerifier);
        } catch (LwaRejectedException e) {
            log.warn("Amazon refused the authorization code of account {}: {}", redeemed.accountId(), e.getMessage());
            return fail(redeemed, codeRefused(redeemed.flow(), e), e.description(), HttpStatus.BAD_GATEWAY);
        } catch (LwaUnavailableException e) {
            log.warn("Amazon's token endpoint failed for account {}: {}", redeemed.accountId(), e.getMessage());
            return fail(redeemed, "Tether could not reach Amazon's token service to finish the connection ("
                    + CallbackOutcome.shortened(e.getMessage()) + "). Try connecting the account again in a few minutes.",
                    null, HttpStatus.BAD_GATEWAY);
        } catch (ProblemException e) {
            if (e.is(OAUTH_NOT_CONFIGURED)) {
                return fail(redeemed, e.getMessage() + " Ask an administrator, then connect the account again.", null,
                        HttpStatus.SERVICE_UNAVAILABLE);
            }
            if (!e.is(CREDENTIAL_STORE_UNAVAILABLE)) {
                throw e;
            }
            return fail(redeemed, keyStoreUnavailable(), null, HttpStatus.SERVICE_UNAVAILABLE);
        }
        try {
            commands.send(AttributedCommands.AMAZON_REDIRECT, redeemed.organizationId(), new CompleteOAuthCommand(
                    redeemed.accountId(), redeemed.stateHash(), tokens.refreshToken(), tokens.accessToken(),
                    requested.plus(tokens.expiresIn()), sellingPartnerId));
        } catch (ProblemException e) {
            if (e.is(CREDENTIAL_STORE_UNAVAILABLE)) {
                return fail(redeemed, keyStoreUnavailable(), null, HttpStatus.SERVICE_UNAVAILABLE);
            }
            if (!e.is(ILLEGAL_ACCOUNT_STATE, ACCOUNT_DELETED)) {
                throw e;
            }
            log.info("The tokens of account {} came too late for its flow: {}", redeemed.accountId(), e.getMessage());
            return CallbackOutcome.refused(redeemed.flow(), redeemed.accountId(),
                    "This sign-in was replaced by a newer one, or took too long, before it could finish. " + START_AGAIN);
        }
        log.info("Account {} is connected through {} OAuth", redeemed.accountId(), redeemed.flow());
        return CallbackOutcome.connected(redeemed.flow(), redeemed.accountId());
    }

    /** The account goes to ERROR with {@code errorMessage}; the page says the same. */
    private CallbackOutcome fail(RedeemedOAuthStateView redeemed, String errorMessage, String amazonSaid,
                                 HttpStatus status) {
        try {
            commands.send(AttributedCommands.AMAZON_REDIRECT, redeemed.organizationId(),
                    new FailOAuthCommand(redeemed.accountId(), redeemed.stateHash(), errorMessage));
        } catch (ProblemException e) {
            if (!e.is(ILLEGAL_ACCOUNT_STATE, ACCOUNT_DELETED)) {
                throw e;
            }
            log.info("The failed flow of account {} had already ended: {}", redeemed.accountId(), e.getMessage());
        }
        return CallbackOutcome.failed(redeemed.flow(), redeemed.accountId(), errorMessage, amazonSaid, status);
    }

    private static CallbackOutcome noLongerExists(OAuthFlow flow) {
        return CallbackOutcome.refused(flow, null, flow == OAuthFlow.SLACK
                ? "The Slack integration of this install no longer exists in Tether."
                : "The account of this sign-in no longer exists in Tether.");
    }

    private static String slackDenied(String error) {
        String code = OAUTH_ERROR_CODE.matcher(error).matches() ? error : "unrecognized_error";
        if (code.equals("access_denied")) {
            return "The install was cancelled on Slack (access_denied). Install again and allow what the Tether app "
                    + "asks for.";
        }
        return "Slack refused the install request (" + code + "). " + SLACK_START_AGAIN;
    }

    /** Slack's documented {@code oauth.v2.access} errors, in words an admin can act on. */
    private static String slackRefused(String error) {
        String code = OAUTH_ERROR_CODE.matcher(error).matches() ? error : "unrecognized_error";
        return switch (code) {
            case "invalid_code", "code_already_used" -> "Slack did not accept the authorization code (" + code
                    + "): it has expired or was already used. " + SLACK_START_AGAIN;
            case "invalid_client_id", "bad_client_secret", "invalid_client" -> "Slack rejected Tether's app credentials ("
                    + code + "). An administrator must check SLACK_CLIENT_ID and SLACK_CLIENT_SECRET; then install again.";
            case "bad_redirect_uri", "oauth_authorization_url_mismatch" -> "Slack refused the install's redirect ("
                    + code + "). An administrator must check that SLACK_REDIRECT_URI is a Redirect URL of the Slack "
                    + "app; then install again.";
            case SlackRefusedException.NO_BOT_TOKEN -> "Slack's answer carried no bot token: the Slack app must ask "
                    + "for at least one bot scope (SLACK_SCOPES). " + SLACK_START_AGAIN;
            case SlackRefusedException.TOKEN_ROTATION -> "The Slack app has token rotation turned on, and Tether keeps "
                    + "bot tokens that do not expire. An administrator must turn token rotation off in the app's "
                    + "OAuth settings; then install again.";
            default -> "Slack refused the authorization code (" + code + "). " + SLACK_START_AGAIN;
        };
    }

    private static String amazonRefused(String error, String description) {
        String code = OAUTH_ERROR_CODE.matcher(error).matches() ? error : "unrecognized_error";
        String said = CallbackOutcome.shortened(description);
        String amazon = said == null ? "" : " Amazon said: " + said;
        if (code.equals("access_denied")) {
            return "The authorization was cancelled or denied on Amazon (access_denied)." + amazon
                    + " Connect the account again and allow the access Tether asks for.";
        }
        return "Amazon refused the authorization request (" + code + ")." + amazon + " Connect the account again; if "
                + "this happens again, an administrator should check Tether's app settings at Amazon.";
    }

    private static String codeRefused(OAuthFlow flow, LwaRejectedException e) {
        if (e.isInvalidGrant()) {
            return "Amazon did not accept the authorization code (invalid_grant): it has expired or was already used. "
                    + START_AGAIN;
        }
        if (e.error().equals("invalid_client") || e.error().equals("unauthorized_client")) {
            return "Amazon rejected Tether's app credentials (" + e.error() + "). An administrator must check "
                    + (flow == OAuthFlow.ADS ? "AMAZON_ADS_CLIENT_ID and AMAZON_ADS_CLIENT_SECRET"
                    : "AMAZON_SPAPI_CLIENT_ID and AMAZON_SPAPI_CLIENT_SECRET") + "; then connect the account again.";
        }
        String code = OAUTH_ERROR_CODE.matcher(e.error()).matches() ? e.error() : "unrecognized_error";
        return "Amazon's token service refused the authorization code (" + code + "). " + START_AGAIN;
    }

    private static String keyStoreUnavailable() {
        return "Tether could not seal the account's credentials: its key store is unavailable. Try connecting the "
                + "account again in a few minutes.";
    }

    private static String installKeyStoreUnavailable() {
        return "Tether could not seal the Slack integration's credentials: its key store is unavailable. Try "
                + "installing again in a few minutes.";
    }

    private static String alreadyUsed(OAuthFlow flow) {
        return "This sign-in link was already used; each one works once. " + startAgain(flow);
    }

    private static String invalidLink(OAuthFlow flow) {
        return "This sign-in link is not valid: it was not issued by Tether, or a newer sign-in replaced it, or it "
                + "expired. " + startAgain(flow);
    }

    private static String startAgain(OAuthFlow flow) {
        return flow == OAuthFlow.SLACK ? SLACK_START_AGAIN : START_AGAIN;
    }

    private static String providerOf(OAuthFlow flow) {
        return flow == OAuthFlow.SLACK ? "Slack" : "Amazon";
    }

    private static String subjectOf(IndexedState indexed) {
        return indexed.integrationId() != null ? "global integration " + indexed.integrationId()
                : "account " + indexed.accountId();
    }

    private String minutes() {
        long seconds = properties.oauth().stateLifetime().toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + (seconds == 60 ? " minute" : " minutes") : seconds + " seconds";
    }

}
