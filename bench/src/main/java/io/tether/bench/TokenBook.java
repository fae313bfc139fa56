package io.tether.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The token refresh row's record of every access token a stand-in issued (Login with Amazon's, Walmart's), by lineage
 * (an Ads account's refresh token, a Walmart account's client ID), and the lifetimes it gives them. A lineage's first
 * token is parked (it lasts longer than the row) unless placements are open: then it expires at its place in the
 * window, so that the row's accounts all expire within it whenever they were seeded. Every later token of a lineage is
 * a refresh and lasts the compressed lifetime. The stand-ins' answers give {@code expires_in} in whole seconds, and the
 * record keeps exactly the expiry that answer means from the moment it was sent.
 */
final class TokenBook {

    /** One issued token; {@code placed} marks a row account's first token. */
    record Token(String value, String lineage, Instant issuedAt, Instant expiresAt, boolean placed) {
    }

    /** What the stand-in answers: the token and its {@code expires_in}. */
    record Issued(String accessToken, long expiresInSeconds) {
    }

    private static final Duration PARKED = Duration.ofHours(3);

    private final Duration lifetime;
    private final Map<String, List<Token>> lineages = new ConcurrentHashMap<>();
    private final Map<String, Token> byValue = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicInteger placedSoFar = new AtomicInteger();
    private volatile List<Instant> places = List.of();

    /** Refreshed tokens last {@code lifetime} (the compressed one). */
    TokenBook(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /**
     * From now on, the next {@code count} first tokens expire at random moments (uniform, in random order) in
     * {@code [start, start + window)}; later first tokens are parked again.
     */
    void openPlacements(int count, Instant start, Duration window, long seed) {
        Random random = new Random(seed);
        List<Instant> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chosen.add(start.plusNanos((long) (random.nextDouble() * window.toNanos())));
        }
        placedSoFar.set(0);
        places = List.copyOf(chosen);
    }

    void closePlacements() {
        places = List.of();
    }

    /** A new lineage's first token (an Ads code exchange) or the next one of a known lineage (a refresh, Walmart's exchange). */
    Issued issue(String lineage) {
        Instant now = Instant.now();
        List<Token> tokens = lineages.computeIfAbsent(lineage, key -> Collections.synchronizedList(new ArrayList<>()));
        synchronized (tokens) {
            boolean first = tokens.isEmpty();
            long seconds;
            boolean placed = false;
            List<Instant> open = places;
            int place = first && !open.isEmpty() ? placedSoFar.getAndIncrement() : -1;
            if (place >= 0 && place < open.size()) {
                // whole seconds, rounded up: never earlier than its place (at least one second)
                seconds = Math.max(1, (Duration.between(now, open.get(place)).toMillis() + 999) / 1000);
                placed = true;
            } else {
                seconds = (first ? PARKED : lifetime).toSeconds();
            }
            String value = "Atza|bench-" + issued.incrementAndGet();
            Token token = new Token(value, lineage, now, now.plusSeconds(seconds), placed);
            tokens.add(token);
            byValue.put(value, token);
            return new Issued(value, seconds);
        }
    }

    /** How long a refreshed token lasts, in seconds. */
    long lifetimeSeconds() {
        return lifetime.toSeconds();
    }

    /** The token a stand-in issued under this value, or null when none did. */
    Token lookUp(String value) {
        return value == null ? null : byValue.get(value);
    }

    /** The lineage's tokens in the order they were issued; none for a lineage that has none yet. */
    List<Token> tokensOf(String lineage) {
        List<Token> tokens = lineages.get(lineage);
        if (tokens == null) {
            return List.of();
        }
        synchronized (tokens) {
            return List.copyOf(tokens);
        }
    }
}
