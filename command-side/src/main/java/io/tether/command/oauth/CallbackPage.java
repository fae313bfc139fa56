package io.tether.command.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.oauth.OAuthFlow;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The small page that answers the provider's redirect (Amazon's, Slack's) in the popup. Its one script carries a nonce that changes
 * with every response, and the Content-Security-Policy allows nothing else (no {@code unsafe-inline}).
 * Every value is escaped for where it stands: HTML text, or JSON inside a non-executable script element
 * that the script reads. It posts {@code {type, status, account_id}} (Amazon's flows) or
 * {@code {type, status, integration_id}} (Slack's install), never a token, to the frontend's origin only; without an opener (Amazon's pages may sever it) it posts on a BroadcastChannel of its own
 * origin instead, and the page itself says what happened. Then it closes.
 */
@Component
class CallbackPage {

    static final String CHANNEL = "tether-oauth";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TEMPLATE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>%1$s</title>
            <style nonce="%2$s">
            body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; line-height: 1.5; }
            .provider { color: #57606a; }
            </style>
            </head>
            <body>
            <h1>%1$s</h1>
            <p id="message">%3$s</p>
            %4$s<p id="closing" hidden>This window closes by itself; if it stays open, you can close it.</p>
            <script type="application/json" id="oauth-result">%5$s</script>
            <script nonce="%2$s">
            (function () {
              var result = JSON.parse(document.getElementById('oauth-result').textContent);
              var delivered = false;
              if (result.target_origin && window.opener && !window.opener.closed) {
                try {
                  window.opener.postMessage(result.message, result.target_origin);
                  delivered = true;
                } catch (ignored) {
                  delivered = false;
                }
              }
              if (!delivered && typeof BroadcastChannel === 'function') {
                try {
                  var channel = new BroadcastChannel(result.channel);
                  channel.postMessage(result.message);
                  channel.close();
                } catch (ignored) {
                }
              }
              document.getElementById('closing').hidden = false;
              window.setTimeout(function () { window.close(); }, delivered ? 100 : 2000);
            })();
            </script>
            </body>
            </html>
            """;

    private final FrontendProperties frontend;
    private final OAuthRandom random;

    CallbackPage(FrontendProperties frontend, OAuthRandom random) {
        this.frontend = frontend;
        this.random = random;
    }

    ResponseEntity<String> render(CallbackOutcome outcome) {
        String nonce = random.newNonce();
        String app = switch (outcome.flow()) {
            case ADS -> "Amazon Ads";
            case SP_API -> "Amazon Selling Partner";
            case SLACK -> "Slack";
        };
        String title = app + (outcome.connected() ? " connected" : " connection failed");
        String provider = outcome.flow() == OAuthFlow.SLACK ? "Slack" : "Amazon";
        String providerSaid = outcome.providerSaid() == null ? ""
                : "<p class=\"provider\" id=\"provider-said\">" + provider + " said: " + html(outcome.providerSaid())
                        + "</p>\n";
        String body = TEMPLATE.formatted(html(title), nonce, html(outcome.message()), providerSaid,
                scriptSafeJson(result(outcome)));
        return ResponseEntity.status(outcome.httpStatus())
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; "
                        + "style-src 'nonce-" + nonce + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .body(body);
    }

    private Map<String, Object> result(CallbackOutcome outcome) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", switch (outcome.flow()) {
            case ADS -> "tether:amazon-ads-oauth";
            case SP_API -> "tether:amazon-sp-api-oauth";
            case SLACK -> "tether:slack-oauth";
        });
        message.put("status", outcome.connected() ? "success" : "error");
        message.put(outcome.flow() == OAuthFlow.SLACK ? "integration_id" : "account_id",
                outcome.subjectId() == null ? null : outcome.subjectId().toString());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message", message);
        result.put("target_origin", frontend.origin());
        result.put("channel", CHANNEL);
        return result;
    }

    private static String html(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    /** JSON that cannot end the script element or open markup: {@code <}, {@code >} and {@code &} as unicode escapes. */
    private static String scriptSafeJson(Object value) {
        try {
            return JSON.writeValueAsString(value)
                    .replace("<", "\\u003c")
                    .replace(">", "\\u003e")
                    .replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028")
                    .replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The callback result could not be written as JSON", e);
        }
    }
}
