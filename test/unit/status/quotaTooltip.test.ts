import { strict as assert } from 'node:assert';
import { RateLimitState, readQuota } from '../../../src/core/providers/rateLimit';
import { statusView, type StatusInputs } from '../../../src/core/status/statusModel';

const BASE: StatusInputs = {
  activity: 'idle',
  paused: false,
  keyMissing: false,
  budget: { level: 'ok' },
  todaySpendUsd: 0,
  monthSpendUsd: 0,
  todayByModel: {},
  todayRequests: 0,
  simulator: false,
};
const HEADERS = new Headers({
  'x-ratelimit-limit-req-minute': '60',
  'x-ratelimit-remaining-req-minute': '12',
  'x-ratelimit-limit-tokens-minute': '50000',
  'x-ratelimit-remaining-tokens-minute': '47196',
  'x-ratelimit-limit-tokens-month': '4000000',
  'x-ratelimit-remaining-tokens-month': '3950246',
});

describe('status bar: Codestral quota and rate-limit pause', () => {
  it('the tooltip shows what is left of each quota and a running 429 pause', () => {
    const quota = readQuota(HEADERS, 1000)!;
    const view = statusView({ ...BASE, codestralQuota: quota, rateLimitedUntilMs: 5_500, now: 1_000 });
    assert.match(
      view.tooltipMarkdown,
      /Codestral quota left: requests\/min 12 of 60 · tokens\/min 47,196 of 50,000 · tokens this month 3,950,246 of 4,000,000/,
    );
    assert.match(view.tooltipMarkdown, /completions resume in 5 s/);
    assert.doesNotMatch(statusView({ ...BASE, codestralQuota: quota, rateLimitedUntilMs: 0, now: 1_000 }).tooltipMarkdown, /resume in/);
  });

  it('ignores malformed or partial headers', () => {
    assert.equal(readQuota(new Headers({ 'x-ratelimit-remaining-req-minute': '5' }), 0), undefined);
    assert.equal(readQuota(new Headers({ 'x-ratelimit-limit-req-minute': 'ten', 'x-ratelimit-remaining-req-minute': '5' }), 0), undefined);
  });

  it('a reading older than a minute no longer stretches the wait or blocks requests', () => {
    let now = 0;
    const state = new RateLimitState(() => now);
    state.noteHeaders(new Headers({ 'x-ratelimit-limit-req-minute': '60', 'x-ratelimit-remaining-req-minute': '0' }));
    assert.equal(state.debounceStretch(), 4);
    assert.equal(state.admit(10).go, true, 'one probe');
    assert.equal(state.admit(10).go, false, 'then nothing for 5 s');
    now = 61_000;
    assert.equal(state.debounceStretch(), 1);
    assert.equal(state.admit(10).go, true);
  });
});
