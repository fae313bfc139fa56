package io.tether.query.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AdsProfile;
import io.tether.api.account.AdsProfileChosenEvent;
import io.tether.api.account.AdsProfilesFetchedEvent;
import io.tether.api.account.AdsProfilesView;
import io.tether.api.account.FindAdsProfilesQuery;
import io.tether.eventing.SendsNoMessages;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Amazon Ads profiles of each Ads account and the one chosen ({@code ads_profiles}), built in the accounts'
 * processing group, whose rows say which organization an account belongs to. A fetch that no longer lists the
 * chosen profile leaves none chosen, as the aggregate does.
 */
@Component
@ProcessingGroup(AccountProjection.PROCESSING_GROUP)
@SendsNoMessages
class AdsProfileProjection {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<AdsProfile>> PROFILES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    AdsProfileProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AdsProfilesFetchedEvent event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        INSERT INTO ads_profiles (account_id, profiles, profile_id, last_sequence)
                        VALUES (:accountId, CAST(:profiles AS jsonb), NULL, :sequence)
                        ON CONFLICT (account_id) DO UPDATE SET profiles = EXCLUDED.profiles,
                            profile_id = CASE WHEN EXCLUDED.profiles @> jsonb_build_array(
                                jsonb_build_object('profileId', ads_profiles.profile_id)) THEN ads_profiles.profile_id END,
                            last_sequence = EXCLUDED.last_sequence
                        WHERE ads_profiles.last_sequence < EXCLUDED.last_sequence""")
                .param("accountId", event.accountId())
                .param("profiles", json(event.profiles()))
                .param("sequence", sequence)
                .update();
    }

    @EventHandler
    void on(AdsProfileChosenEvent event, @SequenceNumber long sequence) {
        jdbc.sql("UPDATE ads_profiles SET profile_id = ?, last_sequence = ? WHERE account_id = ? AND last_sequence < ?")
                .params(event.profileId(), sequence, event.accountId(), sequence)
                .update();
    }

    @EventHandler
    void on(AccountDeletedEvent event) {
        jdbc.sql("DELETE FROM ads_profiles WHERE account_id = ?").param(event.accountId()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE ads_profiles").update();
    }

    /** The profiles of one of the organization's live accounts: none until they are fetched; empty for an unknown account. */
    @QueryHandler
    Optional<AdsProfilesView> handle(FindAdsProfilesQuery query) {
        return jdbc.sql("""
                        SELECT p.profiles, p.profile_id FROM integration_accounts a
                        LEFT JOIN ads_profiles p ON p.account_id = a.id
                        WHERE a.id = ? AND a.organization_id = ? AND NOT a.deleted""")
                .params(query.accountId(), query.organizationId())
                .query((row, index) -> new AdsProfilesView(query.accountId(), row.getString("profile_id"),
                        profiles(row.getString("profiles"))))
                .optional();
    }

    private static String json(List<AdsProfile> profiles) {
        try {
            return JSON.writeValueAsString(profiles);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Profiles from an event are not serializable", e);
        }
    }

    private static List<AdsProfile> profiles(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, PROFILES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored profiles are not a JSON array of profiles", e);
        }
    }
}
