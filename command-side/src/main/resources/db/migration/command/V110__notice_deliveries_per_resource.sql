-- A resource's deliveries to an endpoint go out in order, different resources' side by side: the claim looks
-- for an earlier pending delivery of the same endpoint and resource, and counts each endpoint's attempts under
-- way. Every notice is about a resource (an account, a global integration or an endpoint).
ALTER TABLE notice_deliveries ALTER COLUMN resource_id SET NOT NULL;
CREATE INDEX notice_deliveries_pending_by_resource ON notice_deliveries (endpoint_id, resource_id, id) WHERE state = 'PENDING';
CREATE INDEX notice_deliveries_under_way ON notice_deliveries (endpoint_id) WHERE state = 'PENDING' AND claimed_until IS NOT NULL;
