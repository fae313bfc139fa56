package io.tether.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** Login with Amazon's token endpoint, as far as the OAuth completion needs it: every code is good. */
final class LwaStandIn implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final AtomicLong issued = new AtomicLong();

    LwaStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/auth/o2/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            long n = issued.incrementAndGet();
            byte[] body = ("{\"access_token\":\"Atza|bench-access-" + n + "\",\"refresh_token\":\"Atzr|bench-refresh-" + n
                    + "\",\"token_type\":\"bearer\",\"expires_in\":3600}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    String tokenEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/auth/o2/token";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
