package io.tether.command.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The one HTTP client of the providers, with the connect and read timeouts of {@link ProviderProperties}
 * and no redirects followed. What it sends and receives is never logged: both carry secrets.
 */
@Component
public class ProviderHttp {

    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final int MAX_QUOTED = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient http;

    ProviderHttp(ProviderProperties properties) {
        this.http = restClient(properties.connectTimeout(), properties.readTimeout());
    }

    /** A client with these timeouts that follows no redirect: what every call to a provider is made with. */
    public static RestClient restClient(Duration connectTimeout, Duration readTimeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
        requests.setReadTimeout(readTimeout);
        return RestClient.builder().requestFactory(requests).build();
    }

    public RestClient client() {
        return http;
    }

    /**
     * Sends the request and answers the provider's status and JSON body (missing when it has none). A provider
     * that cannot be reached, does not answer in time, fails (5xx) or limits the rate (429) is unavailable.
     */
    public Answer send(String provider, RestClient.RequestHeadersSpec<?> request) {
        Answer answer;
        try {
            answer = request.exchange((sent, response) ->
                    new Answer(response.getStatusCode().value(), json(response.getBody())), true);
        } catch (ResourceAccessException e) {
            Throwable cause = e.getMostSpecificCause();
            throw new ProviderUnavailableException(provider + " could not be reached or did not answer in time ("
                    + cause.getClass().getSimpleName() + ")", e);
        }
        if (answer.status() == 429 || answer.status() >= 500) {
            throw new ProviderUnavailableException(provider + " answered HTTP " + answer.status());
        }
        return answer;
    }

    /** At most 300 characters of a provider's own words, without control characters; null for none. */
    public static String quoted(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() <= MAX_QUOTED ? clean : clean.substring(0, MAX_QUOTED) + "…";
    }

    /** The body as JSON, read up to 64 KiB; a missing node when it is empty or not JSON. */
    public static JsonNode json(InputStream body) {
        try (body) {
            byte[] bytes = body.readNBytes(MAX_RESPONSE_BYTES);
            return bytes.length == 0 ? JSON.missingNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** A provider's answer: its HTTP status and its JSON body (a missing node when it was empty or not JSON). */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** A refusal that names nobody's secret: the status and, where the body has it, the provider's words. */
        public String said(String... fields) {
            for (String field : fields) {
                JsonNode value = body.findPath(field);
                if (value.isTextual() && !value.asText().isBlank()) {
                    return "HTTP " + status + ": " + quoted(value.asText());
                }
            }
            return "HTTP " + status;
        }
    }
}
