package io.tether.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tether's HTTP API on 127.0.0.1, with bearer tokens the bench signs itself (HS256, as Tether verifies).
 * <p>
 * Requests go out on a blocking HTTP/1.1 connection from the JDK's keep-alive cache ({@link HttpURLConnection}), sent
 * and read by the calling client's own thread: the bench shares the machine's CPUs with Tether, and the JDK's
 * asynchronous {@link HttpClient} hands each exchange to its selector thread and back through an executor, which cost
 * the bench twice the CPU per request and added its thread switches to every measured latency (docs/benchmarks.md,
 * twenty-fifth session). The asynchronous client stays for the one answer read as a stream ({@link #stream}).
 */
final class Api {

    /** Sets how the JDK's connections behave; called first in {@code main}, before any connection is opened. */
    static void configureConnections() {
        // The keep-alive cache keeps 5 idle connections per server by default; every client of a row keeps its own.
        System.setProperty("http.maxConnections", "256");
        // A POST is never sent twice: by default the JDK sends it again when a kept-alive connection turns out closed.
        System.setProperty("sun.net.http.retryPost", "false");
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLES = "[\"admin\",\"auditor\",\"platform_admin\"]";
    /** Internal workers' role: the one that reads credentials. */
    static final String SERVICE_ROLES = "[\"service\"]";

    private final HttpClient http;
    private final String base;
    private final byte[] secret;

    Api(int port, String secret) {
        this("http://127.0.0.1:" + port, secret);
    }

    /** Another service's HTTP API at this base URL (the peer's, whose bearer token is its secret key). */
    Api(String base, String secret) {
        this.base = base.replaceAll("/+$", "");
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newCachedThreadPool(runnable -> {
                    Thread thread = new Thread(runnable, "bench-http");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
    }

    /** A token for one organization, valid for two hours (longer than any run). */
    String token(UUID organization) {
        return token(organization, ROLES);
    }

    /** A token for one organization with these roles (a JSON array). */
    String token(UUID organization, String roles) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String claims = "{\"sub\":\"bench\",\"org_id\":\"" + organization + "\",\"roles\":" + roles
                + ",\"iat\":" + now + ",\"exp\":" + (now + 7200) + "}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return unsigned + "." + base64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** One answer, with its headers by name and how long the round trip took. */
    record Answer(int status, String body, UnaryOperator<String> headers, long nanos) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (HTTP " + status + "): " + shortBody());
            }
        }

        String header(String name) {
            return headers.apply(name);
        }

        Answer expect(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + ": HTTP " + status + " " + shortBody());
            }
            return this;
        }

        String shortBody() {
            return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
        }
    }

    Answer get(String path, String token) throws IOException {
        return send("GET", path, token, null, null, null);
    }

    Answer get(String path, String token, String header, String value) throws IOException {
        return send("GET", path, token, header, value, null);
    }

    /** A POST with this JSON body, or with none when it is null. */
    Answer post(String path, String token, String json) throws IOException {
        return send("POST", path, token, null, null, json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
    }

    Answer delete(String path, String token) throws IOException {
        return send("DELETE", path, token, null, null, null);
    }

    /** Replays the projection ({@code POST /admin/projections/{name}/replay}), polls it until it has caught up, answers its status. */
    JsonNode replay(String projection, String token, Duration limit) throws IOException, InterruptedException {
        long started = System.nanoTime();
        post("/admin/projections/" + projection + "/replay", token, null).expect(202, "replay");
        JsonNode status;
        do {
            Thread.sleep(20);
            status = get("/admin/projections/" + projection, token).expect(200, "projection").json();
            if (System.nanoTime() - started > limit.toNanos()) {
                throw new IllegalStateException("the replay of " + projection + " did not catch up within " + limit + ": " + status);
            }
        } while (!status.path("caught_up").asBoolean(false));
        return status;
    }

    /** An answer read to its end as it streamed in, without being kept: its status, its size and how long it took. */
    record Streamed(int status, long bytes, long nanos) {
    }

    Streamed stream(String path, String token) throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request(path, token).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                bytes += read;
            }
        }
        return new Streamed(response.statusCode(), bytes, System.nanoTime() - started);
    }

    /**
     * One exchange on a kept-alive connection, redirects not followed (an answer is measured as Tether gives it); the
     * answer is read to its end, so that the connection goes back to the cache for the next request.
     */
    private Answer send(String method, String path, String token, String header, String value, byte[] body)
            throws IOException {
        long started = System.nanoTime();
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(60_000);
        if (token != null) {
            connection.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (header != null) {
            connection.setRequestProperty(header, value);
        }
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        String text = "";
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in != null) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new Answer(status, text, connection::getHeaderField, System.nanoTime() - started);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }
}
