package io.tether.command.notice;

import io.tether.api.global.GlobalIntegrationCredentialsVerifiedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsRejectedEvent;
import io.tether.api.FieldChange;
import io.tether.api.account.AccountCredentialsVerifiedEvent;
import io.tether.api.account.AccountCredentialsRejectedEvent;
import io.tether.api.account.AccountChanges;
import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.AccountView;
import io.tether.api.global.GlobalIntegrationChanges;
import io.tether.api.global.GlobalIntegrationConfigChangedEvent;
import io.tether.api.global.GlobalIntegrationConnectedEvent;
import io.tether.api.global.GlobalIntegrationCreatedEvent;
import io.tether.api.global.GlobalIntegrationDeletedEvent;
import io.tether.api.global.GlobalIntegrationDetailsChangedEvent;
import io.tether.api.global.GlobalIntegrationDisabledEvent;
import io.tether.api.global.GlobalIntegrationDisconnectedEvent;
import io.tether.api.global.GlobalIntegrationEnabledEvent;
import io.tether.api.global.GlobalIntegrationKeyRotatedEvent;
import io.tether.api.global.GlobalIntegrationOAuthCompletedEvent;
import io.tether.api.global.GlobalIntegrationOAuthExpiredEvent;
import io.tether.api.global.GlobalIntegrationOAuthFailedEvent;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.WebhookDeliveryReceivedEvent;
import io.tether.api.global.WebhookSecretRotatedEvent;
import io.tether.api.oauth.AccessTokenRefreshFailedEvent;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthExpiredEvent;
import io.tether.api.oauth.OAuthFailedEvent;
import io.tether.api.oauth.OAuthStartedEvent;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns the event store into notices: a tracking processor whose outbox rows commit with its token, so
 * a crash loses no notice and a batch handled again writes none twice. Each handler below is the one
 * place where an event becomes its notice type: adding a notice is adding a handler and a
 * {@link NoticeType}. It keeps each resource's public view ({@link NoticeResources}) so that a notice
 * carries the resource as it was when its event happened; the account's through {@link AccountChanges},
 * the one definition of what each event does to it.
 */
@Component
@ProcessingGroup(NoticeProjection.PROCESSING_GROUP)
class NoticeProjection {

    static final String PROCESSING_GROUP = "notices";

    private static final Logger log = LoggerFactory.getLogger(NoticeProjection.class);

    private final NoticeResources resources;
    private final NoticeOutbox outbox;
    private final NoticeBodies bodies;
    /** One wake-up however many of a batch's notices were queued. */
    private final Runnable wakeDelivery;
    private final SlackCredentials slackCredentials;

    NoticeProjection(NoticeResources resources, NoticeOutbox outbox, NoticeBodies bodies, NoticeDelivery delivery,
                     SlackCredentials slackCredentials) {
        this.resources = resources;
        this.outbox = outbox;
        this.bodies = bodies;
        this.wakeDelivery = delivery::wake;
        this.slackCredentials = slackCredentials;
    }

    // Accounts.

    @EventHandler
    void on(AccountCreatedEvent event, EventMessage<?> message) {
        AccountView account = AccountChanges.created(event, message.getTimestamp());
        resources.store(account.id(), account, account.status().name());
        noticeAbout(NoticeType.ACCOUNT_CREATED, message, account);
    }

    @EventHandler
    void on(AccountConnectedEvent event, EventMessage<?> message) {
        accountChanged(NoticeType.ACCOUNT_CONNECTED, event.accountId(), AccountChanges.of(event, message.getTimestamp()), message);
    }

    @EventHandler
    void on(OAuthCompletedEvent event, EventMessage<?> message) {
        accountChanged(NoticeType.OAUTH_COMPLETED, event.accountId(), AccountChanges.of(event, message.getTimestamp()), message);
    }

    @EventHandler
    void on(AccountMarkedFailedEvent event, EventMessage<?> message) {
        accountChanged(NoticeType.ACCOUNT_ERROR, event.accountId(), AccountChanges.of(event), message);
    }

    @EventHandler
    void on(OAuthFailedEvent event, EventMessage<?> message) {
        accountChanged(NoticeType.OAUTH_FAILED, event.accountId(), AccountChanges.of(event), message);
    }

    @EventHandler
    void on(OAuthExpiredEvent event, EventMessage<?> message) {
        accountChanged(NoticeType.OAUTH_EXPIRED, event.accountId(), AccountChanges.of(event), message);
    }

    @EventHandler
    void on(AccountDisconnectedEvent event, EventMessage<?> message) {
        accountChanged(NoticeType.ACCOUNT_DISCONNECTED, event.accountId(), AccountChanges.of(event), message);
    }

    @EventHandler
    void on(AccountDeletedEvent event, EventMessage<?> message) {
        accountChanged(NoticeType.ACCOUNT_DELETED, event.accountId(), AccountChanges.of(event), message);
        resources.remove(event.accountId());
    }

