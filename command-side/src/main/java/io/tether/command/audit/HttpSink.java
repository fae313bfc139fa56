package io.tether.command.audit;

import io.tether.infrastructure.audit.DigestKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An HTTP endpoint that receives each digest as the body of a POST (for a WORM bucket or a transparency log);
 * the digest names its signing key and holds the public key. Any 2xx is a delivery; anything else is tried
 * again, the same digest, until it is.
 */
final class HttpSink implements DigestSink {

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    HttpSink(URI endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void deliver(long number, byte[] document, DigestKey key) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Tether-Digest-Number", Long.toString(number))
                .header("Tether-Digest-Key", key.keyId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(document))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(endpoint + " answered " + response.statusCode() + " to digest " + number);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while delivering digest " + number, e);
        }
    }
}
