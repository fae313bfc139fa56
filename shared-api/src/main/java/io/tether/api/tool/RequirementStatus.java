package io.tether.api.tool;

/** Where an organization stands on one required integration, best candidate first. */
public enum RequirementStatus {
    /** Satisfied: a connected account, or an enabled and connected global integration. */
    CONNECTED,
    /** An account whose OAuth flow has started and not completed. */
    CONNECTING,
    /** An account that was connected and then failed, or a global integration whose credentials the service refused. */
    ERROR,
    /** A global integration that is connected but disabled. */
    DISABLED,
    /** An account or global integration without credentials. */
    DISCONNECTED,
    /** Nothing of that kind yet. */
    MISSING
}
