package io.tether.command.notice;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every notice type an endpoint can subscribe to, as it is named on the wire. Each type is produced by
 * one handler of {@link NoticeProjection} (or, for {@link #ENDPOINT_DISABLED}, by the delivery).
 */
public enum NoticeType {

    ACCOUNT_CREATED("account.created"),
    ACCOUNT_CONNECTED("account.connected"),
    ACCOUNT_DISCONNECTED("account.disconnected"),
    /** A worker found the account failing; the view carries the error message. */
    ACCOUNT_ERROR("account.error"),
    /** Connected again after an error. */
    ACCOUNT_RECOVERED("account.recovered"),
    ACCOUNT_DELETED("account.deleted"),
    OAUTH_COMPLETED("oauth.completed"),
    OAUTH_FAILED("oauth.failed"),
    OAUTH_EXPIRED("oauth.expired"),
    /** The provider accepted the account's stored credentials ("test connection" or the periodic check). */
    CREDENTIALS_VERIFIED("credentials.verified"),
    /** The provider refused them: the account is in ERROR with the provider's reason. */
    CREDENTIALS_REJECTED("credentials.rejected"),
    /** A refresh of the account's access token failed; {@code token_refresh} says why and whether it is tried again. */
    TOKEN_REFRESH_FAILED("token.refresh_failed"),
    GLOBAL_INTEGRATION_CREATED("global_integration.created"),
    GLOBAL_INTEGRATION_CONNECTED("global_integration.connected"),
    GLOBAL_INTEGRATION_DISCONNECTED("global_integration.disconnected"),
    GLOBAL_INTEGRATION_ENABLED("global_integration.enabled"),
    GLOBAL_INTEGRATION_DISABLED("global_integration.disabled"),
    GLOBAL_INTEGRATION_DELETED("global_integration.deleted"),
    GLOBAL_INTEGRATION_CREDENTIALS_VERIFIED("global_integration.credentials_verified"),
    /** The service refused the stored credentials: the integration is in ERROR with the reason. */
    GLOBAL_INTEGRATION_CREDENTIALS_REJECTED("global_integration.credentials_rejected"),
    /** Its credentials accepted again after an error. */
    GLOBAL_INTEGRATION_RECOVERED("global_integration.recovered"),
    /** A provider's delivery to a global integration passed its checks: handed on with its body while that is kept. */
    WEBHOOK_RECEIVED("webhook.received"),
    /** An endpoint was disabled (410 Gone, or failing too long): told to the organization's other endpoints. */
    ENDPOINT_DISABLED("endpoint.disabled");

    private final String wireName;

    NoticeType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<NoticeType> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
