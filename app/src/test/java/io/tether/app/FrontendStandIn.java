package io.tether.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for Tether's frontend: one page on localhost that opens the OAuth callback in a popup, as
 * the real frontend opens Amazon's sign-in, and records every message that reaches it (with its origin)
 * in {@code window.received}. Its origin is the one Tether is configured to post to.
 */
final class FrontendStandIn {

    private static final String OPENER_PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Tether frontend stand-in</title></head>
            <body>
            <button id="connect" type="button">Connect Amazon</button>
            <script>
              window.received = [];
              window.addEventListener('message', function (event) {
                window.received.push({origin: event.origin, data: event.data});
              });
              document.getElementById('connect').addEventListener('click', function () {
                window.popup = window.open(window.callbackUrl, 'tether-oauth', 'popup,width=520,height=640');
              });
            </script>
            </body>
            </html>
            """;

    private final HttpServer server;

    private FrontendStandIn(HttpServer server) {
        this.server = server;
    }

    static FrontendStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] page = OPENER_PAGE.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(page);
                }
            });
            server.start();
            return new FrontendStandIn(server);
        } catch (IOException e) {
            throw new UncheckedIOException("The frontend stand-in could not start", e);
        }
    }

    /** As a browser names it: {@code http://localhost:<port>}. */
    String origin() {
        return "http://localhost:" + server.getAddress().getPort();
    }
}
