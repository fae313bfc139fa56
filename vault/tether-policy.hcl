# Tether's Vault policy: what the command side needs on its transit mount, for its own keys only.
# It is written for the defaults: the mount `transit` (TETHER_VAULT_TRANSIT_PATH) and the key prefix
# `tether-` (TETHER_VAULT_KEY_PREFIX). Change both paths below if you change either setting.
# Tokens also get Vault's built-in `default` policy, which lets them look up, renew and revoke themselves.

# A key: read (does it exist, its latest version), create (a write to keys/<name>, which Vault counts
# as an update), delete (when its account or integration is deleted). Vault's glob is a prefix, so this
# rule also reaches keys/<name>/config (deletion allowed) and keys/<name>/rotate (a new version).
path "transit/keys/tether-*" {
  capabilities = ["read", "update", "delete"]
}

# Seal, open and re-seal under a key that exists: writes, and updates since the key is there.
path "transit/encrypt/tether-*" {
  capabilities = ["update"]
}

path "transit/decrypt/tether-*" {
  capabilities = ["update"]
}

path "transit/rewrap/tether-*" {
  capabilities = ["update"]
}

# Sign the audit digests with the key `tether-audit-digests` (ed25519, created non-exportable on first use
# through the keys/ rule above); Vault keeps its private key, Tether publishes the public one.
path "transit/sign/tether-audit-digests" {
  capabilities = ["update"]
}
