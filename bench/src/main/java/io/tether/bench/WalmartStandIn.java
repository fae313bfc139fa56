package io.tether.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Walmart's token service ({@code POST /v3/token}, client credentials in Basic auth) for the token refresh row: after a
 * fixed delay, a token from the {@link TokenBook}, whose lineage is the client ID. Every client ID and secret is good.
 */
final class WalmartStandIn implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(64);

    WalmartStandIn(TokenBook book, Duration delay) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/v3/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String basic = authorization == null || !authorization.startsWith("Basic ") ? ":"
                    : new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
            Load.sleepNanos(delay.toNanos());
            TokenBook.Issued token = book.issue(basic.substring(0, basic.indexOf(':')));
            LwaStandIn.answer(exchange, "{\"access_token\":\"" + token.accessToken()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":" + token.expiresInSeconds() + "}");
        });
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
