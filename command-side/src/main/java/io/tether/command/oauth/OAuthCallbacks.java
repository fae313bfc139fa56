package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.OAUTH_NOT_CONFIGURED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_ALREADY_USED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_EXPIRED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_UNKNOWN;

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
import java.time.Clock;
import java.util.regex.Pattern;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Completes a flow when Amazon redirects the user's browser back. Nothing happens for a state that is
 * not a pending flow's (forged, replaced, used or expired): in particular no code is exchanged. A state
 * that is accepted is used up first (once only, even with several nodes, since the account's events
 * decide), then the code is exchanged, and the flow ends CONNECTED or in ERROR with a message a person
 * can act on.
 */
@Service
class OAuthCallbacks {

    private static final Logger log = LoggerFactory.getLogger(OAuthCallbacks.class);
    private static final Pattern OAUTH_ERROR_CODE = Pattern.compile("[a-z_]{1,64}");
    private static final Pattern SELLING_PARTNER_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final String START_AGAIN = "Start connecting the account again in Tether.";

    private final OAuthStates states;
    private final AttributedCommands commands;
    private final CredentialCipher cipher;
    private final LwaClient lwa;
    private final AmazonProperties properties;
    private final OAuthRateLimits rateLimits;
    private final SecurityEvents securityEvents;
    private final Clock clock;

    OAuthCallbacks(OAuthStates states, AttributedCommands commands, CredentialCipher cipher, LwaClient lwa,
                   AmazonProperties properties, OAuthRateLimits rateLimits, SecurityEvents securityEvents,
                   Clock clock) {
        this.clock = clock;
        this.securityEvents = securityEvents;
        this.states = states;
        this.commands = commands;
        this.cipher = cipher;
        this.lwa = lwa;
        this.properties = properties;
        this.rateLimits = rateLimits;
    }

    /** @throws ProblemException {@code RATE_LIMITED} when the state's organization has had too many callbacks of late */
    CallbackOutcome complete(OAuthFlow flow, AmazonRedirect redirect) {
        if (redirect.state() == null || redirect.state().isBlank()) {
            return CallbackOutcome.refused(flow, null,
                    "This page was opened without the state that Amazon sends back, so it cannot complete a connection. "
                            + START_AGAIN);
        }
        String stateHash = OAuthSecrets.hashOfState(redirect.state());
        IndexedState indexed = states.find(stateHash).filter(state -> state.flow() == flow).orElse(null);
        if (indexed == null) {
            log.warn("Refused an OAuth callback with a state that belongs to no pending {} flow", flow);
            securityEvents.record("oauth_state_refused", null, null, "unknown state for a " + flow + " callback");
            return CallbackOutcome.refused(flow, null, invalidLink());
        }
        rateLimits.checkCallbackOf(indexed.organizationId());
        if (indexed.used()) {
            log.warn("Refused a replayed OAuth callback for account {}", indexed.accountId());
            securityEvents.record("oauth_state_refused", indexed.organizationId(), indexed.accountId(), "state already used");
            return CallbackOutcome.refused(flow, indexed.accountId(), alreadyUsed());
        }
        RedeemedOAuthStateView redeemed;
        try {
            redeemed = commands.send(AttributedCommands.AMAZON_REDIRECT, indexed.organizationId(),
                    new RedeemOAuthStateCommand(indexed.accountId(), redirect.state()));
        } catch (ProblemException e) {
            if (e.is(ACCOUNT_DELETED)) {
                return noLongerExists(flow);
            }
            String state = switch (e.code()) {
                case OAUTH_STATE_ALREADY_USED -> "already_used";
                case OAUTH_STATE_EXPIRED -> "expired";
                case OAUTH_STATE_UNKNOWN -> "unknown";
                default -> throw e;
            };
            log.warn("Refused an OAuth callback for account {}: its state is {}", indexed.accountId(), state);
            securityEvents.record("oauth_state_refused", indexed.organizationId(), indexed.accountId(), "state " + state);
            return CallbackOutcome.refused(flow, indexed.accountId(), switch (e.code()) {
                case OAUTH_STATE_ALREADY_USED -> alreadyUsed();
                case OAUTH_STATE_EXPIRED -> "This sign-in took longer than the " + minutes() + " it may take. " + START_AGAIN;
                default -> invalidLink();
            });
        } catch (AggregateNotFoundException e) {
            return noLongerExists(flow);
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

    private CallbackOutcome exchange(RedeemedOAuthStateView redeemed, String code, String sellingPartnerId) {
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
                    clock.instant().plus(tokens.expiresIn()), sellingPartnerId));
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
        return CallbackOutcome.refused(flow, null, "The account of this sign-in no longer exists in Tether.");
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

    private static String alreadyUsed() {
        return "This sign-in link was already used; each one works once. " + START_AGAIN;
    }

    private static String invalidLink() {
        return "This sign-in link is not valid: it was not issued by Tether, or a newer sign-in replaced it, or it "
                + "expired. " + START_AGAIN;
    }

    private String minutes() {
        long seconds = properties.oauth().stateLifetime().toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + (seconds == 60 ? " minute" : " minutes") : seconds + " seconds";
    }

}
