package io.tether.api.global;

/** Whether a global integration holds credentials, and whether the service last refused them. */
public enum GlobalIntegrationStatus {
    CONNECTED,
    DISCONNECTED,
    /** The service refused the stored credentials when they were last checked; the error message says why. */
    ERROR
}
