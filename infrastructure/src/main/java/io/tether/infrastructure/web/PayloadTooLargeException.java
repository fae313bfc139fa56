package io.tether.infrastructure.web;

import java.io.IOException;

/** A request body grew past the limit while it was read (a chunked body announces no length). */
class PayloadTooLargeException extends IOException {

    private final long limit;

    PayloadTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
