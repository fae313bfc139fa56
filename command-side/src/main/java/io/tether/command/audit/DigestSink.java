package io.tether.command.audit;

import io.tether.infrastructure.audit.DigestKey;
import java.io.IOException;

/** Somewhere outside the event store that keeps each digest: a directory, an HTTP endpoint. */
interface DigestSink {

    /** The sink's name in {@code audit_digest_deliveries}, the metric and the health details. */
    String name();

    /** Keeps digest {@code number}, signed with {@code key}; idempotent, since a failed delivery is repeated. */
    void deliver(long number, byte[] document, DigestKey key) throws IOException;
}
