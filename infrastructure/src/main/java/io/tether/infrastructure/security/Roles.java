package io.tether.infrastructure.security;

/** The roles a token's {@code roles} claim can give, and what each may do. */
public final class Roles {

    /** Reads the organization's accounts and integrations. */
    public static final String VIEWER = "viewer";
    /** Creates, connects, disconnects and deletes; runs OAuth flows; rotates keys. */
    public static final String ADMIN = "admin";
    /** Reads the audit trail, and nothing else changes through it. */
    public static final String AUDITOR = "auditor";
    /** Internal workers: read credentials, report failures. */
    public static final String SERVICE = "service";
    /** The platform itself: tools' requirements, every organization's read models and chains. */
    public static final String PLATFORM_ADMIN = "platform_admin";

    /** Scrapes the Prometheus endpoint, and nothing else. */
    public static final String METRICS = "metrics";

    /** Who may read an organization's accounts and integrations. */
    public static final String[] READERS = {VIEWER, ADMIN, AUDITOR, SERVICE};

    /**
     * Who may read what is the same for every organization (the catalog, the tools): any user or worker
     * of the platform, but not a metrics scraper or a token without a role.
     */
    public static final String[] MEMBERS = {VIEWER, ADMIN, AUDITOR, SERVICE, PLATFORM_ADMIN};

    private Roles() {
    }
}
