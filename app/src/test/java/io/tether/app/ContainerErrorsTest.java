package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Requests the servlet container refuses before Spring sees them (and one the security firewall refuses), written by
 * hand on a socket because HTTP clients refuse to send them: each is answered as every other error, an
 * {@code application/problem+json} with the request id and the API's security headers.
 */
class ContainerErrorsTest extends EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    FilterChainProxy securityFilterChain;

    @Autowired
    HttpFirewall firewall;

    @Test
    void anEncodedSlashInThePath_isA400Problem() throws IOException {
        assertProblem(send("GET /integrations/accounts/a%2Fb HTTP/1.1"), 400, "bad_request");
    }

    @Test
    void anEncodedNulInThePath_isA400Problem() throws IOException {
        assertProblem(send("GET /integrations/accounts/a%00b HTTP/1.1"), 400, "bad_request");
    }

    @Test
    void bracketsUnencodedInTheQuery_areA400Problem() throws IOException {
        assertProblem(send("GET /integrations/accounts?a[]=1 HTTP/1.1"), 400, "bad_request");
    }

    /** Tomcat's HTTP/1.1 parser has no 414: a request line over its header limit is a bad request. */
    @Test
    void aRequestLineOverTheLimit_isA400Problem() throws IOException {
        assertProblem(send("GET /integrations/accounts?q=" + "x".repeat(64 * 1024) + " HTTP/1.1"), 400, "bad_request");
    }

    @Test
    void headersOverTheLimit_areA431Or400Problem() throws IOException {
        Raw response = send("GET /integrations/accounts HTTP/1.1", "X-Padding: " + "y".repeat(64 * 1024));
        assertThat(response.status()).isIn(400, 431);
        assertProblem(response, response.status(), response.status() == 431 ? "request_header_fields_too_large" : "bad_request");
    }

    @Test
    void trace_isA405Problem() throws IOException {
        assertProblem(send("TRACE /integrations/accounts HTTP/1.1"), 405, "method_not_allowed");
    }

    @Test
    void anUnknownMethod_isA501Problem() throws IOException {
        assertProblem(send("BREW /integrations/accounts HTTP/1.1"), 501, "not_implemented");
    }

    @Test
    void anUnknownTransferEncoding_isA501Problem() throws IOException {
        assertProblem(send("POST /integrations/accounts HTTP/1.1", "Transfer-Encoding: gzip2", "Content-Type: application/json"),
                501, "not_implemented");
    }

    /**
     * Spring Security's firewall (Tether's header checks, {@code HeaderCharacters}) refuses a header with a control
     * character once the request's headers are read, here for its JSON body: nothing of the request is written.
     */
    @Test
    void aHeaderWithAControlCharacter_isA400Problem_andNothingIsCreated() throws IOException {
        UUID organization = UUID.randomUUID();
        String[] headers = {"Authorization: Bearer " + Tokens.forOrganization(organization), "Content-Type: application/json"};

        Raw refused = sendWithBody("POST /integrations/accounts HTTP/1.1", adsAccount("Firewalled"), with(headers, "X-Note: a\u0085b"));
        Raw created = sendWithBody("POST /integrations/accounts HTTP/1.1", adsAccount("Let through"), with(headers, "X-Note: caf\u00e9"));

        assertProblem(refused, 400, "bad_request");
        assertThat(refused.body()).as("the firewall's message quotes the value").doesNotContain("a\u0085b", "rejected because");
        assertThat(created.status()).as("an accented letter passes: %s", created.text()).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM account_names WHERE organization_id = ?", Long.class,
                organization)).as("only the account let through").isEqualTo(1L);
    }

    /**
     * The firewall whose header checks the test above goes through is Tether's bean, not a default one Spring Security
     * would build beside it (its rules are the defaults', {@code HeaderCharactersTest}: no request would tell). The
     * filter chain bean is Spring Security's composite, which hands its firewall to the chain it built and holds in a
     * field of its own (its inherited one stays unused): an upgrade that changes either field fails here, to be looked at.
     */
    @Test
    void theSecurityFilterChain_usesTethersFirewall() {
        Object built = ReflectionTestUtils.getField(securityFilterChain, "springSecurityFilterChain");

        assertThat(built).isInstanceOf(FilterChainProxy.class);
        assertThat(ReflectionTestUtils.getField(built, "firewall")).isSameAs(firewall);
    }

    private static String[] with(String[] headers, String header) {
        String[] all = Arrays.copyOf(headers, headers.length + 1);
        all[headers.length] = header;
        return all;
    }

    @Test
    void theErrorPath_isA404Problem() throws IOException {
        assertProblem(send("GET /error HTTP/1.1"), 404, "not_found");
    }

    @Test
    void aCallersRequestId_isEchoed_onAContainerRefusal() throws IOException {
        Raw response = send("GET /integrations/accounts/a%2Fb HTTP/1.1", "X-Request-Id: container-refusal-1");

        assertProblem(response, 400, "bad_request");
        assertThat(response.header("X-Request-Id")).isEqualTo("container-refusal-1");
    }

    private static void assertProblem(Raw response, int status, String code) throws IOException {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.text()).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Tomcat", "Exception", "<html");
        assertThat(response.header("X-Request-Id")).as(response.text()).isNotBlank();
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    /** One request, written as given, with a Host header and Connection: close; the whole answer read back. */
    private Raw send(String requestLine, String... headers) throws IOException {
        return sendWithBody(requestLine, "", headers);
    }

    /** The same with a body (its length sent), each character one byte (ISO-8859-1, as HTTP/1.1's obsolete text). */
    private Raw sendWithBody(String requestLine, String body, String... headers) throws IOException {
        URI root = URI.create(http.getRootUri());
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(requestLine).append("\r\n")
                    .append("Host: ").append(root.getHost()).append("\r\n")
                    .append("Connection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            if (!body.isEmpty()) {
                request.append("Content-Length: ").append(body.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n");
            }
            request.append("\r\n").append(body);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return Raw.parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                all.write(buffer, 0, read);
            }
        } catch (java.net.SocketException reset) {
            // The server closes a refused connection, sometimes before reading all a request: keep what came.
        }
        return all.toByteArray();
    }

    record Raw(int status, Map<String, String> headers, String body, String text) {

        static Raw parse(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a whole response: " + text).isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = unchunked(body);
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, body, text);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        private static String unchunked(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }
    }
}
