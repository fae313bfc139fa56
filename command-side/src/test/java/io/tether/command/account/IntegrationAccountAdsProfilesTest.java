package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.INCONSISTENT_ACCOUNT;
import static io.tether.command.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.account.AdsProfile;
import io.tether.api.account.AdsProfileChosenEvent;
import io.tether.api.account.AdsProfilesFetchedEvent;
import io.tether.api.account.ChooseAdsProfileCommand;
import io.tether.api.account.MarketplaceParticipation;
import io.tether.api.account.MarketplaceParticipationsRecordedEvent;
import io.tether.api.account.RecordAdsProfilesCommand;
import io.tether.api.account.RecordMarketplaceParticipationsCommand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an Amazon account needs after its OAuth flow: an Ads account's profiles and the one chosen; a seller's marketplaces. */
class IntegrationAccountAdsProfilesTest extends AccountFixtureTest {

    private static final AdsProfile DE = new AdsProfile("3411245632", "DE", "EUR", "Shop DE", "seller");
    private static final AdsProfile FR = new AdsProfile("3411245633", "FR", "EUR", "Shop FR", "seller");

    @Test
    void recordProfiles_ofAnAdsAccount_recordsThem() {
        fixture.given(adsAccountCreated(), adsCompleted())
                .when(new RecordAdsProfilesCommand(ACCOUNT_ID, ORGANIZATION_ID, List.of(DE, FR)))
                .expectEvents(new AdsProfilesFetchedEvent(ACCOUNT_ID, List.of(DE, FR)));
    }

    @Test
    void recordProfiles_ofASellingPartnerAccount_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new RecordAdsProfilesCommand(ACCOUNT_ID, ORGANIZATION_ID, List.of(DE)))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void chooseProfile_oneOfThoseFetched_isRecorded() {
        fixture.given(adsAccountCreated(), adsCompleted(), new AdsProfilesFetchedEvent(ACCOUNT_ID, List.of(DE, FR)))
                .when(new ChooseAdsProfileCommand(ACCOUNT_ID, ORGANIZATION_ID, FR.profileId()))
                .expectEvents(new AdsProfileChosenEvent(ACCOUNT_ID, FR.profileId()));
    }

    @Test
    void chooseProfile_thatIsNotTheAccounts_isRejected_namingTheField() {
        fixture.given(adsAccountCreated(), adsCompleted(), new AdsProfilesFetchedEvent(ACCOUNT_ID, List.of(DE)))
                .when(new ChooseAdsProfileCommand(ACCOUNT_ID, ORGANIZATION_ID, "999"))
                .expectNoEvents()
                .expectException(problem(INCONSISTENT_ACCOUNT));
    }

    @Test
    void chooseProfile_beforeTheProfilesAreFetched_isRejected() {
        fixture.given(adsAccountCreated(), accountConnected(Map.of("refresh_token", "Atzr|by-hand")))
                .when(new ChooseAdsProfileCommand(ACCOUNT_ID, ORGANIZATION_ID, DE.profileId()))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void recordParticipations_ofASellingPartnerAccount_recordsThem() {
        List<MarketplaceParticipation> participations = List.of(
                new MarketplaceParticipation("ATVPDKIKX0DER", "US", "Amazon.com", true));
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new RecordMarketplaceParticipationsCommand(ACCOUNT_ID, ORGANIZATION_ID, participations))
                .expectEvents(new MarketplaceParticipationsRecordedEvent(ACCOUNT_ID, participations));
    }

    @Test
    void recordParticipations_ofAnAdsAccount_isRejected() {
        fixture.given(adsAccountCreated(), adsCompleted())
                .when(new RecordMarketplaceParticipationsCommand(ACCOUNT_ID, ORGANIZATION_ID, List.of()))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }
}
