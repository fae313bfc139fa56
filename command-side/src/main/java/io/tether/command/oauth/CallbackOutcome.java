package io.tether.command.oauth;

import io.tether.api.oauth.OAuthFlow;
import io.tether.command.provider.ProviderHttp;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * How Amazon's redirect ended, for the page that answers it: whether the account is connected, which
 * account ({@code null} when the state was not one of Tether's), a sentence for the person, and Amazon's
 * own words when it sent some.
 */
record CallbackOutcome(OAuthFlow flow, Result result, UUID accountId, String message, String amazonSaid,
                       HttpStatus httpStatus) {

    /** Connected; refused before any account changed; or failed, with the account now in ERROR. */
    enum Result { CONNECTED, REFUSED, FAILED }


    static CallbackOutcome connected(OAuthFlow flow, UUID accountId) {
        return new CallbackOutcome(flow, Result.CONNECTED, accountId, "The account is connected. You can close this window.",
                null, HttpStatus.OK);
    }

    /** The redirect was refused before any account changed: a forged, used or expired state, or a malformed request. */
    static CallbackOutcome refused(OAuthFlow flow, UUID accountId, String message) {
        return new CallbackOutcome(flow, Result.REFUSED, accountId, message, null, HttpStatus.BAD_REQUEST);
    }

    /** The account's flow failed and the account is now in ERROR with {@code message}. */
    static CallbackOutcome failed(OAuthFlow flow, UUID accountId, String message, String amazonSaid, HttpStatus status) {
        return new CallbackOutcome(flow, Result.FAILED, accountId, message, shortened(amazonSaid), status);
    }

    boolean connected() {
        return result == Result.CONNECTED;
    }

    /** At most 300 characters of someone else's words, without control characters. */
    static String shortened(String text) {
        return ProviderHttp.quoted(text);
    }
}
