package io.tether.command.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * A token refresh whose completion db-scheduler could not write (the token refresh row of the bench saw it when the
 * connection pool ran dry under load: "Failed while completing execution") stays picked, and so is neither run again
 * nor set off by a credential read, until its node has missed enough heartbeats to count as dead. Tether's defaults
 * must take it up again, and poll for it, within the refresh lead, or the token expires first.
 */
class SchedulerHeartbeatTest {

    @Test
    void aRefreshLeftPicked_isTakenUpAgainAndRun_beforeTheTokenItRefreshesExpires() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("tether-defaults", new ClassPathResource("tether-defaults.yml"))
                .forEach(environment.getPropertySources()::addLast);
        Binder binder = Binder.get(environment);
        DbSchedulerProperties scheduler = binder.bind("db-scheduler", DbSchedulerProperties.class).get();
        AmazonProperties.TokenRefresh refresh = binder.bind("tether.amazon.token-refresh", AmazonProperties.TokenRefresh.class)
                .get();

        // dead after the missed heartbeats, noticed at the next heartbeat check, run at the next poll
        Duration takenUpAgain = scheduler.getHeartbeatInterval().multipliedBy(scheduler.getMissedHeartbeatsLimit() + 1)
                .plus(scheduler.getPollingInterval());

        assertThat(takenUpAgain).isLessThan(refresh.ahead());
    }
}
