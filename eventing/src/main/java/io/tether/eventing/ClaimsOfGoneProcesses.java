package io.tether.eventing;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At start, before the processors do, the segment claims left by a process of this host that no longer exists are
 * given up, so that this node takes those segments at once instead of after {@code tether.processors.claim-timeout}.
 * Axon's token store names a claim's owner after its JVM, {@code pid@host}; a node restarted on the same host after a
 * crash (killed, out of memory) has a new process id and would otherwise find its own old claims held by what looks
 * like a live node: ready, with nobody processing those read models until the claims time out.
 * <p>
 * Only a claim whose host is this node's and whose process this node can see is gone is given up. Another host's
 * claims, a live process's and owners named otherwise time out as before. That needs the nodes of one host to see each
 * other's processes: true of processes on one machine, not of containers given one host name (which Axon's owner
 * names already cannot tell apart) or of other users' processes behind {@code /proc}'s {@code hidepid}; there set
 * {@code tether.processors.release-claims-of-gone-processes} to {@code false}.
 */
@Component
class ClaimsOfGoneProcesses implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ClaimsOfGoneProcesses.class);

    private final JdbcClient jdbc;
    private final boolean enabled;
    private final String self;
    private final LongPredicate alive;

    @Autowired
    ClaimsOfGoneProcesses(JdbcClient jdbc, ProcessorProperties properties) {
        // the owner name Axon's JDBC token store gives this node's claims by default
        this(jdbc, properties.releaseClaimsOfGoneProcesses(), ManagementFactory.getRuntimeMXBean().getName(),
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    ClaimsOfGoneProcesses(JdbcClient jdbc, boolean enabled, String self, LongPredicate alive) {
        this.jdbc = jdbc;
        this.enabled = enabled;
        this.self = self;
        this.alive = alive;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (enabled) {
            release();
        }
    }

    /** Gives up the claims of this host's gone processes; answers the owners whose claims it gave up. */
    List<String> release() {
        Optional<Owner> me = Owner.of(self);
        if (me.isEmpty()) {
            return List.of(); // a node id of another form: nothing to compare with
        }
        List<String> gone = jdbc.sql("SELECT DISTINCT owner FROM token_entry WHERE owner IS NOT NULL").query(String.class)
                .list().stream()
                .filter(owner -> Owner.of(owner).filter(other -> other.host().equals(me.get().host())
                        && other.pid() != me.get().pid() && !alive.test(other.pid())).isPresent())
                .toList();
        for (String owner : gone) {
            int segments = jdbc.sql("UPDATE token_entry SET owner = NULL WHERE owner = ?").param(owner).update();
            log.info("Gave up {} segment claim(s) of {}, a process of this host that no longer exists", segments, owner);
        }
        return gone;
    }

    /** An owner named {@code pid@host}, as a HotSpot JVM names itself. */
    record Owner(long pid, String host) {

        static Optional<Owner> of(String name) {
            int at = name.indexOf('@');
            if (at < 1 || at == name.length() - 1) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Owner(Long.parseLong(name.substring(0, at)), name.substring(at + 1)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
