-- A state leads to an account (Amazon's flows) or to a global integration (Slack's app install), never
-- both: the redirect names neither, and the state's row says which one started the flow.
ALTER TABLE oauth_states ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE oauth_states ADD COLUMN integration_id UUID;
ALTER TABLE oauth_states ADD CONSTRAINT oauth_states_one_subject
    CHECK ((account_id IS NULL) <> (integration_id IS NULL));
CREATE INDEX oauth_states_by_integration ON oauth_states (integration_id);
