package io.tether.command.notice;

import java.time.Instant;
import java.util.UUID;

/**
 * One notice as it is delivered: its stable id (the {@code webhook-id}, the same on every retry and to
 * every endpoint), its type, whose it is and its JSON body, which never holds a secret.
 *
 * @param organizationId null only for a notice about a platform-wide endpoint
 * @param resourceId the account, global integration or endpoint the notice is about
 */
record Notice(String id, NoticeType type, UUID organizationId, UUID resourceId, Instant occurredAt, String body) {

    /** The id of the notice of that type that an event (or other occurrence) causes: the same whenever it is computed again. */
    static String idOf(String occurrenceId, NoticeType type) {
        return "msg_" + UUID.nameUUIDFromBytes((occurrenceId + "/" + type.wireName()).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }
}
