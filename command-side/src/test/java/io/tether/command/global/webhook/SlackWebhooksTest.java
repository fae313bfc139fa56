package io.tether.command.global.webhook;

import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.command.global.webhook.Deliveries.assertRefused;
import static io.tether.command.global.webhook.Deliveries.delivery;
import static io.tether.command.global.webhook.Deliveries.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackWebhooksTest {

    /** The worked example of Slack's "Verifying requests from Slack": a slash command, form-encoded. */
    private static final String DOCUMENTED_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String DOCUMENTED_TIMESTAMP = "1531420618";
    private static final String DOCUMENTED_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
            + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String DOCUMENTED_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private final SlackWebhooks slack = new SlackWebhooks();

    @Test
    void slacksDocumentedExample_isAccepted_asASlashCommandNamedByWhatWasSigned() {
        VerifiedDelivery verified = slack.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_BODY,
                "X-Slack-Signature", DOCUMENTED_SIGNATURE, "X-Slack-Request-Timestamp", DOCUMENTED_TIMESTAMP));

        assertThat(verified.signedAt()).isEqualTo(Instant.ofEpochSecond(1531420618));
        assertThat(verified.type()).isEqualTo("slash_command");
        assertThat(verified.deliveryId()).isEqualTo("sha256:" + verified.signedContentSha256());
        assertThat(verified.isChallenge()).isFalse();
        assertThat(slack.tolerance()).contains(Duration.ofMinutes(5));
    }

    @Test
    void theDocumentedExample_withAnotherTimestampOrBodyOrSecret_isRefused() {
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> slack.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_BODY,
                "X-Slack-Signature", DOCUMENTED_SIGNATURE, "X-Slack-Request-Timestamp", "1531420619")));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> slack.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_BODY + "&x=1",
                "X-Slack-Signature", DOCUMENTED_SIGNATURE, "X-Slack-Request-Timestamp", DOCUMENTED_TIMESTAMP)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> slack.verify("0".repeat(32), delivery(DOCUMENTED_BODY,
                "X-Slack-Signature", DOCUMENTED_SIGNATURE, "X-Slack-Request-Timestamp", DOCUMENTED_TIMESTAMP)));
    }

    @Test
    void aMissingOrMalformedHeader_isRefusedAsUnsigned() {
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> slack.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_BODY,
                "X-Slack-Request-Timestamp", DOCUMENTED_TIMESTAMP)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> slack.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_BODY,
                "X-Slack-Signature", DOCUMENTED_SIGNATURE)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> slack.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_BODY,
                "X-Slack-Signature", DOCUMENTED_SIGNATURE.substring(3), "X-Slack-Request-Timestamp", DOCUMENTED_TIMESTAMP)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> slack.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_BODY,
                "X-Slack-Signature", DOCUMENTED_SIGNATURE, "X-Slack-Request-Timestamp", "yesterday")));
    }

    @Test
    void anEventsApiDelivery_isNamedByItsEventId_andTypedByItsEvent() {
        String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev08MFMKH6\",\"event\":{\"type\":\"app_mention\"}}";
        String timestamp = "1700000000";

        VerifiedDelivery verified = slack.verify(DOCUMENTED_SECRET, delivery(body, "X-Slack-Signature",
                "v0=" + hmacHex(DOCUMENTED_SECRET, "v0:" + timestamp + ":" + body), "X-Slack-Request-Timestamp", timestamp));

        assertThat(verified.deliveryId()).isEqualTo("Ev08MFMKH6");
        assertThat(verified.type()).isEqualTo("app_mention");
    }

    @Test
    void aUrlVerification_isAChallengeToAnswer() {
        String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}";
        String timestamp = "1700000000";

        VerifiedDelivery verified = slack.verify(DOCUMENTED_SECRET, delivery(body, "X-Slack-Signature",
                "v0=" + hmacHex(DOCUMENTED_SECRET, "v0:" + timestamp + ":" + body), "X-Slack-Request-Timestamp", timestamp));

        assertThat(verified.challenge()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    @Test
    void anInteraction_isTypedByItsFormEncodedPayload() {
        String body = "payload=%7B%22type%22%3A%22block_actions%22%7D";
        String timestamp = "1700000000";

        VerifiedDelivery verified = slack.verify(DOCUMENTED_SECRET, delivery(body, "X-Slack-Signature",
                "v0=" + hmacHex(DOCUMENTED_SECRET, "v0:" + timestamp + ":" + body), "X-Slack-Request-Timestamp", timestamp));

        assertThat(verified.type()).isEqualTo("block_actions");
    }

    @Test
    void theSigningSecret_isEnteredByAnAdmin_inSlacksShape() {
        assertThat(slack.secretSource()).isEqualTo(WebhookFormat.SecretSource.ISSUED_BY_PROVIDER);
        assertThat(slack.problemWithEnteredSecret("0123456789abcdef0123456789abcdef")).isEmpty();
        assertThat(slack.problemWithEnteredSecret("xoxb-not-a-signing-secret")).isPresent();
    }
}
