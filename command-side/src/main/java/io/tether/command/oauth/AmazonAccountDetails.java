package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.api.account.AdsProfile;
import io.tether.api.account.CheckAccountCredentialsCommand;
import io.tether.api.account.MarketplaceParticipation;
import io.tether.api.account.RecordAdsProfilesCommand;
import io.tether.api.account.RecordMarketplaceParticipationsCommand;
import io.tether.api.account.Region;
import io.tether.api.problem.ProblemException;
import io.tether.command.account.AccountNameRegistry;
import io.tether.command.account.OAuthSecrets;
import io.tether.command.provider.CredentialsUnderCheck;
import io.tether.command.provider.Provider;
import io.tether.command.provider.ProviderHttp;
import io.tether.command.provider.ProviderProperties;
import io.tether.command.provider.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What an Amazon account needs once its OAuth flow has completed, fetched with its new access token by one
 * db-scheduler task per account: an Amazon Ads account's advertising profiles ({@code GET /v2/profiles} on
 * its region's host), from which an admin then chooses the one workers act for; a Selling Partner API
 * account's marketplace participations ({@code GET /sellers/v1/marketplaceParticipations}). A provider that
 * is down is tried again later; one that refuses is logged, and the account stays as it is.
 */
@Component
class AmazonAccountDetails {

    static final String ACTOR = "tether:amazon-account-details";
    private static final Logger log = LoggerFactory.getLogger(AmazonAccountDetails.class);

    private final ProviderHttp http;
    private final ProviderProperties providers;
    private final AmazonProperties amazon;
    private final AttributedCommands commands;
    private final AccountNameRegistry accounts;
    private final Providers providerOf;

    AmazonAccountDetails(ProviderHttp http, ProviderProperties providers, AmazonProperties amazon,
                         AttributedCommands commands, AccountNameRegistry accounts, Providers providerOf) {
        this.http = http;
        this.providers = providers;
        this.amazon = amazon;
        this.commands = commands;
        this.accounts = accounts;
        this.providerOf = providerOf;
    }

    void fetch(UUID accountId) {
        AccountNameRegistry.LiveAccount account = accounts.find(accountId).orElse(null);
        if (account == null) {
            return;
        }
        CredentialsUnderCheck opened;
        try {
            opened = commands.send(ACTOR, account.organizationId(),
                    CheckAccountCredentialsCommand.ofStored(accountId, account.organizationId()));
        } catch (ProblemException | AggregateNotFoundException e) {
            if (e instanceof ProblemException problem && !problem.is(ILLEGAL_ACCOUNT_STATE, ACCOUNT_DELETED, CREDENTIALS_SHREDDED)) {
                throw problem;
            }
            log.info("Account {} has no credentials to fetch its details with any more: {}", accountId, e.getMessage());
            return;
        }
        String accessToken = opened.credentials().credentials().get(OAuthSecrets.ACCESS_TOKEN);
        if (accessToken == null) {
            return;
        }
        Region region = opened.credentials().region();
        Set<Provider.AfterConnect> needs = providerOf.of(opened.slug()).afterConnect();
        if (needs.contains(Provider.AfterConnect.CHOOSE_ADVERTISING_PROFILE)) {
            profiles(region, accessToken).ifPresent(profiles -> commands.send(ACTOR, account.organizationId(),
                    new RecordAdsProfilesCommand(accountId, account.organizationId(), profiles)));
        }
        if (needs.contains(Provider.AfterConnect.RECORD_MARKETPLACE_PARTICIPATIONS)) {
            participations(region, accessToken).ifPresent(participations -> commands.send(ACTOR, account.organizationId(),
                    new RecordMarketplaceParticipationsCommand(accountId, account.organizationId(), participations)));
        }
    }

    private Optional<List<AdsProfile>> profiles(Region region, String accessToken) {
        ProviderHttp.Answer answer = http.send("The Amazon Ads API", http.client().get()
                .uri(UriComponentsBuilder.fromUri(providers.amazonAds().baseUrl(region)).path("/v2/profiles").build().toUri())
                .header("Authorization", "Bearer " + accessToken)
                .header("Amazon-Advertising-API-ClientId", amazon.ads().clientId())
                .header("Accept", "application/json"));
        if (!answer.ok() || !answer.body().isArray()) {
            log.warn("The Amazon Ads API did not list the profiles ({})", answer.said("details", "message"));
            return Optional.empty();
        }
        List<AdsProfile> profiles = new ArrayList<>();
        for (JsonNode profile : answer.body()) {
            profiles.add(new AdsProfile(profile.path("profileId").asText(), text(profile.path("countryCode")),
                    text(profile.path("currencyCode")), text(profile.path("accountInfo").path("name")),
                    text(profile.path("accountInfo").path("type"))));
        }
        return Optional.of(profiles);
    }

    private Optional<List<MarketplaceParticipation>> participations(Region region, String accessToken) {
        ProviderHttp.Answer answer = http.send("The Selling Partner API", http.client().get()
                .uri(UriComponentsBuilder.fromUri(providers.sellingPartner().baseUrl(region))
                        .path("/sellers/v1/marketplaceParticipations").build().toUri())
                .header("x-amz-access-token", accessToken)
                .header("Accept", "application/json"));
        if (!answer.ok() || !answer.body().path("payload").isArray()) {
            log.warn("The Selling Partner API did not list the marketplace participations ({})", answer.said("message"));
            return Optional.empty();
        }
        List<MarketplaceParticipation> participations = new ArrayList<>();
        for (JsonNode entry : answer.body().path("payload")) {
            JsonNode marketplace = entry.path("marketplace");
            participations.add(new MarketplaceParticipation(marketplace.path("id").asText(),
                    text(marketplace.path("countryCode")), text(marketplace.path("name")),
                    entry.path("participation").path("isParticipating").asBoolean(false)));
        }
        return Optional.of(participations);
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? ProviderHttp.quoted(node.asText()) : null;
    }
}
