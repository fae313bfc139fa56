package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.OAUTH_NOT_CONFIGURED;

import io.tether.api.account.Region;
import io.tether.api.oauth.OAuthFlow;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tether's apps at Amazon and how it talks to Login with Amazon (LWA). The client ids, secrets and
 * redirect URIs come from the environment ({@code AMAZON_ADS_*}, {@code AMAZON_SPAPI_*}); without them
 * the service still starts, and only the flow that lacks them answers 503.
 */
@ConfigurationProperties("tether.amazon")
public record AmazonProperties(
        @DefaultValue Ads ads,
        @DefaultValue SpApi spApi,
        @DefaultValue Lwa lwa,
        @DefaultValue OAuth oauth,
        @DefaultValue TokenRefresh tokenRefresh,
        @DefaultValue RateLimits rateLimits) {

    /** The LWA client of a flow, or why there is none. */
    LwaClientRegistration clientFor(OAuthFlow flow) {
        return switch (flow) {
            case ADS -> ads.registration();
            case SP_API -> spApi.registration();
            case SLACK -> throw new IllegalArgumentException("Slack's install has no Login with Amazon client");
        };
    }

    /** The Amazon Ads API app: {@code AMAZON_ADS_CLIENT_ID}, {@code AMAZON_ADS_CLIENT_SECRET}, {@code AMAZON_ADS_REDIRECT_URI}. */
    public record Ads(String clientId, String clientSecret, String redirectUri) {

        LwaClientRegistration registration() {
            List<String> missing = new ArrayList<>();
            requirePresent(clientId, "AMAZON_ADS_CLIENT_ID", missing);
            requirePresent(clientSecret, "AMAZON_ADS_CLIENT_SECRET", missing);
            requirePresent(redirectUri, "AMAZON_ADS_REDIRECT_URI", missing);
            if (!missing.isEmpty()) {
                throw OAUTH_NOT_CONFIGURED.exception("Amazon Ads sign-in is not configured on this server: set "
                        + String.join(", ", missing) + ".");
            }
            return new LwaClientRegistration(OAuthFlow.ADS, clientId.strip(), clientSecret.strip(), redirectUri.strip(), null);
        }

        @Override
        public String toString() {
            return "Ads[clientId=" + clientId + ", redirectUri=" + redirectUri + ", clientSecret=<redacted>]";
        }
    }

    /**
     * The Selling Partner API app: {@code AMAZON_SPAPI_APPLICATION_ID} (for the consent page) and its LWA
     * client, {@code AMAZON_SPAPI_CLIENT_ID}, {@code AMAZON_SPAPI_CLIENT_SECRET}, {@code AMAZON_SPAPI_REDIRECT_URI}.
     * {@code beta} sends {@code version=beta}, which an app in draft state needs.
     */
    public record SpApi(String applicationId, String clientId, String clientSecret, String redirectUri,
                        @DefaultValue("false") boolean beta) {

        LwaClientRegistration registration() {
            List<String> missing = new ArrayList<>();
            requirePresent(applicationId, "AMAZON_SPAPI_APPLICATION_ID", missing);
            requirePresent(clientId, "AMAZON_SPAPI_CLIENT_ID", missing);
            requirePresent(clientSecret, "AMAZON_SPAPI_CLIENT_SECRET", missing);
            requirePresent(redirectUri, "AMAZON_SPAPI_REDIRECT_URI", missing);
            if (!missing.isEmpty()) {
                throw OAUTH_NOT_CONFIGURED.exception("Amazon Selling Partner API sign-in is not configured on this server: set "
                        + String.join(", ", missing) + ".");
            }
            return new LwaClientRegistration(OAuthFlow.SP_API, clientId.strip(), clientSecret.strip(), redirectUri.strip(),
                    applicationId.strip());
        }

        @Override
        public String toString() {
            return "SpApi[applicationId=" + applicationId + ", clientId=" + clientId + ", redirectUri=" + redirectUri
                    + ", beta=" + beta + ", clientSecret=<redacted>]";
        }
    }

    /** Login with Amazon's token endpoint of each region (tests point them at a stand-in), and how long a call may take. */
    public record Lwa(
            @DefaultValue("https://api.amazon.com/auth/o2/token") URI tokenEndpointNa,
            @DefaultValue("https://api.amazon.co.uk/auth/o2/token") URI tokenEndpointEu,
            @DefaultValue("https://api.amazon.co.jp/auth/o2/token") URI tokenEndpointFe,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration readTimeout) {

        URI tokenEndpoint(Region region) {
            return switch (region) {
                case NA -> tokenEndpointNa;
                case EU -> tokenEndpointEu;
                case FE -> tokenEndpointFe;
                default -> throw new IllegalArgumentException(region + " is not an Amazon region");
            };
        }
    }

    /** How long a started flow's state works before the flow counts as abandoned. */
    public record OAuth(@DefaultValue("10m") Duration stateLifetime) {
    }

    /**
     * Access tokens are refreshed {@code ahead} of their expiry. A refresh that fails is tried again after
     * {@code retryDelay}; after {@code maxAttempts} failures in a row the account goes to ERROR.
     */
    public record TokenRefresh(
            @DefaultValue("5m") Duration ahead,
            @DefaultValue("1m") Duration retryDelay,
            @DefaultValue("5") int maxAttempts) {
    }

    /** How many requests each client IP and each organization may make to the OAuth endpoints per {@code period}. */
    public record RateLimits(
            @DefaultValue("20") int authUrlPerOrganization,
            @DefaultValue("60") int authUrlPerClient,
            @DefaultValue("20") int callbackPerOrganization,
            @DefaultValue("30") int callbackPerClient,
            @DefaultValue("1m") Duration period) {

        public RateLimits {
            if (Math.min(Math.min(authUrlPerOrganization, authUrlPerClient), Math.min(callbackPerOrganization, callbackPerClient)) < 1
                    || period.isNegative() || period.isZero()) {
                throw new IllegalStateException("tether.amazon.rate-limits: every limit must allow at least one request "
                        + "in a positive period");
            }
        }
    }

    /** Adds the variable to {@code missing} when its value is unset; Slack's app is checked the same way. */
    static void requirePresent(String value, String environmentVariable, List<String> missing) {
        if (value == null || value.isBlank()) {
            missing.add(environmentVariable);
        }
    }
}
