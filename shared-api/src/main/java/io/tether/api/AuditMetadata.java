package io.tether.api;

/**
 * The metadata keys every command, and every event it causes, carries: who acted, for which
 * organization, and from where. Axon adds its own {@code correlationId} and {@code traceId}.
 */
public final class AuditMetadata {

    /** The token's {@code sub}: the person or service that acted. */
    public static final String ACTOR = "actor";
    public static final String ORGANIZATION_ID = "organization_id";
    /** The actor's roles, comma-separated, as the token gave them. */
    public static final String ROLES = "roles";
    public static final String REQUEST_ID = "request_id";
    public static final String CLIENT_IP = "client_ip";
    public static final String USER_AGENT = "user_agent";
    /**
     * The end user a hosted connect page acted for, as the platform that opened its connect session named them
     * (the actor is then the subject that opened the session).
     */
    public static final String END_USER_ID = "end_user_id";
    public static final String END_USER_NAME = "end_user_name";
    /** The simple name of the command that caused the event. */
    public static final String COMMAND = "command";

    private AuditMetadata() {
    }

    public static String[] keys() {
        return new String[] {ACTOR, ORGANIZATION_ID, ROLES, REQUEST_ID, CLIENT_IP, USER_AGENT, COMMAND, END_USER_ID,
                END_USER_NAME};
    }
}
