#!/usr/bin/env bash
# Installs the Soketi anchor (bench only, never a product dependency) into bench/.anchors/soketi.
# @soketi/soketi@1.6.1 depends on uWebSockets.js through a git URL that npm cannot fetch here, so the
# bench folder overrides it with the unofficial npm build of the same library (native builds for Node <= 20).
# Idempotent: does nothing when the pinned version is already installed. Writes soketi.json, the config
# the fan-out bench starts it with (loopback only, cluster discovery on 127.0.0.1, connection limit raised).
set -euo pipefail

SOKETI_VERSION="1.6.1"
UWS="npm:@trufflesuite/uws-js-unofficial@20.30.0-unofficial.0"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="$(cd "$HERE/.." && pwd)/.anchors/soketi"

installed_version() {
  node -p "require('$DIR/node_modules/@soketi/soketi/package.json').version" 2>/dev/null || true
}

mkdir -p "$DIR"
if [[ "$(installed_version)" != "$SOKETI_VERSION" ]]; then
  cat >"$DIR/package.json" <<JSON
{
  "name": "bench-anchor-soketi",
  "private": true,
  "description": "Soketi for the fan-out benchmark only; installed by bench/anchors/install-soketi.sh.",
  "dependencies": {
    "@soketi/soketi": "$SOKETI_VERSION",
    "uWebSockets.js": "$UWS"
  },
  "overrides": {
    "uWebSockets.js": "$UWS"
  }
}
JSON
  # --no-workspaces keeps npm from treating the bench folder as part of the repository's workspaces.
  (cd "$DIR" && npm install --no-workspaces --no-audit --no-fund --loglevel=error)
fi

# Soketi applies each top-level key of its config with a dotted-path set, so dotted keys change one setting
# and keep its other defaults. The bench passes SOKETI_PORT and SOKETI_METRICS_SERVER_PORT (env wins over
# this file). Cluster discovery (node-discover) always runs, even with the local adapter: bind it to loopback
# and send its hellos to 127.0.0.1 only, instead of broadcasting on 255.255.255.255:11002.
# Keys are bench-local and worthless outside this loopback run.
cat >"$DIR/soketi.json" <<'JSON'
{
  "host": "127.0.0.1",
  "debug": false,
  "adapter.driver": "local",
  "appManager.driver": "array",
  "appManager.array.apps": [
    {
      "id": "bench",
      "key": "bench-key",
      "secret": "bench-secret",
      "maxConnections": 100000,
      "enableClientMessages": false,
      "enabled": true,
      "maxBackendEventsPerSecond": -1,
      "maxClientEventsPerSecond": -1,
      "maxReadRequestsPerSecond": -1,
      "webhooks": []
    }
  ],
  "cluster.hostname": "127.0.0.1",
  "cluster.address": "127.0.0.1",
  "cluster.unicast": "127.0.0.1",
  "cluster.broadcast": "127.0.0.1",
  "metrics.enabled": false,
  "metrics.host": "127.0.0.1",
  "rateLimiter.driver": "local",
  "queue.driver": "sync"
}
JSON

echo "soketi $(installed_version) ready in $DIR"
