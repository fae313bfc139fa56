package io.tether.web.connect;

import io.tether.infrastructure.RandomBytes;
import io.tether.infrastructure.web.EndUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Connect sessions in PostgreSQL: a new one answers its token once and keeps only the token's SHA-256; opening
 * one with its token works once, before it expires.
 */
@Component
class ConnectSessions {

    /** 256 bits, base64url: 43 characters. */
    private static final int TOKEN_BYTES = 32;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final JdbcClient jdbc;
    private final ConnectProperties properties;
    private final Clock clock;

    ConnectSessions(JdbcClient jdbc, ConnectProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** A new session, and its token: the only time the token exists outside the caller's hands. */
    Created create(ConnectSession session) {
        byte[] bytes = RandomBytes.next(TOKEN_BYTES);
        String token = BASE64URL.encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.sessionLifetime());
        jdbc.sql("""
                        INSERT INTO connect_sessions (token_hash, organization_id, created_by, integrations, end_user_id,
                            end_user_display_name, origin, created_at, expires_at)
                        VALUES (:hash, :organization, :createdBy, :integrations, :endUserId, :endUserName, :origin,
                            :createdAt, :expiresAt)""")
                .param("hash", hashOf(token))
                .param("organization", session.organizationId())
                .param("createdBy", session.createdBy())
                .param("integrations", String.join(",", session.integrations()))
                .param("endUserId", session.endUser() == null ? null : session.endUser().id())
                .param("endUserName", session.endUser() == null ? null : session.endUser().displayName())
                .param("origin", session.origin())
                .param("createdAt", Timestamp.from(now))
                .param("expiresAt", Timestamp.from(expiresAt))
                .update();
        return new Created(token, expiresAt);
    }

    /** Uses the token up, or says why it opens nothing: never issued (or malformed), already used, or expired. */
    @Transactional
    Opening open(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Opening.refused(Refusal.UNKNOWN);
        }
        String hash = hashOf(token);
        Optional<Stored> stored = jdbc.sql("""
                        SELECT organization_id, created_by, integrations, end_user_id, end_user_display_name, origin,
                            expires_at, opened_at
                        FROM connect_sessions WHERE token_hash = ? FOR UPDATE""")
                .param(hash)
                .query((row, index) -> new Stored(new ConnectSession(
                        row.getObject("organization_id", UUID.class),
                        row.getString("created_by"),
                        Arrays.asList(row.getString("integrations").split(",")),
                        row.getString("end_user_id") == null ? null
                                : new EndUser(row.getString("end_user_id"), row.getString("end_user_display_name")),
                        row.getString("origin")),
                        row.getTimestamp("expires_at").toInstant(),
                        row.getTimestamp("opened_at") != null))
                .optional();
        if (stored.isEmpty()) {
            return Opening.refused(Refusal.UNKNOWN);
        }
        if (stored.get().opened()) {
            return Opening.refused(Refusal.USED);
        }
        Instant now = clock.instant();
        if (!now.isBefore(stored.get().expiresAt())) {
            return Opening.refused(Refusal.EXPIRED);
        }
        jdbc.sql("UPDATE connect_sessions SET opened_at = ? WHERE token_hash = ?")
                .param(Timestamp.from(now))
                .param(hash)
                .update();
        return new Opening(stored.get().session(), null);
    }

    static String hashOf(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    record Created(String token, Instant expiresAt) {

        @Override
        public String toString() {
            return "Created[token=<redacted>, expiresAt=" + expiresAt + "]";
        }
    }

    /** Why a token opens nothing. */
    enum Refusal { UNKNOWN, USED, EXPIRED }

    /** The opened session, or why there is none. */
    record Opening(ConnectSession session, Refusal refusal) {

        static Opening refused(Refusal refusal) {
            return new Opening(null, refusal);
        }
    }

    private record Stored(ConnectSession session, Instant expiresAt, boolean opened) {
    }
}
