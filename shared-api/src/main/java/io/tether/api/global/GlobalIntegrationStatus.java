package io.tether.api.global;

/** Whether a global integration holds credentials. */
public enum GlobalIntegrationStatus {
    CONNECTED,
    DISCONNECTED
}
