-- An organization's aggregates as the audit log knows them (its verification, its security events), found in an
-- index rather than by reading every aggregate's row.
CREATE INDEX audit_aggregates_by_organization ON audit_aggregates (organization_id);
