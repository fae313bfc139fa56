package io.tether.command.oauth;

import io.tether.api.account.IntegrationType;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.oauth.OAuthFlow;
import io.tether.command.account.OAuthSecrets;
import io.tether.command.oauth.LwaClient.LwaTokens;
import io.tether.command.provider.AccessToken;
import io.tether.command.provider.CredentialsRefusedException;
import io.tether.command.provider.Provider;
import io.tether.command.provider.ProviderCredentials;
import io.tether.command.provider.ProviderUnavailableException;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Amazon Ads and the Selling Partner API (Seller and Vendor Central): a refresh token is exchanged at Login
 * with Amazon for an access token that lasts an hour, with the app of the account's flow. That exchange is
 * also the check of the credentials. The OAuth flow stores the first access token, and its completion starts
 * the account's refresh task; credentials given by hand (a refresh token alone) are handed out as they are.
 */
@Configuration(proxyBeanMethods = false)
class AmazonProviders {

    @Bean
    Provider amazonAdsProvider(LwaClient lwa, AmazonProperties properties) {
        return new LwaProvider(IntegrationType.ADS_API, OAuthFlow.ADS, lwa, properties,
                Set.of(Provider.AfterConnect.CHOOSE_ADVERTISING_PROFILE));
    }

    @Bean
    Provider sellerCentralProvider(LwaClient lwa, AmazonProperties properties) {
        return new LwaProvider(IntegrationType.SP_API_SC, OAuthFlow.SP_API, lwa, properties, sellingPartnerFollowUps());
    }

    @Bean
    Provider vendorCentralProvider(LwaClient lwa, AmazonProperties properties) {
        return new LwaProvider(IntegrationType.SP_API_VC, OAuthFlow.SP_API, lwa, properties, sellingPartnerFollowUps());
    }

    private static Set<Provider.AfterConnect> sellingPartnerFollowUps() {
        return Set.of(Provider.AfterConnect.RECORD_MARKETPLACE_PARTICIPATIONS);
    }

    /** One Amazon integration type and the LWA app of its flow. */
    record LwaProvider(IntegrationType type, OAuthFlow flow, LwaClient lwa, AmazonProperties properties,
                       Set<Provider.AfterConnect> afterConnect) implements Provider {

        @Override
        public CatalogEntry entry() {
            return IntegrationCatalog.of(type);
        }

        /** @throws io.tether.api.problem.ProblemException {@code OAUTH_NOT_CONFIGURED} when the flow's app is not set up here */
        @Override
        public Optional<AccessToken> accessToken(ProviderCredentials credentials) {
            try {
                LwaTokens tokens = lwa.refresh(properties.clientFor(flow), credentials.region(),
                        credentials.required(OAuthSecrets.REFRESH_TOKEN));
                return Optional.of(new AccessToken(tokens.accessToken(), tokens.refreshToken(), tokens.expiresIn()));
            } catch (LwaRejectedException e) {
                if (e.isInvalidGrant()) {
                    throw new CredentialsRefusedException("Amazon no longer accepts this account's refresh token "
                            + "(invalid_grant): the authorization was revoked or has expired. Reconnect the account "
                            + "to authorize Tether again.");
                }
                // invalid_client and the like: Tether's app at Amazon is at fault, not the account's credentials.
                throw new ProviderUnavailableException("Amazon refused Tether's app (" + e.error() + "): an operator "
                        + "must check the app's client id and secret", e);
            } catch (LwaUnavailableException e) {
                throw new ProviderUnavailableException(e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "LwaProvider[" + type + "]";
        }
    }
}
