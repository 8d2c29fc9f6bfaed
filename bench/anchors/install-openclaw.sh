#!/usr/bin/env bash
# Installs the OpenClaw gateway anchor (bench only, never a product dependency) into bench/.anchors/openclaw.
# openclaw@2026.9.6 needs Node >= 24.16, and `npm i openclaw` run by an older Node resolves to a placeholder
# (openclaw@0.0.1). So the Node 24 binary comes first, from the npm package node@24 (a registry package, no
# other download), and OpenClaw is then installed with that Node's npm first on PATH.
# Idempotent: does nothing when the pinned versions are already installed. About 40 s and ~770 MB the first time.
# The bench (bench/gateway/run.ts) runs it as:
#   bench/.anchors/openclaw/node_modules/.bin/node bench/.anchors/openclaw/node_modules/openclaw/openclaw.mjs gateway run
# with HOME, OPENCLAW_STATE_DIR and OPENCLAW_CONFIG_PATH inside a scratch folder under bench/.anchors/openclaw.
set -euo pipefail

OPENCLAW_VERSION="2026.9.6"
NODE_RANGE="24"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="$(cd "$HERE/.." && pwd)/.anchors/openclaw"
NODE="$DIR/node_modules/.bin/node"

node24_version() {
  "$NODE" --version 2>/dev/null || true
}

openclaw_version() {
  "$NODE" -p "require('$DIR/node_modules/openclaw/package.json').version" 2>/dev/null || true
}

mkdir -p "$DIR"
cd "$DIR"
if [[ ! -f package.json ]]; then
  cat >package.json <<'JSON'
{
  "name": "bench-anchor-openclaw",
  "private": true,
  "description": "OpenClaw and its Node 24 for the gateway benchmark only; installed by bench/anchors/install-openclaw.sh."
}
JSON
fi

# --no-workspaces keeps npm from treating the bench folder as part of the repository's workspaces.
npm_flags=(--no-workspaces --no-audit --no-fund --loglevel=error)

if [[ "$(node24_version)" != v24.* ]]; then
  npm install "${npm_flags[@]}" "node@$NODE_RANGE"
fi
version="$(node24_version)"
if [[ "$version" != v24.* ]]; then
  echo "node@$NODE_RANGE did not install a Node 24 binary (got '$version')" >&2
  exit 1
fi

if [[ "$(openclaw_version)" != "$OPENCLAW_VERSION" ]]; then
  PATH="$DIR/node_modules/.bin:$PATH" npm install "${npm_flags[@]}" "openclaw@$OPENCLAW_VERSION"
fi
if [[ "$(openclaw_version)" != "$OPENCLAW_VERSION" ]]; then
  echo "openclaw $OPENCLAW_VERSION did not install (found '$(openclaw_version)')" >&2
  exit 1
fi

echo "openclaw $(openclaw_version) on node $(node24_version) ready in $DIR"
