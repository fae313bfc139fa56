package io.tether.web.connect;

import io.tether.infrastructure.web.EndUser;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * An opened connect session, kept in the page's session: the organization, the catalog slugs the page offers, the
 * end user it acts for (or null) and the origin it reports to. No secret.
 */
record ConnectSession(UUID organizationId, String createdBy, List<String> integrations, EndUser endUser, String origin)
        implements Serializable {

    static final String SESSION_ATTRIBUTE = "tether.connect-session";

    ConnectSession {
        integrations = List.copyOf(integrations);
    }

    boolean offers(String slug) {
        return integrations.contains(slug);
    }
}
