package io.tether.command.oauth;

import io.tether.api.oauth.OAuthFlow;
import io.tether.command.provider.ProviderHttp;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * How the provider's redirect ended, for the page that answers it: whether the account (Amazon's flows) or
 * the global integration (Slack's install) is connected, which one ({@code null} when the state was not one
 * of Tether's), a sentence for the person, and the provider's own words when it sent some.
 */
record CallbackOutcome(OAuthFlow flow, Result result, UUID subjectId, String message, String providerSaid,
                       HttpStatus httpStatus) {

    /**
     * Connected; refused before anything changed; or failed (an account is now in ERROR, an integration keeps
     * what it had; either way the failure is on record).
     */
    enum Result { CONNECTED, REFUSED, FAILED }


    static CallbackOutcome connected(OAuthFlow flow, UUID subjectId) {
        return new CallbackOutcome(flow, Result.CONNECTED, subjectId, (flow == OAuthFlow.SLACK
                ? "The Slack integration is connected." : "The account is connected.") + " You can close this window.",
                null, HttpStatus.OK);
    }

    /** The redirect was refused before anything changed: a forged, used or expired state, or a malformed request. */
    static CallbackOutcome refused(OAuthFlow flow, UUID subjectId, String message) {
        return new CallbackOutcome(flow, Result.REFUSED, subjectId, message, null, HttpStatus.BAD_REQUEST);
    }

    /** The flow failed, and says so with {@code message}. */
    static CallbackOutcome failed(OAuthFlow flow, UUID subjectId, String message, String providerSaid, HttpStatus status) {
        return new CallbackOutcome(flow, Result.FAILED, subjectId, message, shortened(providerSaid), status);
    }

    boolean connected() {
        return result == Result.CONNECTED;
    }

    /** At most 300 characters of someone else's words, without control characters. */
    static String shortened(String text) {
        return ProviderHttp.quoted(text);
    }
}
