#!/usr/bin/env bash
# `npm run package`: a production bundle and a .vsix (allow-list .vscodeignore), with sizes reported.
set -euo pipefail
cd "$(dirname "$0")/.."
node esbuild.js --production
npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links -o "tandem-$(node -p 'require("./package.json").version').vsix"
vsix=$(ls -t tandem-*.vsix | head -1)
echo "bundle: $(du -k dist/extension.js | cut -f1) KiB (dist/extension.js), vsix: $(du -k "$vsix" | cut -f1) KiB ($vsix)"
