package io.tether.command.oauth;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.tether.api.account.Region;
import io.tether.api.oauth.OAuthFlow;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The persistent deadlines of the OAuth flows, run by db-scheduler on PostgreSQL: each execution is
 * picked by one node only, and survives restarts. Their data is stored as JSON.
 */
@Configuration(proxyBeanMethods = false)
class OAuthTasks {

    /** A flow's expiry, one per state (its hash is the instance id). */
    static final TaskDescriptor<FlowDeadline> FLOW_DEADLINE = TaskDescriptor.of("oauth-flow-deadline", FlowDeadline.class);
    /** An account's token refresh, one per account (its id is the instance id): never two at once. */
    static final TaskDescriptor<RefreshTarget> TOKEN_REFRESH = TaskDescriptor.of("amazon-token-refresh", RefreshTarget.class);

    /** What an account needs after its OAuth flow (Ads profiles, marketplace participations), one per account. */
    static final TaskDescriptor<DetailsTarget> ACCOUNT_DETAILS = TaskDescriptor.of("amazon-account-details", DetailsTarget.class);

    private static final Duration DEADLINE_RETRY = Duration.ofSeconds(30);
    private static final int DETAILS_ATTEMPTS = 5;

    @Bean
    OneTimeTask<FlowDeadline> oauthFlowDeadlineTask(OAuthFlowExpiry expiry) {
        return Tasks.oneTime(FLOW_DEADLINE)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(DEADLINE_RETRY))
                .execute((instance, context) -> expiry.expire(instance.getData()));
    }

    /** Amazon's failures are counted in the task's data; what fails here besides (the database, say) is retried later. */
    @Bean
    CustomTask<RefreshTarget> amazonTokenRefreshTask(AccessTokenRefresher refresher, AmazonProperties properties) {
        return Tasks.custom(TOKEN_REFRESH)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(properties.tokenRefresh().retryDelay()))
                .execute(refresher::refresh);
    }

    /** Amazon down: tried again after the refresh's retry delay, at most {@value #DETAILS_ATTEMPTS} times. */
    @Bean
    OneTimeTask<DetailsTarget> amazonAccountDetailsTask(AmazonAccountDetails details, AmazonProperties properties) {
        return Tasks.oneTime(ACCOUNT_DETAILS)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(DETAILS_ATTEMPTS,
                        new FailureHandler.OnFailureRetryLater<>(properties.tokenRefresh().retryDelay())))
                .execute((instance, context) -> details.fetch(instance.getData().accountId()));
    }

    /** Task data as JSON rather than Java serialization: readable, and nothing to deserialize but records. */
    @Bean
    DbSchedulerCustomizer jsonTaskData() {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new JacksonSerializer());
            }
        };
    }

    /** The lookup table and the deadlines change in the command's own transaction, or not at all. */
    @Autowired
    void statesInTheCommandsTransaction(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(OAuthStateIndex.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(OAuthStateIndex.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }

    /** An account's flow ({@code integrationId} null, as in the rows before installs existed) or an integration's install. */
    record FlowDeadline(UUID accountId, String stateHash, UUID integrationId) {
    }

    record DetailsTarget(UUID accountId) {
    }

    /**
     * Whose tokens to refresh and how many attempts in a row have failed so far. The refresher opens the account's
     * credentials and takes its provider and region from the account itself; {@code flow} and {@code region} are
     * what the task's rows have held since the first release (null in those scheduled for a connect or a recovery).
     */
    record RefreshTarget(UUID accountId, OAuthFlow flow, Region region, int failedAttempts) {

        RefreshTarget(UUID accountId, OAuthFlow flow, Region region) {
            this(accountId, flow, region, 0);
        }

        RefreshTarget failedOnceMore() {
            return new RefreshTarget(accountId, flow, region, failedAttempts + 1);
        }

        RefreshTarget succeeded() {
            return new RefreshTarget(accountId, flow, region, 0);
        }
    }
}
