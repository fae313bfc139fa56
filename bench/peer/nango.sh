#!/usr/bin/env bash
# Nango's API server, built from its source and started for the bench's peer rows (--mode peer); see the section
# "Beside Nango" of docs/benchmarks.md. It builds and runs the peer only, nothing of Tether.
#
#   bench/peer/nango.sh build <Nango's source directory>
#   bench/peer/nango.sh start <Nango's source directory>
#
# build: installs Nango's npm dependencies and compiles its server (and the packages it uses) as Nango's own
# Dockerfile does (tsc --noCheck), niced, in the source directory.
# start: runs packages/server/dist/server.js in the foreground as Nango's self-hosted image does (no Redis: its
# in-memory stores; no Elasticsearch: logs off), its API rate limit off. It needs:
#   NANGO_DB_HOST, NANGO_DB_PORT, NANGO_DB_USER, NANGO_DB_PASSWORD, NANGO_DB_NAME  the PostgreSQL server Tether uses too
#   NANGO_ENCRYPTION_KEY   base64 of 32 random bytes (openssl rand -base64 32); credentials are stored encrypted with it
#   NANGO_SECRET_KEY_DEV   a UUID v4, the dev environment's secret key (the bench's --peer-secret-key)
#   SERVER_PORT            where it listens (default 3003)
#   NODE                   the node binary (default node; Nango's Dockerfile runs Node 22)
set -euo pipefail

if [ $# -ne 2 ] || { [ "$1" != build ] && [ "$1" != start ]; }; then
    echo "usage: $0 build|start <Nango's source directory>" >&2
    exit 2
fi
cd "$2"
node=${NODE:-node}

if [ "$1" = build ]; then
    # The catalog of pre-built templates is read only to list templates; a source snapshot without this large file
    # gets an empty catalog.
    [ -s packages/shared/flows.zero.json ] || echo '[]' > packages/shared/flows.zero.json
    # Test-only devDependencies pinned to versions the npm registry no longer serves (Testcontainers); the server
    # uses none of them.
    "$node" -e '
        const fs = require("fs");
        const manifest = JSON.parse(fs.readFileSync("package.json", "utf8"));
        for (const name of ["@testcontainers/elasticsearch", "@testcontainers/postgresql", "testcontainers"]) {
            delete manifest.devDependencies[name];
        }
        fs.writeFileSync("package.json", JSON.stringify(manifest, null, 4) + "\n");'
    HUSKY=0 PUPPETEER_SKIP_DOWNLOAD=1 nice -n 19 npm install --no-audit --no-fund
    nice -n 19 npx tsc -b packages/server/tsconfig.json --noCheck
    exit 0
fi

: "${NANGO_ENCRYPTION_KEY:?set NANGO_ENCRYPTION_KEY (openssl rand -base64 32)}"
: "${NANGO_SECRET_KEY_DEV:?set NANGO_SECRET_KEY_DEV (a UUID v4)}"
export NANGO_ENCRYPTION_KEY NANGO_SECRET_KEY_DEV
export SERVER_PORT=${SERVER_PORT:-3003}
export NANGO_SERVER_URL=${NANGO_SERVER_URL:-http://127.0.0.1:$SERVER_PORT}
export NODE_ENV=production
export NANGO_LOGS_ENABLED=false
export NANGO_TELEMETRY_SDK=false
# the API's rate limit (200 requests a minute per environment by default) off, as the bench raises Tether's
export FLAG_API_RATE_LIMIT_ENABLED=false
export LOG_LEVEL=${LOG_LEVEL:-info}
export TZ=UTC
exec "$node" packages/server/dist/server.js
