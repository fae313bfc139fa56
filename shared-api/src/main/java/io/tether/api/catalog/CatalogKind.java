package io.tether.api.catalog;

/** What an organization connects: a marketplace account, or a service its tools use (Slack, Jira, …). */
public enum CatalogKind {
    /** An integration account; its slug names an {@link io.tether.api.account.IntegrationType}. */
    ACCOUNT,
    /** A global integration; its slug is the service name. */
    SERVICE
}
