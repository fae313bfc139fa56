-- The periodic credential check finds those due in each tick by their moment in the interval, a hash of their id
-- (PostgreSQL's uuid_hash_extended, stable across versions as hash partitioning needs it): these indexes let a tick
-- read the few due out of every stored credential, instead of reading them all.
CREATE INDEX account_credentials_recheck_moment ON account_credentials (uuid_hash_extended(account_id, 0));
CREATE INDEX global_integration_scopes_recheck_moment ON global_integration_scopes (uuid_hash_extended(integration_id, 0));
-- The moments were the id's two halves XORed, modulo the interval, before: in the first interval after this migration
-- an id may be checked twice, or wait up to two intervals, once.
