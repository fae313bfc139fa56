package io.tether.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A notice endpoint on 127.0.0.1: answers every delivery 204 and notes when each notice of a type first reached it,
 * by the resource it names, for the notice-latency row.
 */
final class NoticeReceiver implements AutoCloseable {

    private final HttpServer server;
    private final String type;
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();

    NoticeReceiver(String type) throws IOException {
        this.type = type;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "bench-notices");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/notices", exchange -> {
            long arrived = System.nanoTime();
            try (InputStream body = exchange.getRequestBody()) {
                JsonNode notice = Api.JSON.readTree(body);
                deliveries.incrementAndGet();
                if (type.equals(notice.path("type").asText())) {
                    arrivals.putIfAbsent(notice.path("data").path("resource_id").asText(), arrived);
                }
            } catch (IOException e) {
                // a body that is not JSON is still answered
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/notices";
    }

    /** When (System.nanoTime) the resource's notice of this receiver's type first arrived, or null. */
    Long arrivalOf(String resourceId) {
        return arrivals.get(resourceId);
    }

    long deliveries() {
        return deliveries.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
