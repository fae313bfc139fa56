package io.tether.query;

import static io.tether.api.problem.ProblemCode.INVALID_CURSOR;

import io.tether.api.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of a {@link Listing} ended, opaque to clients: the last row's creation time and id
 * ({@code <created_at>|<id>}), or its id alone, base64url-encoded without padding. A cursor with the id
 * alone is continued from the row it names, whose creation time is looked up (deleted rows stay as
 * tombstones, so the lookup finds it). The accounts listing hands out the first form and the global
 * integrations listing the second, as each always has: cursors already handed out stay valid.
 *
 * @param createdAt the last row's creation time, or {@code null} for a cursor that names the row alone
 */
public record PageCursor(Instant createdAt, UUID id) {

    /** A cursor that names the last row alone. */
    public static PageCursor afterRow(UUID id) {
        return new PageCursor(null, id);
    }

    public String encode() {
        String text = createdAt == null ? id.toString() : createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ProblemException {@code INVALID_CURSOR} when the cursor is not one this service handed out */
    public static PageCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return switch (parts.length) {
                case 1 -> afterRow(UUID.fromString(parts[0]));
                case 2 -> new PageCursor(storable(Instant.parse(parts[0])), UUID.fromString(parts[1]));
                default -> throw notHandedOut();
            };
        } catch (RuntimeException e) {
            throw notHandedOut();
        }
    }

    private static Instant storable(Instant instant) {
        if (!StorableInstants.storable(instant)) {
            throw notHandedOut(); // forged: no row was created then
        }
        return instant;
    }

    private static ProblemException notHandedOut() {
        return INVALID_CURSOR.exception("The cursor is not one this service handed out; pass next_cursor of the previous page unchanged")
                .withError("cursor", "is not a cursor this service handed out");
    }
}