    /** A success after ERROR is also {@code account.recovered} (see {@link #accountChanged}). */
    @EventHandler
    void on(AccountCredentialsVerifiedEvent event, EventMessage<?> message) {
        accountChanged(NoticeType.CREDENTIALS_VERIFIED, event.accountId(), AccountChanges.of(event), message);
    }

    /** The account is in ERROR from now on: {@code account.error} too, unless it already was. */
    @EventHandler
    void on(AccountCredentialsRejectedEvent event, EventMessage<?> message) {
        boolean alreadyFailing = resources.find(event.accountId(), AccountView.class)
                .map(before -> AccountStatus.ERROR.name().equals(before.settledStatus())).orElse(true);
        accountChanged(NoticeType.CREDENTIALS_REJECTED, event.accountId(), AccountChanges.of(event), message);
        if (!alreadyFailing) {
            resources.find(event.accountId(), AccountView.class)
                    .ifPresent(after -> noticeAbout(NoticeType.ACCOUNT_ERROR, message, after.view()));
        }
    }

    /** The account is unchanged by it; when the refreshing has stopped, {@code account.error} follows with its own event. */
    @EventHandler
    void on(AccessTokenRefreshFailedEvent event, EventMessage<?> message) {
        resources.find(event.accountId(), AccountView.class).ifPresentOrElse(
                account -> enqueue(bodies.tokenRefreshFailed(message, account.view(), event)),
                () -> log.warn("No view of account {} for event {}: no notice", event.accountId(), message.getIdentifier()));
    }

    /** No notice: the flow's outcome (completed, failed, expired) is the one. */
    @EventHandler
    void on(OAuthStartedEvent event, EventMessage<?> message) {
        accountChanged(null, event.accountId(), AccountChanges.of(event), message);
    }

    // Global integrations.

    @EventHandler
    void on(GlobalIntegrationCreatedEvent event, EventMessage<?> message) {
        GlobalIntegrationView integration = GlobalIntegrationChanges.created(event, message.getTimestamp());
        resources.store(integration.id(), integration, null);
        noticeAbout(NoticeType.GLOBAL_INTEGRATION_CREATED, message, integration);
    }

    @EventHandler
    void on(GlobalIntegrationConnectedEvent event, EventMessage<?> message) {
        integrationChanged(NoticeType.GLOBAL_INTEGRATION_CONNECTED, event.integrationId(), message, view -> {
            if (view.serviceName().equals(SlackCredentials.SERVICE)) {
                slackCredentials.store(view.id(), view.organizationId(), event.credentials());
            }
            return changed(view, GlobalIntegrationChanges.of(event, message.getTimestamp()), message);
        });
    }

    @EventHandler
    void on(GlobalIntegrationCredentialsVerifiedEvent event, EventMessage<?> message) {
        integrationChanged(NoticeType.GLOBAL_INTEGRATION_CREDENTIALS_VERIFIED, event.integrationId(), message,
                view -> changed(view, GlobalIntegrationChanges.of(event), message));
        if (event.recovered()) {
            resources.find(event.integrationId(), GlobalIntegrationView.class).ifPresent(
                    after -> noticeAbout(NoticeType.GLOBAL_INTEGRATION_RECOVERED, message, after.view()));
        }
    }

    @EventHandler
    void on(GlobalIntegrationCredentialsRejectedEvent event, EventMessage<?> message) {
        integrationChanged(NoticeType.GLOBAL_INTEGRATION_CREDENTIALS_REJECTED, event.integrationId(), message,
                view -> changed(view, GlobalIntegrationChanges.of(event), message));
    }

    @EventHandler
    void on(GlobalIntegrationDisconnectedEvent event, EventMessage<?> message) {
        slackCredentials.remove(event.integrationId());
        integrationChanged(NoticeType.GLOBAL_INTEGRATION_DISCONNECTED, event.integrationId(), message,
                view -> changed(view, GlobalIntegrationChanges.of(event), message));
    }

    /** The integration as its install left it: connected just before, by the event that holds its credentials. */
    @EventHandler
    void on(GlobalIntegrationOAuthCompletedEvent event, EventMessage<?> message) {
        integrationChanged(NoticeType.OAUTH_COMPLETED, event.integrationId(), message, view -> view);
    }

    /** An install that failed or expired leaves the integration as it was: the notice says it ended. */
    @EventHandler
    void on(GlobalIntegrationOAuthFailedEvent event, EventMessage<?> message) {
        integrationChanged(NoticeType.OAUTH_FAILED, event.integrationId(), message, view -> view);
    }

    @EventHandler
    void on(GlobalIntegrationOAuthExpiredEvent event, EventMessage<?> message) {
        integrationChanged(NoticeType.OAUTH_EXPIRED, event.integrationId(), message, view -> view);
    }

    /** No notice: a Slack integration's credentials, re-sealed under its new key version, replace the old ciphertext. */
    @EventHandler
    void on(GlobalIntegrationKeyRotatedEvent event, EventMessage<?> message) {
        integrationChanged(null, event.integrationId(), message, view -> {
            if (view.serviceName().equals(SlackCredentials.SERVICE) && event.credentials() != null) {
                slackCredentials.store(view.id(), view.organizationId(), event.credentials());
            }
            return view;
        });
    }

