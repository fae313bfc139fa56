package io.tether.command.notice;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An offboarded organization's notice endpoints go with its data: each endpoint, its pending and past
 * deliveries and their attempts (the outbox rows cascade with it). The deletion stays in the endpoints'
 * history; platform-wide endpoints are no organization's and stay.
 */
@Component
public class NoticeOffboarding {

    private final WebhookEndpoints endpoints;
    private final Clock clock;

    NoticeOffboarding(WebhookEndpoints endpoints, Clock clock) {
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /** @return the ids of the endpoints deleted */
    @Transactional
    public List<UUID> deleteEndpointsOf(UUID organizationId, String actor) {
        Instant now = clock.instant();
        List<UUID> deleted = endpoints.deleteAllOf(organizationId);
        deleted.forEach(id -> endpoints.recordChange(id, organizationId, "deleted: the organization was offboarded", actor, now));
        return deleted;
    }
}
