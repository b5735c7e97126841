import { strict as assert } from 'node:assert';
import { formatUsd, statusView, type StatusInputs } from '../../../src/core/status/statusModel';

const idle: StatusInputs = {
  activity: 'idle',
  paused: false,
  keyMissing: false,
  budget: { level: 'ok' },
  todaySpendUsd: 0.0123,
  monthSpendUsd: 0.5,
  dailyBudgetUsd: 5,
  lastLatencyMs: 212.4,
  medianLatencyMs: 180,
  todayByModel: { 'codestral-latest': 0.01, 'claude-sonnet-5-5': 0.0023 },
  todayRequests: 42,
  acceptanceRate: 0.64,
  simulator: false,
};

describe('status model: the status-bar item as a state switch', () => {
  it('idle: today’s spend and the last latency, the click opens the Tandem menu', () => {
    const v = statusView(idle);
    assert.equal(v.text, '$(sparkle) Tandem $0.012 · 212 ms');
    assert.equal(v.level, 'normal');
    assert.equal(v.command, 'tandem.statusMenu');
    assert.match(v.accessibilityLabel, /^Tandem: ready, \$0\.012 today/);
  });

  it('streaming spins the icon; the offline demo says so', () => {
    const v = statusView({ ...idle, activity: 'streaming', simulator: true });
    assert.ok(v.text.startsWith('$(loading~spin) Tandem'));
    assert.match(v.accessibilityLabel, /completing \(offline demo\)/);
    assert.match(v.tooltipMarkdown, /offline demo \(vendor simulator\)/);
  });

  it('key missing wins over everything and the click sets the key', () => {
    const v = statusView({ ...idle, keyMissing: true, paused: true, budget: { level: 'spent', message: 'spent' } });
    assert.equal(v.command, 'tandem.setCodestralKey');
    assert.equal(v.level, 'warning');
    assert.match(v.tooltipMarkdown, /Set Codestral API Key/);
  });

  it('budget spent is an error, budget near a warning, each naming the budget', () => {
    const spent = statusView({ ...idle, budget: { level: 'spent', message: 'Daily budget $5.00 spent — raise tandem.budget.dailyUsd.' } });
    assert.equal(spent.level, 'error');
    assert.match(spent.accessibilityLabel, /budget spent\. Daily budget/);
    assert.match(spent.tooltipMarkdown, /tandem\.budget\.dailyUsd/);
    const near = statusView({ ...idle, budget: { level: 'near', message: 'Daily budget 85% used.' } });
    assert.equal(near.level, 'warning');
    assert.match(near.tooltipMarkdown, /85% used/);
  });

  it('paused: the click resumes; a skipped file says why', () => {
    const paused = statusView({ ...idle, paused: true });
    assert.equal(paused.command, 'tandem.toggleCompletions');
    assert.ok(paused.text.includes('paused'));
    const skipped = statusView({ ...idle, fileSkipReason: 'excluded by .env*' });
    assert.ok(skipped.text.startsWith('$(circle-slash)'));
    assert.match(skipped.accessibilityLabel, /no completions for this file: excluded by \.env\*/);
  });

  it('tooltip: the day’s breakdown, dearest model first', () => {
    const t = statusView(idle).tooltipMarkdown;
    assert.match(t, /\| Spend \| \$0\.012 of \$5\.00 \|/);
    assert.match(t, /\| Requests \| 42 \|/);
    assert.match(t, /\| Acceptance \| 64% \|/);
    assert.ok(t.indexOf('codestral-latest') < t.indexOf('claude-sonnet-5-5'));
  });
});

describe('formatUsd', () => {
  it('never shows a non-zero amount as zero', () => {
    assert.equal(formatUsd(0), '$0');
    assert.equal(formatUsd(3.456), '$3.46');
    assert.equal(formatUsd(0.0123), '$0.012');
    assert.equal(formatUsd(0.000623), '$0.00062');
    assert.equal(formatUsd(0.00008), '$0.00008');
    assert.equal(formatUsd(0.0000001), '<$0.000001');
  });
});