    @EventHandler
    void on(GlobalIntegrationEnabledEvent event, EventMessage<?> message) {
        integrationChanged(NoticeType.GLOBAL_INTEGRATION_ENABLED, event.integrationId(), message,
                view -> changed(view, GlobalIntegrationChanges.of(event), message));
    }

    @EventHandler
    void on(GlobalIntegrationDisabledEvent event, EventMessage<?> message) {
        integrationChanged(NoticeType.GLOBAL_INTEGRATION_DISABLED, event.integrationId(), message,
                view -> changed(view, GlobalIntegrationChanges.of(event), message));
    }

    @EventHandler
    void on(GlobalIntegrationDeletedEvent event, EventMessage<?> message) {
        slackCredentials.remove(event.integrationId());
        integrationChanged(NoticeType.GLOBAL_INTEGRATION_DELETED, event.integrationId(), message,
                view -> changed(view, GlobalIntegrationChanges.of(event), message));
        resources.remove(event.integrationId());
    }

    /** The integration is unchanged by it; the body is added when the notice is sent (see {@link WebhookReceivedBodies}). */
    @EventHandler
    void on(WebhookDeliveryReceivedEvent event, EventMessage<?> message) {
        resources.find(event.integrationId(), GlobalIntegrationView.class).ifPresentOrElse(
                integration -> enqueue(bodies.webhookReceived(message, integration.view(), event)),
                () -> log.warn("No view of global integration {} for event {}: no notice", event.integrationId(),
                        message.getIdentifier()));
    }

    /** No notice: the view changes, so that later notices show it as it is. */
    @EventHandler
    void on(GlobalIntegrationDetailsChangedEvent event, EventMessage<?> message) {
        integrationChanged(null, event.integrationId(), message, view -> changed(view, GlobalIntegrationChanges.of(event), message));
    }

    @EventHandler
    void on(GlobalIntegrationConfigChangedEvent event, EventMessage<?> message) {
        integrationChanged(null, event.integrationId(), message,
                view -> changed(view, GlobalIntegrationChanges.of(event), message));
    }

    @EventHandler
    void on(WebhookSecretRotatedEvent event, EventMessage<?> message) {
        integrationChanged(null, event.integrationId(), message,
                view -> changed(view, GlobalIntegrationChanges.of(event), message));
    }

    /** The integration after the change, as the API shows it ({@link GlobalIntegrationChanges}, the read model's rules). */
    private static GlobalIntegrationView changed(GlobalIntegrationView view, FieldChange<GlobalIntegrationChanges.Field> change,
                                                 EventMessage<?> message) {
        return GlobalIntegrationChanges.apply(view, change, message.getTimestamp());
    }

    /**
     * The account after the change; the notice of that type (none when null), and {@code account.recovered}
     * when it is connected and was in error before (before the OAuth flow that connected it, if one did).
     */
    private void accountChanged(NoticeType type, UUID accountId, FieldChange<AccountChanges.Field> change, EventMessage<?> message) {
        resources.find(accountId, AccountView.class).ifPresentOrElse(before -> {
            AccountView after = AccountChanges.apply(before.view(), change, message.getTimestamp());
            String settled = after.status() == AccountStatus.CONNECTING ? before.settledStatus() : after.status().name();
            resources.store(accountId, after, settled);
            if (type != null) {
                noticeAbout(type, message, after);
            }
            if (AccountStatus.ERROR.name().equals(before.settledStatus()) && after.status() == AccountStatus.CONNECTED) {
                noticeAbout(NoticeType.ACCOUNT_RECOVERED, message, after);
            }
        }, () -> log.warn("No view of account {} for event {}: no notice", accountId, message.getIdentifier()));
    }

    private void integrationChanged(NoticeType type, UUID integrationId, EventMessage<?> message,
                                    UnaryOperator<GlobalIntegrationView> change) {
        resources.find(integrationId, GlobalIntegrationView.class).ifPresentOrElse(before -> {
            GlobalIntegrationView after = change.apply(before.view());
            resources.store(integrationId, after, null);
            if (type != null) {
                noticeAbout(type, message, after);
            }
        }, () -> log.warn("No view of global integration {} for event {}: no notice", integrationId, message.getIdentifier()));
    }

    private void noticeAbout(NoticeType type, EventMessage<?> message, AccountView account) {
        enqueue(bodies.aboutAccount(type, message, account));
    }

    private void noticeAbout(NoticeType type, EventMessage<?> message, GlobalIntegrationView integration) {
        enqueue(bodies.aboutGlobalIntegration(type, message, integration));
    }

    /** The delivery looks for it once the batch has committed, only if an endpoint wants it: no claim for nothing. */
    private void enqueue(Notice notice) {
        outbox.enqueue(notice, wakeDelivery);
    }
}
