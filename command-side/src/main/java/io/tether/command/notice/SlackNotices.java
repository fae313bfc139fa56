package io.tether.command.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.command.notice.NoticeOutbox.Attempt;
import io.tether.command.notice.NoticeOutbox.Claimed;
import io.tether.command.oauth.FrontendProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The Slack notice channel: a short human message per notice, posted with {@code chat.postMessage}
 * under the bot token of the organization's connected Slack integration (or to its incoming-webhook URL), with a link to the resource
 * in the frontend when {@code tether.frontend.origin} is set. Slack answers 200 with {@code "ok": false}
 * for a refusal (a channel the bot is not in, a revoked token): that is a failed attempt, retried as any.
 */
@Component
class SlackNotices {

    /** The origin of every Slack incoming-webhook URL. */
    static final String SLACK_HOOKS = "https://hooks.slack.com";

    private final SlackCredentials credentials;
    private final NoticeTargets targets;
    private final NoticeProperties properties;
    private final FrontendProperties frontend;
    private final ObjectMapper json;

    SlackNotices(SlackCredentials credentials, NoticeTargets targets, NoticeProperties properties, FrontendProperties frontend,
                 ObjectMapper json) {
        this.credentials = credentials;
        this.targets = targets;
        this.properties = properties;
        this.frontend = frontend;
        this.json = json;
    }

    Attempt send(HttpClient http, Claimed claimed, Instant at, long started) throws IOException, InterruptedException {
        if (WebhookEndpoints.SlackTarget.INCOMING_WEBHOOK.equals(claimed.slackDelivery())) {
            return sendToIncomingWebhook(http, claimed, at, started);
        }
        Optional<String> botToken = credentials.botToken(claimed.organizationId(), claimed.slackIntegrationId());
        if (botToken.isEmpty()) {
            return new Attempt(at, null, NoticeDelivery.elapsedMillis(started), null,
                    "Slack integration " + claimed.slackIntegrationId() + " is not connected");
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", claimed.slackChannel());
        message.put("text", text(json.readTree(claimed.body())));
        message.put("unfurl_links", false);
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.slackApiBase() + "/chat.postMessage"))
                .timeout(properties.readTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + botToken.get())
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(message), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String answer = response.body() == null ? "" : response.body();
        String head = answer.substring(0, Math.min(answer.length(), 1024));
        JsonNode parsed = answer.startsWith("{") ? json.readTree(answer) : null;
        boolean ok = parsed != null && parsed.path("ok").asBoolean(false);
        return new Attempt(at, response.statusCode(), NoticeDelivery.elapsedMillis(started), head,
                ok || response.statusCode() / 100 != 2 ? null : "Slack refused: " + (parsed == null ? "not JSON" : parsed.path("error").asText()));
    }

    /**
     * The same message, POSTed as {@code {"text": …}} to the integration's incoming-webhook URL, which Slack
     * answers 200 {@code ok}, or 4xx with its reason ({@code no_service}, {@code channel_is_archived} as 410,
     * which disables the endpoint). The URL is a credential: it must be Slack's ({@value #SLACK_HOOKS}), whose
     * path is sent to {@code tether.notices.slack-incoming-webhook-base} after the same target checks as any
     * endpoint's; neither it nor a connection error's message (which may name it) is recorded.
     */
    private Attempt sendToIncomingWebhook(HttpClient http, Claimed claimed, Instant at, long started) throws InterruptedException {
        Optional<String> url = credentials.incomingWebhookUrl(claimed.organizationId(), claimed.slackIntegrationId());
        if (url.isEmpty()) {
            return new Attempt(at, null, NoticeDelivery.elapsedMillis(started), null, "Slack integration "
                    + claimed.slackIntegrationId() + " is not connected, or holds no " + SlackCredentials.INCOMING_WEBHOOK_URL);
        }
        if (!url.get().startsWith(SLACK_HOOKS + "/")) {
            return new Attempt(at, null, NoticeDelivery.elapsedMillis(started), null,
                    "target refused: the incoming-webhook URL is not on " + SLACK_HOOKS);
        }
        String target = properties.slackIncomingWebhookBase() + url.get().substring(SLACK_HOOKS.length());
        Optional<String> refusal = targets.refusal(target);
        if (refusal.isPresent()) {
            return new Attempt(at, null, NoticeDelivery.elapsedMillis(started), null, "target refused: the URL " + refusal.get());
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(target))
                    .timeout(properties.readTimeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                            Map.of("text", text(json.readTree(claimed.body())))), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String answer = response.body() == null ? "" : response.body();
            return new Attempt(at, response.statusCode(), NoticeDelivery.elapsedMillis(started),
                    answer.substring(0, Math.min(answer.length(), 1024)), null);
        } catch (IOException | IllegalArgumentException e) {
            return new Attempt(at, null, NoticeDelivery.elapsedMillis(started), null,
                    "the incoming webhook could not be reached: " + e.getClass().getSimpleName());
        }
    }

    /** One line: what happened to which resource, its status and error, and a link to it. */
    String text(JsonNode notice) {
        JsonNode data = notice.path("data");
        String resourceType = data.path("resource_type").asText();
        JsonNode resource = data.path(resourceType);
        String name = switch (resourceType) {
            case "account" -> resource.path("account_name").asText() + " (" + resource.path("integration_type").asText() + ", "
                    + resource.path("region").asText() + ")";
            case "global_integration" -> resource.path("display_name").asText(resource.path("service_name").asText());
            default -> resource.path("url").asText();
        };
        StringBuilder text = new StringBuilder("*").append(notice.path("type").asText()).append("*: ").append(escaped(name));
        if (data.hasNonNull("webhook")) {
            text.append(": ").append(escaped(data.path("webhook").path("event_type").asText("a delivery"))).append(" from ")
                    .append(escaped(data.path("webhook").path("provider").asText()));
        } else if (resource.hasNonNull("status")) {
            text.append(" is ").append(resource.path("status").asText());
        }
        if (data.hasNonNull("token_refresh")) {
            text.append("; the token refresh failed: ").append(escaped(data.path("token_refresh").path("reason").asText()));
        }
        if (resource.hasNonNull("error_message")) {
            text.append(": ").append(escaped(resource.path("error_message").asText()));
        }
        if (resource.hasNonNull("disabled_reason")) {
            text.append(" disabled: ").append(escaped(resource.path("disabled_reason").asText()));
        }
        if (frontend.origin() != null && resourceType.equals("account")) {
            text.append(" <").append(frontend.origin()).append("/integrations/accounts/").append(data.path("resource_id").asText())
                    .append("|Open the account>");
        }
        return text.toString();
    }

    /** Slack's mrkdwn reserves these three. */
    private static String escaped(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
