#!/usr/bin/env bash
# `npm start`: the offline demo. Sets up what is missing, packages the extension, starts the vendor
# simulator and a real VS Code (code-server on 127.0.0.1) with Tandem installed and the demo
# workspace open, and prints the URL to open. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/package.sh
exec npx tsx scripts/demo.ts "$@"
