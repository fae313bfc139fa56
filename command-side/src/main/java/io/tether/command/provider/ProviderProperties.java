package io.tether.command.provider;

import io.tether.api.account.Region;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where each provider is reached (tests and users point these at stand-ins or sandboxes), how long a call
 * may take, whether a connect checks the credentials first, and how often stored credentials are checked
 * again. Amazon's Login with Amazon endpoints are {@code tether.amazon.lwa.*}.
 */
@ConfigurationProperties("tether.providers")
public record ProviderProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("true") boolean verifyOnConnect,
        @DefaultValue Reverify reverify,
        @DefaultValue AmazonAds amazonAds,
        @DefaultValue SellingPartner sellingPartner,
        @DefaultValue Walmart walmart,
        @DefaultValue Slack slack,
        @DefaultValue ClickUp clickup,
        @DefaultValue GitHub github,
        @DefaultValue Jira jira,
        @DefaultValue Linear linear) {

    public ProviderProperties {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalStateException("tether.providers: the connect and read timeouts must be positive");
        }
    }

    /**
     * Connected accounts and global integrations (and those in ERROR, whose recovery is then recorded) are
     * checked again every {@code interval}, each at its own moment spread over the interval.
     */
    public record Reverify(@DefaultValue("true") boolean enabled, @DefaultValue("6h") Duration interval) {

        public Reverify {
            if (interval.compareTo(Duration.ofSeconds(5)) < 0) {
                throw new IllegalStateException("tether.providers.reverify.interval must be at least 5s");
            }
        }
    }

    /** An Amazon API with a host in each of Amazon's regions. */
    public interface RegionalHosts {

        URI baseUrlNa();

        URI baseUrlEu();

        URI baseUrlFe();

        default URI baseUrl(Region region) {
            return switch (region) {
                case NA -> baseUrlNa();
                case EU -> baseUrlEu();
                case FE -> baseUrlFe();
                default -> throw new IllegalArgumentException(region + " is not an Amazon region");
            };
        }
    }

    /** The Amazon Ads API's host of each region, where the profiles are fetched ({@code GET /v2/profiles}). */
    public record AmazonAds(@DefaultValue("https://advertising-api.amazon.com") URI baseUrlNa,
                            @DefaultValue("https://advertising-api-eu.amazon.com") URI baseUrlEu,
                            @DefaultValue("https://advertising-api-fe.amazon.com") URI baseUrlFe) implements RegionalHosts {
    }

    /** The Selling Partner API's endpoint of each region, where the marketplace participations are fetched. */
    public record SellingPartner(@DefaultValue("https://sellingpartnerapi-na.amazon.com") URI baseUrlNa,
                                 @DefaultValue("https://sellingpartnerapi-eu.amazon.com") URI baseUrlEu,
                                 @DefaultValue("https://sellingpartnerapi-fe.amazon.com") URI baseUrlFe)
            implements RegionalHosts {
    }

    /**
     * Walmart's Marketplace API; {@code serviceName} is sent as {@code WM_SVC.NAME}. Its tokens are obtained again
     * {@code tether.amazon.token-refresh.ahead} before they expire, by the same task as Amazon's.
     */
    public record Walmart(@DefaultValue("https://marketplace.walmartapis.com") URI baseUrl,
                          @DefaultValue("Walmart Marketplace") String serviceName) {
    }

    public record Slack(@DefaultValue("https://slack.com/api") URI baseUrl) {
    }

    public record ClickUp(@DefaultValue("https://api.clickup.com") URI baseUrl) {
    }

    public record GitHub(@DefaultValue("https://api.github.com") URI baseUrl) {
    }

    /** Unset: each integration's own site ({@code site_url} in its config); set, every Jira call goes there (a stand-in). */
    public record Jira(URI baseUrl) {
    }

    public record Linear(@DefaultValue("https://api.linear.app/graphql") URI endpoint) {
    }
}
