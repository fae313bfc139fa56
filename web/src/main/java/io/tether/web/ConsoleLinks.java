package io.tether.web;

import io.tether.command.account.OAuthSecrets;
import io.tether.infrastructure.RandomBytes;
import io.tether.infrastructure.security.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The console's one-time sign-in links, in the {@code console_links} table: 256 random bits, kept only as their
 * SHA-256 hash (as OAuth states are), each opening one session for the caller that minted it, once, before its
 * deadline. Links long past their deadline are deleted by {@link ExpiredPageRows}.
 */
@Repository
public class ConsoleLinks {

    /** Where a link signs a browser in: {@code /console/enter?link=…}. */
    public static final String ENTER = "/console/enter";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ConsoleProperties properties;

    ConsoleLinks(JdbcClient jdbc, Clock clock, ConsoleProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** A new link for the caller: 43 base64url characters, shown once; the table keeps its hash. */
    @Transactional
    public MintedLink mint(Caller caller) {
        byte[] bytes = RandomBytes.next(32);
        String link = BASE64URL.encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.linkTtl());
        jdbc.sql("INSERT INTO console_links (link_hash, subject, organization_id, roles, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(OAuthSecrets.hashOfState(link), caller.subject(), caller.organizationId(),
                        String.join(",", caller.roles()), Timestamp.from(expiresAt))
                .update();
        return new MintedLink(link, expiresAt);
    }

    /** Uses the link once: the caller it was minted for, or why it opens nothing. */
    @Transactional
    Redeemed redeem(String link) {
        if (link == null || link.isBlank()) {
            return new Redeemed(null, Refusal.FORGED);
        }
        String hash = OAuthSecrets.hashOfState(link);
        Optional<Row> found = jdbc.sql("SELECT subject, organization_id, roles, expires_at, used_at FROM console_links"
                        + " WHERE link_hash = ? FOR UPDATE")
                .param(hash)
                .query((row, index) -> new Row(new Caller(row.getString("subject"),
                        row.getObject("organization_id", UUID.class),
                        new LinkedHashSet<>(Arrays.stream(row.getString("roles").split(",")).filter(role -> !role.isBlank()).toList())),
                        row.getTimestamp("expires_at").toInstant(), row.getTimestamp("used_at") != null))
                .optional();
        if (found.isEmpty()) {
            return new Redeemed(null, Refusal.FORGED);
        }
        Row row = found.get();
        if (row.used()) {
            return new Redeemed(null, Refusal.USED);
        }
        Instant now = clock.instant();
        if (!now.isBefore(row.expiresAt())) {
            return new Redeemed(null, Refusal.EXPIRED);
        }
        jdbc.sql("UPDATE console_links SET used_at = ? WHERE link_hash = ?").params(Timestamp.from(now), hash).update();
        return new Redeemed(row.caller(), null);
    }

    public record MintedLink(String link, Instant expiresAt) {

        @Override
        public String toString() {
            return "MintedLink[link=<redacted>, expiresAt=" + expiresAt + "]";
        }
    }

    /** Either a caller, or the reason the link opens nothing. */
    record Redeemed(Caller caller, Refusal refusal) {
    }

    enum Refusal { FORGED, USED, EXPIRED }

    private record Row(Caller caller, Instant expiresAt, boolean used) {
    }
}
