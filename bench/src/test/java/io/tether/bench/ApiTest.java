package io.tether.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's blocking client against a JDK HTTP server on 127.0.0.1 that records what it was sent. */
class ApiTest {

    private record Received(String method, String path, String authorization, String contentType, String body,
                            int clientPort) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private Api api;

    @BeforeAll
    static void connections() {
        Api.configureConnections();
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        api = new Api(server.getAddress().getPort(), "a-test-secret-of-at-least-32-bytes!");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
                body, exchange.getRemoteAddress().getPort()));
        String path = exchange.getRequestURI().getPath();
        int status = path.startsWith("/moved") ? 302 : path.startsWith("/missing") ? 404 : 200;
        if (status == 302) {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
        }
        exchange.getResponseHeaders().add("X-Position", "42");
        byte[] answer = ("{\"path\":\"" + path + "\",\"body\":" + (body.isEmpty() ? "null" : body) + "}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Test
    void postsJsonWithTheBearerTokenAndReadsTheAnswerAndItsHeaders() throws Exception {
        String token = api.token(UUID.randomUUID());

        Api.Answer answer = api.post("/integrations/accounts", token, "{\"purpose\":\"bench sync\"}").expect(200, "post");

        assertThat(answer.json().path("body").path("purpose").asText()).isEqualTo("bench sync");
        assertThat(answer.header("X-Position")).isEqualTo("42");
        assertThat(answer.nanos()).isPositive();
        Received post = received.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.authorization()).isEqualTo("Bearer " + token);
        assertThat(post.contentType()).isEqualTo("application/json");
    }

    @Test
    void aPostWithoutBodySendsAnEmptyOne() throws Exception {
        api.post("/admin/projections/accounts/replay", null, null).expect(200, "post");

        assertThat(received.get(0).method()).isEqualTo("POST");
        assertThat(received.get(0).body()).isEmpty();
        assertThat(received.get(0).authorization()).isNull();
    }

    @Test
    void anErrorAnswerIsReadWithItsBody() throws Exception {
        Api.Answer answer = api.get("/missing/account", "token");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).contains("/missing/account");
    }

    @Test
    void aRedirectIsAnsweredAsTetherGaveItNotFollowed() throws Exception {
        Api.Answer answer = api.get("/moved", "token");

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("Location")).isEqualTo("/elsewhere");
        assertThat(received).extracting(Received::path).containsExactly("/moved");
    }

    @Test
    void oneClientsRequestsGoOutOnOneKeptAliveConnection() throws Exception {
        for (int i = 0; i < 5; i++) {
            api.get("/integrations/accounts/" + i, "token").expect(200, "get");
            api.post("/integrations/accounts/" + i + "/credentials", "token", "{\"purpose\":\"sync\"}").expect(200, "post");
        }

        assertThat(received).hasSize(10);
        assertThat(received).extracting(Received::clientPort).containsOnly(received.get(0).clientPort());
    }
}
