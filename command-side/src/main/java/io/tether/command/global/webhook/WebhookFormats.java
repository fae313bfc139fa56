package io.tether.command.global.webhook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The webhook format of each catalog service, by slug. A service without a scheme of its own (the
 * {@code generic} service, and any entry added later until it has one) reads Standard Webhooks.
 */
@Component
public class WebhookFormats {

    static final String GENERIC = "generic";

    private final Map<String, WebhookFormat> bySlug;
    private final Set<String> headers;

    public WebhookFormats() {
        this(List.of(new SlackWebhooks(), new GitHubWebhooks(), new ClickUpWebhooks(), new LinearWebhooks(),
                new JiraWebhooks(), new StandardWebhooks(GENERIC)));
    }

    WebhookFormats(List<WebhookFormat> formats) {
        Map<String, WebhookFormat> formatsBySlug = new LinkedHashMap<>();
        Set<String> allHeaders = new TreeSet<>();
        for (WebhookFormat format : formats) {
            if (formatsBySlug.putIfAbsent(format.service(), format) != null) {
                throw new IllegalStateException("Two webhook formats for " + format.service());
            }
            allHeaders.addAll(format.headers());
        }
        this.bySlug = Collections.unmodifiableMap(formatsBySlug);
        this.headers = Collections.unmodifiableSet(allHeaders);
    }

    /** The format of the service's webhooks: its own, or Standard Webhooks. */
    public WebhookFormat of(String serviceSlug) {
        WebhookFormat format = bySlug.get(serviceSlug);
        return format != null ? format : new StandardWebhooks(serviceSlug);
    }

    /** Every header some format reads, in lower case: all the endpoint passes on of a delivery's headers. */
    public Set<String> headers() {
        return headers;
    }
}
