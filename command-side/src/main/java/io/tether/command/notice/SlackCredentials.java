package io.tether.command.notice;

import io.tether.api.credentials.EncryptedCredentials;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sealed credentials of each connected Slack integration, kept by the notices processor from the
 * integration's events (ciphertext only), and opened for a Slack notice's bot token or incoming-webhook URL.
 */
@Component
class SlackCredentials {

    static final String SERVICE = "slack";
    /** The credential key of Slack's catalog schema for the incoming-webhook URL of the app's install. */
    static final String INCOMING_WEBHOOK_URL = "incoming_webhook_url";
    private static final String CREDENTIALS_FIELD = "credentials";

    private final JdbcClient jdbc;
    private final CredentialCipher cipher;

    SlackCredentials(JdbcClient jdbc, CredentialCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    void store(UUID integrationId, UUID organizationId, EncryptedCredentials credentials) {
        jdbc.sql("""
                        INSERT INTO notice_slack_credentials (integration_id, organization_id, credentials) VALUES (?, ?, ?)
                        ON CONFLICT (integration_id) DO UPDATE SET credentials = excluded.credentials""")
                .params(integrationId, organizationId, credentials.ciphertext())
                .update();
    }

    void remove(UUID integrationId) {
        jdbc.sql("DELETE FROM notice_slack_credentials WHERE integration_id = ?").param(integrationId).update();
    }

    boolean isConnected(UUID organizationId, UUID integrationId) {
        return sealed(organizationId, integrationId).isPresent();
    }

    /** The bot token of the organization's connected Slack integration, if it is one. */
    Optional<String> botToken(UUID organizationId, UUID integrationId) {
        return opened(organizationId, integrationId, "bot_token");
    }

    /** The incoming-webhook URL of the organization's connected Slack integration, if it is one and holds one. */
    Optional<String> incomingWebhookUrl(UUID organizationId, UUID integrationId) {
        return opened(organizationId, integrationId, INCOMING_WEBHOOK_URL);
    }

    private Optional<String> opened(UUID organizationId, UUID integrationId, String key) {
        return sealed(organizationId, integrationId)
                .map(sealed -> cipher.decrypt(new CredentialOwner(organizationId, integrationId, CREDENTIALS_FIELD),
                        new EncryptedCredentials(sealed)).get(key));
    }

    private Optional<String> sealed(UUID organizationId, UUID integrationId) {
        return jdbc.sql("SELECT credentials FROM notice_slack_credentials WHERE integration_id = ? AND organization_id = ?")
                .params(integrationId, organizationId)
                .query(String.class)
                .optional();
    }
}
