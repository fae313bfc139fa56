-- A Slack notice endpoint delivers either with chat.postMessage to a channel under the bot token, or to the
-- integration's incoming-webhook URL (whose channel Slack chose at install): slack_delivery says which. The
-- URL itself stays in the integration's sealed credentials.
ALTER TABLE notice_endpoints ADD COLUMN slack_delivery text;
UPDATE notice_endpoints SET slack_delivery = 'chat_post_message' WHERE channel = 'slack';
ALTER TABLE notice_endpoints DROP CONSTRAINT notice_endpoints_check;
ALTER TABLE notice_endpoints ADD CONSTRAINT notice_endpoints_check CHECK (
    (channel = 'webhook' AND url IS NOT NULL AND signing_secret IS NOT NULL AND slack_delivery IS NULL)
    OR (channel = 'slack' AND organization_id IS NOT NULL AND slack_integration_id IS NOT NULL
        AND ((slack_delivery = 'chat_post_message' AND slack_channel IS NOT NULL)
             OR (slack_delivery = 'incoming_webhook' AND slack_channel IS NULL))));
