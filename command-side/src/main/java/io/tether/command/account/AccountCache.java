package io.tether.command.account;

import io.tether.eventing.CheckedAggregateCache;
import io.tether.eventing.EventStorePositions;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Accounts kept in memory between their commands: an account's commands come close together (created, then
 * connected; an OAuth flow started, then completed), and each load otherwise read its snapshot and events and applied
 * them. A kept account is used only while the event store holds nothing newer ({@link CheckedAggregateCache}).
 */
@Configuration(proxyBeanMethods = false)
class AccountCache {

    static final String NAME = "accountAggregateCache";

    @Bean(NAME)
    Cache accountAggregateCache(EventStorePositions store, CacheProperties properties) {
        return properties.cachedAccounts() == 0 ? NoCache.INSTANCE
                : new CheckedAggregateCache(store, properties.cachedAccounts());
    }

    /** @param cachedAccounts how many accounts a node keeps in memory between their commands; 0 keeps none */
    @ConfigurationProperties("tether.aggregates")
    record CacheProperties(@DefaultValue("1000") int cachedAccounts) {

        CacheProperties {
            if (cachedAccounts < 0) {
                throw new IllegalArgumentException("tether.aggregates.cached-accounts must be 0 or more, not " + cachedAccounts);
            }
        }
    }
}
