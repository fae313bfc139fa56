#!/bin/sh
# Prepares a Vault for Tether, idempotently: the transit engine, Tether's policy, and an AppRole
# whose tokens carry that policy. It writes the role id and a new secret id as files named after the
# settings they fill (tether.vault.role-id, tether.vault.secret-id) into the directory given as the
# first argument, which Tether reads as a Spring config tree. Needs VAULT_ADDR and a VAULT_TOKEN
# allowed to mount engines, write policies and manage AppRoles (the root token, in the compose demo).
set -eu

out="${1:?usage: init.sh <directory for the role id and secret id>}"
policy_file="$(dirname "$0")/tether-policy.hcl"

vault secrets list | grep -q '^transit/' || vault secrets enable transit
vault policy write tether "$policy_file"
vault auth list | grep -q '^approle/' || vault auth enable approle
# Tokens live an hour and are renewed by Tether for up to a day; then Tether logs in again with its
# secret id, which therefore must not expire (secret_id_ttl=0) nor be spent (secret_id_num_uses=0).
vault write auth/approle/role/tether \
    token_policies=tether token_ttl=1h token_max_ttl=24h \
    secret_id_ttl=0 secret_id_num_uses=0

mkdir -p "$out"
umask 077
vault read -field=role_id auth/approle/role/tether/role-id > "$out/tether.vault.role-id"
vault write -f -field=secret_id auth/approle/role/tether/secret-id > "$out/tether.vault.secret-id"
echo "Tether's AppRole is ready; its role id and secret id are in $out"
