import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { METRIC } from '../../../src/core/telemetry/otlp';

/** Prometheus' OTLP name translation for our metrics: dots to underscores, unit suffix, `_total` on counters. */
function prometheusNames(): Set<string> {
  const units: Record<string, string> = { s: '_seconds', USD: '_USD' };
  const histograms = new Set<string>([METRIC.duration, METRIC.tokenUsage, METRIC.timeToFirstChunk]);
  const names = new Set<string>();
  for (const [name, unit] of [
    [METRIC.duration, 's'],
    [METRIC.tokenUsage, '{token}'],
    [METRIC.timeToFirstChunk, 's'],
    [METRIC.requests, '{request}'],
    [METRIC.cost, 'USD'],
    [METRIC.costSaved, 'USD'],
    [METRIC.cacheTokens, '{token}'],
    [METRIC.shown, '{completion}'],
    [METRIC.accepted, '{completion}'],
  ] as const) {
    const base = name.replace(/\./g, '_') + (units[unit] ?? '');
    if (histograms.has(name)) for (const suffix of ['_bucket', '_sum', '_count']) names.add(base + suffix);
    else names.add(`${base}_total`);
  }
  return names;
}

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync('demo/grafana/tandem-team-view.json', 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };

  it('queries only metrics Tandem exports, under their Prometheus names', () => {
    const known = prometheusNames();
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const used = [...expr.matchAll(/\b((?:tandem|gen_ai)_[a-zA-Z_]+)\s*[{[(]/g)].map((m) => m[1]!);
        assert.ok(used.length > 0, `${panel.title}: ${expr}`);
        for (const name of used) assert.ok(known.has(name), `${panel.title}: unknown metric ${name}`);
      }
    }
  });

  it('shows spend per developer, team, model and day, cache savings, latency percentiles, acceptance and errors', () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const needle of [
      'by (tandem_developer_id)',
      'by (tandem_team)',
      'by (gen_ai_request_model)',
      'tandem_cost_saved_USD_total',
      'histogram_quantile(0.99',
      'tandem_completions_accepted_total',
      'error_type',
    ]) {
      assert.ok(exprs.includes(needle), needle);
    }
  });
});
