package io.tether.query;

import io.tether.query.account.InvalidCursorException;
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

    /** @throws InvalidCursorException when the cursor is not one this service handed out */
    public static PageCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return switch (parts.length) {
                case 1 -> afterRow(UUID.fromString(parts[0]));
                case 2 -> new PageCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
                default -> throw new InvalidCursorException();
            };
        } catch (RuntimeException e) {
            throw new InvalidCursorException();
        }
    }
}
