-- The organization each stream belongs to, as its first event's metadata names it, kept beside its chain head
-- (written with the head, in the appending transaction): the auditors' verification of an organization finds the
-- organization's streams in an index, where it parsed the metadata of every stream's first event in the store.
-- Null for a stream whose first event names no organization (Tether's own, a platform's tool).
ALTER TABLE event_chain_heads ADD COLUMN organization_id UUID;

-- Streams appended before this migration: the organization from their first event, as the verification read it.
UPDATE event_chain_heads h
SET organization_id = (convert_from(d.meta_data, 'UTF8')::jsonb ->> 'organization_id')::uuid
FROM domain_event_entry d
WHERE d.aggregate_identifier = h.aggregate_identifier
  AND d.sequence_number = 0
  AND d.meta_data IS NOT NULL
  AND convert_from(d.meta_data, 'UTF8')::jsonb ->> 'organization_id'
      ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

CREATE INDEX event_chain_heads_by_organization ON event_chain_heads (organization_id) WHERE organization_id IS NOT NULL;
