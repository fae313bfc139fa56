-- The Amazon Ads profile an admin chose for an account, handed out with its credentials: what a credential read
-- needs besides account_names and account_credentials, so that a read never loads (nor locks) the account's aggregate.
-- Kept in the transaction that appends AdsProfileChosenEvent and AdsProfilesFetchedEvent.
CREATE TABLE account_ads_profiles (
    account_id UUID NOT NULL PRIMARY KEY REFERENCES account_names (account_id) ON DELETE CASCADE,
    profile_id TEXT NOT NULL
);

-- Existing accounts: the latest profile chosen, unless a later fetch of the profiles no longer reached it. (A schema
-- without the event store's tables, as in the command side's own schema tests, has no accounts to carry over.)
DO $$
BEGIN
    IF to_regclass('domain_event_entry') IS NOT NULL THEN
        INSERT INTO account_ads_profiles (account_id, profile_id)
        SELECT n.account_id, chosen.profile_id
        FROM account_names n
        JOIN LATERAL (
            SELECT convert_from(e.payload, 'UTF8')::jsonb ->> 'profileId' AS profile_id, e.sequence_number
            FROM domain_event_entry e
            WHERE e.aggregate_identifier = n.account_id::text
              AND e.payload_type = 'io.tether.api.account.AdsProfileChosenEvent'
            ORDER BY e.sequence_number DESC
            LIMIT 1) chosen ON true
        WHERE chosen.profile_id IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM domain_event_entry f
            WHERE f.aggregate_identifier = n.account_id::text
              AND f.payload_type = 'io.tether.api.account.AdsProfilesFetchedEvent'
              AND f.sequence_number > chosen.sequence_number
              AND NOT (convert_from(f.payload, 'UTF8')::jsonb -> 'profiles')
                      @> jsonb_build_array(jsonb_build_object('profileId', chosen.profile_id)));
    END IF;
END
$$;
