package io.tether.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Login with Amazon's token endpoint, as far as the OAuth completion needs it: every code is good. For the token
 * refresh row ({@link #issueFrom}) it answers after a fixed delay, takes the tokens' lifetimes from a {@link TokenBook}
 * that records each one, and also answers the Amazon Ads API's profile list (where Tether points its Ads hosts in that
 * row), so that the accounts' details are fetched as they would be from Amazon.
 */
final class LwaStandIn implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(64);
    private final AtomicLong issued = new AtomicLong();
    private volatile TokenBook book;
    private volatile Duration delay = Duration.ZERO;

    LwaStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/auth/o2/token", exchange -> {
            Map<String, String> form = form(exchange.getRequestBody().readAllBytes());
            // the provider's own time to answer, before it issues the token (whose lifetime starts then)
            Load.sleepNanos(delay.toNanos());
            long n = issued.incrementAndGet();
            TokenBook tokens = book;
            String body;
            if (tokens == null) {
                body = "{\"access_token\":\"Atza|bench-access-" + n + "\",\"refresh_token\":\"Atzr|bench-refresh-" + n
                        + "\",\"token_type\":\"bearer\",\"expires_in\":3600}";
            } else {
                // A code starts a lineage under a refresh token named after it; a refresh continues the one it names.
                String refreshToken = "refresh_token".equals(form.get("grant_type")) ? form.get("refresh_token")
                        : refreshTokenOf(form.get("code"));
                TokenBook.Issued token = tokens.issue(refreshToken);
                body = "{\"access_token\":\"" + token.accessToken() + "\",\"refresh_token\":\"" + refreshToken
                        + "\",\"token_type\":\"bearer\",\"expires_in\":" + token.expiresInSeconds() + "}";
            }
            answer(exchange, body);
        });
        server.createContext("/v2/profiles", exchange -> {
            Load.sleepNanos(delay.toNanos());
            answer(exchange, "[{\"profileId\":\"123456\",\"countryCode\":\"DE\",\"currencyCode\":\"EUR\","
                    + "\"accountInfo\":{\"name\":\"bench\",\"type\":\"seller\"}}]");
        });
        server.setExecutor(executor);
        server.start();
    }

    /** From now on every token answer waits {@code delay} first and is issued from, and recorded in, the book. */
    void issueFrom(TokenBook book, Duration delay) {
        this.delay = delay;
        this.book = book;
    }

    /** The refresh token (the lineage) that the exchange of this code starts, in the token refresh row. */
    static String refreshTokenOf(String code) {
        return "Atzr|bench-refresh-" + code;
    }

    String tokenEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/auth/o2/token";
    }

    /** Where the Amazon Ads API's profile list is answered. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
