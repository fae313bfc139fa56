package io.tether.query.global;

import static io.tether.api.problem.ProblemCode.INVALID_CURSOR;

import io.tether.api.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of global integrations ended: opaque to clients, it is the last row's id. The row's
 * creation time is looked up from it; deleted rows stay as tombstones, so the lookup always finds it.
 */
record GlobalIntegrationCursor(UUID lastId) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ProblemException {@code INVALID_CURSOR} when the cursor is not one this service handed out */
    static GlobalIntegrationCursor decode(String cursor) {
        try {
            return new GlobalIntegrationCursor(UUID.fromString(
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw INVALID_CURSOR.exception("The cursor is not one this service handed out; pass next_cursor of the previous page unchanged").withError("cursor", "is not a cursor this service handed out");
        }
    }
}
