package io.tether.api.problem;

/**
 * Every refusal Tether answers, each with its HTTP status, the stable {@code code} clients switch on
 * and a title. The constant is the named domain exception of the style guide: an aggregate or a
 * handler refuses with {@code throw ACCOUNT_DELETED.exception("Account " + id + " was deleted")},
 * a fixture test expects that constant, and adding an error is adding one constant here.
 *
 * <p>Several constants may share a wire code (a deleted account is not found to a client, as one
 * that never existed); the constant keeps the distinction for the code and its tests. A constant
 * with a fixed detail answers that sentence whatever the exception says (its message, which may
 * name what failed inside, goes to the log only).
 */
public enum ProblemCode {

    // Input the framework or a record's own checks refuse.
    VALIDATION_FAILED(400, "validation_failed", "Invalid fields"),
    INVALID_PARAMETER(400, "invalid_parameter", "Invalid parameter"),
    UNKNOWN_FIELD(400, "unknown_field", "Unknown field"),
    MALFORMED_BODY(400, "malformed_body", "Malformed body"),
    /** A request the security firewall or the servlet container refused before any endpoint (a {@code ;} in the path). */
    REQUEST_REJECTED(400, "bad_request", "Bad Request"),
    /** A body that is not JSON, or a {@code Content-Type} with a wildcard ({@code application/*}), which names no format. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported media type"),
    JSON_TOO_COMPLEX(400, "json_too_complex", "JSON too complex"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "Payload too large"),
    UNAUTHENTICATED(401, "unauthenticated", "Unauthenticated"),
    /** The identity provider's keys that a token needs cannot be fetched now; it carries a {@code Retry-After}. */
    IDENTITY_PROVIDER_UNAVAILABLE(503, "identity_provider_unavailable", "Identity provider unavailable"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    RATE_LIMITED(429, "rate_limited", "Too many requests"),
    CONCURRENT_MODIFICATION(409, "concurrent_modification", "Concurrent modification"),
    DATABASE_UNAVAILABLE(503, "database_unavailable", "Database unavailable", 5,
            "The database cannot be reached right now. Try again shortly."),
    INTERNAL_ERROR(500, "internal_error", "Internal error", null,
            "Something went wrong on our side; the request id in the response headers helps us find out what."),

    // Accounts.
    ACCOUNT_NOT_FOUND(404, "account_not_found", "Account not found"),
    /** The account was deleted: it accepts no further command, and to a client it is not found. */
    ACCOUNT_DELETED(404, "account_not_found", "Account not found"),
    ACCOUNT_NAME_TAKEN(409, "account_name_taken", "Account name taken"),
    /** The command is not allowed in the account's current status; the problem says {@code status_now}. */
    ILLEGAL_ACCOUNT_STATE(422, "illegal_account_state", "Illegal account state"),
    /** The account's fields contradict each other, e.g. a Walmart region for an Amazon account. */
    INCONSISTENT_ACCOUNT(400, "validation_failed", "Invalid fields", null, "The request has invalid fields."),
    /** The OAuth flow asked for does not authorize this kind of account. */
    OAUTH_FLOW_MISMATCH(422, "oauth_flow_mismatch", "OAuth flow mismatch"),
    /** The account's access token expired and refreshing it failed just now. */
    ACCESS_TOKEN_REFRESH_FAILED(503, "access_token_refresh_failed", "Access token refresh failed", 30, null),
    /** Amazon's redirect brought a state that is not the account's pending flow's (forged, replaced, or expired and cleared). */
    OAUTH_STATE_UNKNOWN(409, "oauth_state_rejected", "OAuth state rejected"),
    OAUTH_STATE_ALREADY_USED(409, "oauth_state_rejected", "OAuth state rejected"),
    OAUTH_STATE_EXPIRED(409, "oauth_state_rejected", "OAuth state rejected"),
    /** A token refresh started from credentials that are no longer the account's: recording it would bring old ones back. */
    CREDENTIALS_CHANGED(409, "credentials_changed", "Credentials changed"),
    /**
     * The provider (Amazon, Walmart, Slack, …) could not be reached, failed or did not answer in time while
     * checking credentials: nothing was recorded, the status is unchanged; try again later.
     */
    PROVIDER_UNAVAILABLE(503, "provider_unavailable", "Provider unavailable", 30, null),
    /** The provider refused the credentials a connect brought: nothing was stored. */
    CREDENTIALS_REJECTED(422, "credentials_rejected", "Credentials rejected"),
    CREDENTIALS_ALREADY_SHREDDED(409, "credentials_already_shredded", "Credentials already shredded"),

    // Credentials and their keys.
    /** The owner's key was destroyed: the credentials it sealed can never be opened again. */
    CREDENTIALS_SHREDDED(410, "credentials_shredded", "Credentials shredded"),
    /** The key store (Vault, or the keyring's database) cannot be reached, is sealed, or refused the request. */
    CREDENTIAL_STORE_UNAVAILABLE(503, "credential_store_unavailable", "Credential store unavailable", 30,
            "Credentials cannot be sealed or opened right now; nothing was changed. Try again later."),
    /** Vault's policies for Tether's token do not grant the path and capability it used (a 403): an operator must act. */
    CREDENTIAL_STORE_PERMISSION_DENIED(500, "credential_store_permission_denied", "Credential store permission denied"),
    /** No transit engine is mounted at the configured path (in the namespace): an operator must act. */
    CREDENTIAL_STORE_MOUNT_NOT_FOUND(500, "credential_store_mount_not_found", "Credential store mount not found"),
    /** Vault refused Tether's AppRole login: an expired, used up or wrong secret id, or a wrong role id. */
    CREDENTIAL_STORE_LOGIN_REFUSED(500, "credential_store_login_refused", "Credential store login refused"),
    /** Vault keeps a key whose deletion is not allowed, and Tether could not allow it. */
    CREDENTIAL_STORE_KEY_NOT_DELETABLE(500, "credential_store_key_not_deletable", "Credential store key not deletable"),
    /** A ciphertext that cannot be opened: altered, sealed for another owner, or by an unknown key. */
    CREDENTIALS_UNREADABLE(409, "credentials_unreadable", "Credentials unreadable", null,
            "The stored credentials cannot be opened; connect the account again."),
    /** Credentials or config that do not match the schema of their catalog entry; the errors name each field. */
    INVALID_SHAPE(400, "validation_failed", "Invalid fields"),

    // OAuth sign-in.
    /** An OAuth flow was asked for whose app settings are not all in the environment. */
    OAUTH_NOT_CONFIGURED(503, "oauth_not_configured", "OAuth not configured"),

    /** Offboarding without the organization's own id in {@code confirm_organization_id}: nothing is deleted. */
    OFFBOARDING_NOT_CONFIRMED(400, "offboarding_not_confirmed", "Offboarding not confirmed"),

    // Global integrations and their webhooks.
    GLOBAL_INTEGRATION_NOT_FOUND(404, "global_integration_not_found", "Global integration not found"),
    GLOBAL_INTEGRATION_TAKEN(409, "global_integration_exists", "Global integration exists"),
    /** The service name is not a service of the catalog; the problem lists {@code known_services}. */
    UNKNOWN_SERVICE(400, "unknown_service", "Unknown service"),
    /** A {@code service_name} filter that names no service of the catalog, and so could never match. */
    UNKNOWN_SERVICE_FILTER(400, "invalid_parameter", "Invalid parameter"),
    INVALID_GLOBAL_INTEGRATION(400, "validation_failed", "Invalid fields", null, "The request has invalid fields."),
    /** The command is not allowed in the integration's current state, e.g. shredding a live integration's key. */
    ILLEGAL_GLOBAL_INTEGRATION_STATE(422, "illegal_global_integration_state", "Illegal global integration state"),
    GLOBAL_INTEGRATION_ALREADY_SHREDDED(409, "global_integration_already_shredded", "Global integration already shredded"),
    INTEGRATION_DISABLED(403, "integration_disabled", "Integration disabled"),
    INVALID_WEBHOOK_SIGNATURE(401, "invalid_signature", "Invalid signature"),
    STALE_WEBHOOK(409, "stale_delivery", "Stale delivery"),
    REPLAYED_WEBHOOK(409, "replayed_delivery", "Replayed delivery"),
    WEBHOOK_BODY_TOO_LARGE(413, "payload_too_large", "Payload too large"),
    /** A well-signed delivery without the delivery id its provider always sends, or with one no provider sends. */
    MALFORMED_WEBHOOK(400, "validation_failed", "Invalid fields"),
    WEBHOOK_DELIVERY_NOT_FOUND(404, "webhook_delivery_not_found", "Webhook delivery not found"),
    /** The delivery was accepted, but its body was kept for a bounded time only, and that time is over. */
    WEBHOOK_BODY_EXPIRED(410, "webhook_body_expired", "Webhook body expired"),

    // Tools.
    /** Required integrations that are not catalog slugs; the problem lists {@code known_integrations}. */
    UNKNOWN_INTEGRATION(400, "unknown_integration", "Unknown integration"),
    REPEATED_REQUIREMENT(400, "validation_failed", "Invalid fields"),
    TOOL_NOT_FOUND(404, "tool_not_found", "Tool not found"),

    // Outbound notices.
    WEBHOOK_ENDPOINT_NOT_FOUND(404, "webhook_endpoint_not_found", "Webhook endpoint not found"),
    /** A URL that is not https, or that names a private, loopback or link-local address; unknown notice types. */
    INVALID_WEBHOOK_ENDPOINT(400, "validation_failed", "Invalid fields", null, "The request has invalid fields."),
    NOTICE_DELIVERY_NOT_FOUND(404, "notice_delivery_not_found", "Notice delivery not found"),

    // Connect sessions.
    /** An origin that is not https (nor an allowed frontend origin or loopback), an end user without an id. */
    INVALID_CONNECT_SESSION(400, "validation_failed", "Invalid fields", null, "The request has invalid fields."),

    // Reads and administration.
    INVALID_CURSOR(400, "invalid_parameter", "Invalid parameter"),
    /** No history of that aggregate in the caller's organization. */
    AGGREGATE_NOT_FOUND(404, "not_found", "Not found"),
    PROJECTION_NOT_FOUND(404, "projection_not_found", "Projection not found"),
    PROJECTION_NOT_REPLAYABLE(409, "projection_not_replayable", "Projection not replayable"),
    /** A replay resets every segment's token, which only works while no other node holds a claim on one. */
    PROJECTION_CLAIMED_ELSEWHERE(409, "projection_claimed_elsewhere", "Projection claimed elsewhere");

    private final int status;
    private final String code;
    private final String title;
    private final Integer retryAfterSeconds;
    private final String fixedDetail;

    ProblemCode(int status, String code, String title) {
        this(status, code, title, null, null);
    }

    ProblemCode(int status, String code, String title, Integer retryAfterSeconds, String fixedDetail) {
        this.status = status;
        this.code = code;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
        this.fixedDetail = fixedDetail;
    }

    /** The refusal, to throw: {@code throw ACCOUNT_DELETED.exception("Account " + id + " was deleted")}. */
    public ProblemException exception(String detail) {
        return new ProblemException(this, detail, null);
    }

    public ProblemException exception(String detail, Throwable cause) {
        return new ProblemException(this, detail, cause);
    }

    /** The refusal of one field: {@code throw INCONSISTENT_ACCOUNT.fieldException("region", "is not a region of EU")}. */
    public ProblemException fieldException(String field, String message) {
        return exception(field + " " + message).withError(field, message);
    }

    public int status() {
        return status;
    }

    /** The stable code in the response body and in the problem type {@code urn:tether:problem:<code>}. */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** The {@code Retry-After} every such problem carries, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds == null ? null : retryAfterSeconds.longValue();
    }

    /** The detail every such problem answers, or null when the exception's message is the detail. */
    public String fixedDetail() {
        return fixedDetail;
    }
}
