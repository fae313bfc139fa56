package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.OAUTH_NOT_CONFIGURED;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tether's Slack app, which a Slack global integration installs in its workspace through Slack's OAuth v2:
 * {@code SLACK_CLIENT_ID}, {@code SLACK_CLIENT_SECRET}, {@code SLACK_REDIRECT_URI} (Tether's
 * {@code /integrations/slack/callback} as the app's settings at Slack name it), the bot scopes it asks for
 * (comma-separated) and Slack's authorization page. The code is exchanged at Slack's Web API,
 * {@code tether.providers.slack.base-url}.
 */
@ConfigurationProperties("tether.slack")
public record SlackProperties(
        String clientId,
        String clientSecret,
        String redirectUri,
        @DefaultValue("chat:write,incoming-webhook") String scopes,
        @DefaultValue("https://slack.com/oauth/v2/authorize") URI authorizeUrl) {

    public SlackProperties {
        if (scopes == null || scopes.isBlank()) {
            throw new IllegalStateException("tether.slack.scopes (SLACK_SCOPES) must name at least one bot scope");
        }
    }

    /** The app's registration, or {@code OAUTH_NOT_CONFIGURED} naming what is missing. */
    SlackApp app() {
        List<String> missing = new ArrayList<>();
        AmazonProperties.requirePresent(clientId, "SLACK_CLIENT_ID", missing);
        AmazonProperties.requirePresent(clientSecret, "SLACK_CLIENT_SECRET", missing);
        AmazonProperties.requirePresent(redirectUri, "SLACK_REDIRECT_URI", missing);
        if (!missing.isEmpty()) {
            throw OAUTH_NOT_CONFIGURED.exception("Slack's app install is not configured on this server: set "
                    + String.join(", ", missing) + ".");
        }
        return new SlackApp(clientId.strip(), clientSecret.strip(), redirectUri.strip(), scopes.replace(" ", ""));
    }

    @Override
    public String toString() {
        return "SlackProperties[clientId=" + clientId + ", redirectUri=" + redirectUri + ", scopes=" + scopes
                + ", authorizeUrl=" + authorizeUrl + ", clientSecret=<redacted>]";
    }

    /** A configured Slack app. */
    record SlackApp(String clientId, String clientSecret, String redirectUri, String scopes) {

        @Override
        public String toString() {
            return "SlackApp[clientId=" + clientId + ", redirectUri=" + redirectUri + ", scopes=" + scopes
                    + ", clientSecret=<redacted>]";
        }
    }
}
