// @ts-check
// Money as every Tandem surface writes it, for the webview pages: a plain script each page loads before its own.
// The same rule as formatUsd in src/core/status/statusModel.ts (the status bar, menus, assist footers);
// test/unit/telemetry/mediaFormat.test.ts runs this file against that one so the two cannot drift.
'use strict';

/**
 * An amount in US$ (≥ 0): cents from a dollar up, tenths of a cent from a cent up, and two significant
 * digits below a cent, so a request that cost $0.00008 never reads "$0.000".
 * @param {number} usd
 * @returns {string}
 */
function formatUsd(usd) {
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(3)}`;
  if (usd < 1e-6) return '<$0.000001';
  const digits = 1 - Math.floor(Math.log10(usd));
  return `$${usd.toFixed(digits).replace(/0+$/, '')}`;
}
