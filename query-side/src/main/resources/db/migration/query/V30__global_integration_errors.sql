-- Why the service refused a global integration's stored credentials when they were last checked
-- (status ERROR); null while they work. The provider's reason in words an admin can act on, never a secret.
ALTER TABLE global_integrations ADD COLUMN error_message VARCHAR(1000);
