package io.tether.command.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.tether.api.account.CheckAccountCredentialsCommand;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Region;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.RecordTokenRefreshCommand;
import io.tether.command.account.AccountNameRegistry;
import io.tether.command.oauth.OAuthTasks.RefreshTarget;
import io.tether.command.provider.AccessToken;
import io.tether.command.provider.CredentialsUnderCheck;
import io.tether.command.provider.Provider;
import io.tether.command.provider.ProviderCredentials;
import io.tether.command.provider.Providers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** When a refreshed access token expires, as the refresher records it. */
class AccessTokenRefresherTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final UUID ORGANIZATION = UUID.randomUUID();
    private static final EncryptedCredentials SEALED = new EncryptedCredentials("local:v1:AAAA");

    private final SettableClock clock = new SettableClock(NOW);
    private final AccountNameRegistry accounts = mock(AccountNameRegistry.class);
    private final Providers providers = mock(Providers.class);
    private final Provider provider = mock(Provider.class);
    private final AttributedCommands commands = mock(AttributedCommands.class);
    private final AccessTokenRefresher refresher = new AccessTokenRefresher(accounts, providers, commands, properties(), clock);

    @Test
    void aRefreshedTokensExpiry_countsFromTheRequest_notFromTheAnswer_thatTookTenSeconds() {
        when(accounts.find(ACCOUNT)).thenReturn(Optional.of(
                new AccountNameRegistry.LiveAccount(ACCOUNT, ORGANIZATION, IntegrationType.ADS_API)));
        when(commands.send(eq(AttributedCommands.TOKEN_REFRESHER), eq(ORGANIZATION), any(CheckAccountCredentialsCommand.class)))
                .thenReturn(new CredentialsUnderCheck("ads-api", SEALED, ProviderCredentials.ofAccount(Region.EU,
                        Map.of("refresh_token", "Atzr|current", "access_token", "Atza|expiring"))));
        when(providers.of("ads-api")).thenReturn(provider);
        when(provider.afterConnect()).thenReturn(Set.of());
        when(provider.accessToken(any())).thenAnswer(call -> {
            clock.set(NOW.plusSeconds(10));
            return Optional.of(new AccessToken("Atza|fresh", null, Duration.ofHours(1)));
        });

        refresher.refresh(new TaskInstance<>(OAuthTasks.TOKEN_REFRESH.getTaskName(), ACCOUNT.toString(),
                new RefreshTarget(ACCOUNT, OAuthFlow.ADS, Region.EU)), null);

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commands, times(2)).send(eq(AttributedCommands.TOKEN_REFRESHER), eq(ORGANIZATION), sent.capture());
        assertThat(sent.getAllValues()).filteredOn(RecordTokenRefreshCommand.class::isInstance).singleElement()
                .extracting(command -> ((RecordTokenRefreshCommand) command).accessTokenExpiresAt())
                .isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    private static AmazonProperties properties() {
        AmazonProperties.Lwa lwa = new AmazonProperties.Lwa(URI.create("http://na"), URI.create("http://eu"),
                URI.create("http://fe"), Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new AmazonProperties(null, null, lwa, null, new AmazonProperties.TokenRefresh(Duration.ofMinutes(5),
                Duration.ofMinutes(1), 5), null);
    }

    /** A clock that stands still until the test moves it (as a provider's slow answer does here). */
    private static final class SettableClock extends Clock {

        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
