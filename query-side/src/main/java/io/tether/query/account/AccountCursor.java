package io.tether.query.account;

import static io.tether.api.problem.ProblemCode.INVALID_CURSOR;

import io.tether.api.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Where a page of accounts ended: opaque to clients, it is the last row's creation time and id. */
record AccountCursor(Instant createdAt, UUID id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ProblemException {@code INVALID_CURSOR} when the cursor is not one this service handed out */
    static AccountCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 2) {
                throw INVALID_CURSOR.exception("The cursor is not one this service handed out; pass next_cursor of the previous page unchanged").withError("cursor", "is not a cursor this service handed out");
            }
            return new AccountCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw INVALID_CURSOR.exception("The cursor is not one this service handed out; pass next_cursor of the previous page unchanged").withError("cursor", "is not a cursor this service handed out");
        }
    }
}
