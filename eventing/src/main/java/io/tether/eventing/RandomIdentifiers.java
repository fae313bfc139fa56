package io.tether.eventing;

import io.tether.infrastructure.RandomUuids;
import org.axonframework.common.IdentifierFactory;

/**
 * The identifiers of Axon's messages (every command, event and unit of work), drawn as {@link RandomUuids} draws
 * them, from a generator per thread. Axon's default draws {@code UUID.randomUUID()} from the JVM's one
 * {@code NativePRNG}, behind one lock that every request's messages queued for. Axon finds this class through Java's
 * service loader ({@code META-INF/services/org.axonframework.common.IdentifierFactory}), once, when it first needs an
 * identifier; so it is public, with a public constructor.
 */
public final class RandomIdentifiers extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return RandomUuids.next().toString();
    }
}
