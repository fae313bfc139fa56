package io.tether.app;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * HTTP as a browser without a page does it, for flows across two origins (Tether and an OpenID provider): cookies
 * kept per origin, redirects followed one at a time so that a test can stop before any of them.
 */
final class CookieJarClient {

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Map<String, String>> cookies = new HashMap<>();

    HttpResponse<String> get(String url) {
        return send(request(URI.create(url)).GET().build());
    }

    HttpResponse<String> postForm(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Follows the redirects from this answer to the first answer that is not one. */
    HttpResponse<String> follow(HttpResponse<String> response) {
        return followUntil(response, next -> false);
    }

    /** Follows the redirects from this answer, stopping at the first that would go to an address the test wants. */
    HttpResponse<String> followUntil(HttpResponse<String> response, Predicate<URI> stopBefore) {
        HttpResponse<String> current = response;
        for (int hops = 0; isRedirect(current) && !stopBefore.test(location(current)); hops++) {
            if (hops == 20) {
                throw new IllegalStateException("More than 20 redirects from " + response.uri());
            }
            current = get(location(current).toString());
        }
        return current;
    }

    static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() / 100 == 3 && response.headers().firstValue("Location").isPresent();
    }

    static URI location(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html");
        Map<String, String> sent = cookies.getOrDefault(origin(uri), Map.of());
        if (!sent.isEmpty()) {
            request.header("Cookie", sent.entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue()).collect(Collectors.joining("; ")));
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Map<String, String> jar = cookies.computeIfAbsent(origin(request.uri()), origin -> new LinkedHashMap<>());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('=')).strip();
                if (setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                    jar.remove(name);
                } else {
                    jar.put(name, pair.substring(pair.indexOf('=') + 1).strip());
                }
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String origin(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
