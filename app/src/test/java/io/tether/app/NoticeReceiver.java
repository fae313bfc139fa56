package io.tether.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A platform receiving notices, on loopback: it records every request (headers and raw body) as it
 * arrives and answers with the status its test chooses, 200 unless told otherwise, and a short body
 * naming it. It answers requests side by side; those its test holds wait until released.
 */
final class NoticeReceiver implements AutoCloseable {

    /** One request as it arrived. */
    record Received(HttpHeaders headers, String body, int answeredWith) {

        String id() {
            return headers.firstValue("webhook-id").orElseThrow();
        }

        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String type() {
            return json().get("type").asText();
        }

        boolean delivered() {
            return answeredWith >= 200 && answeredWith < 300;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile IntSupplier status = () -> 200;
    private volatile Predicate<String> held = body -> false;
    private final CountDownLatch released = new CountDownLatch(1);

    NoticeReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int answer = status.getAsInt();
            HttpHeaders headers = HttpHeaders.of(Map.copyOf(exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(header -> header.getKey().toLowerCase(Locale.ROOT),
                            Map.Entry::getValue))), (name, value) -> true);
            synchronized (received) {
                received.add(new Received(headers, body, answer));
            }
            requests.incrementAndGet();
            if (held.test(body)) {
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answerBody = ("answer " + answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, answerBody.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answerBody);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "notice-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/notices";
    }

    void answerWith(IntSupplier status) {
        this.status = status;
    }

    /** Requests whose body matches get no answer until {@link #release()}. */
    void holdWhile(Predicate<String> body) {
        this.held = body;
    }

    void release() {
        released.countDown();
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    List<Received> delivered() {
        return received().stream().filter(Received::delivered).toList();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
