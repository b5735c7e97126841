#!/usr/bin/env bash
# `npm test`: everything, from a fresh clone. Sets up what is missing (scripts/setup.sh), then runs
# the type check, lint, unit + simulator tests, the fault suite, the OTLP suite against a real Collector, webview page tests, extension-host tests in a real VS Code
# (code-server) and the Playwright UI test. Fails if any step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step "type check";              npx tsc -p . --noEmit
step "lint and format (ESLint with layer boundaries, Prettier)"; npm run -s lint
step "unit + simulator tests";  npx mocha
step "fault suite (vendor simulator faults against the core)"; npm run -s test:faults
step "OTLP suite (a real OpenTelemetry Collector, built once by scripts/otelcol.sh)"; npm run -s test:otlp
if compgen -G "test/webview/*.test.ts" > /dev/null; then
  step "webview page tests (headless Chromium)"; npx mocha --no-config --node-option import=tsx --extension ts --reporter spec 'test/webview/**/*.test.ts'
fi
step "extension-host tests (code-server)"; npx tsx test/integration/run.ts
step "UI tests (Playwright + code-server)"; npx tsx test/ui/run.ts
step "all green"
