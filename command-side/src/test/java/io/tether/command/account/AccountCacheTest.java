package io.tether.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.tether.eventing.CheckedAggregateCache;
import io.tether.eventing.EventStorePositions;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** How many accounts a node keeps between their commands is its setting: a thousand unless set, none at 0. */
class AccountCacheTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AccountCache.CacheProperties.class)
    static class Properties {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, AccountCache.class)
            .withBean(EventStorePositions.class, () -> mock(EventStorePositions.class));

    @Test
    void unset_keepsAccounts_inTheCheckedCache() {
        context.run(started -> assertThat(started.getBean(AccountCache.NAME, Cache.class))
                .isInstanceOf(CheckedAggregateCache.class));
    }

    @Test
    void zero_keepsNone() {
        context.withPropertyValues("tether.aggregates.cached-accounts=0")
                .run(started -> assertThat(started.getBean(AccountCache.NAME, Cache.class)).isSameAs(NoCache.INSTANCE));
    }

    @Test
    void aNegativeSetting_stopsTheStart_namingIt() {
        context.withPropertyValues("tether.aggregates.cached-accounts=-1").run(started -> assertThat(started)
                .hasFailed().getFailure().rootCause().hasMessageContaining("tether.aggregates.cached-accounts must be 0 or more, not -1"));
    }
}
