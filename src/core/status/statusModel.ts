import type { RateQuota } from '../providers/rateLimit';

/** Everything the status bar item shows, decided in the core so every state is unit-tested. */
export type ActivityState = 'idle' | 'streaming';

export interface StatusInputs {
  activity: ActivityState;
  paused: boolean;
  /** Completions cannot run: no Codestral key and no simulator. */
  keyMissing: boolean;
  /** Why the active file gets no completions (excluded, too large, Restricted Mode…). */
  fileSkipReason?: string;
  budget: { level: 'ok' | 'near' | 'spent'; message?: string };
  todaySpendUsd: number;
  monthSpendUsd: number;
  dailyBudgetUsd?: number;
  lastLatencyMs?: number;
  medianLatencyMs?: number;
  /** Today's spend by model, for the tooltip. */
  todayByModel: Record<string, number>;
  todayRequests: number;
  acceptanceRate?: number;
  /** Where requests go when no key is set (offline demo). */
  simulator: boolean;
  /** Codestral's quota from its last answer's `x-ratelimit-*` headers, and a 429 pause if one runs. */
  codestralQuota?: RateQuota;
  /** Completions paused after a 429 until then (ms since epoch); `now` is when the view is made. */
  rateLimitedUntilMs?: number;
  now?: number;
}

export interface StatusView {
  text: string;
  /** Always names Tandem, for screen readers and UI tests. */
  accessibilityLabel: string;
  tooltipMarkdown: string;
  level: 'normal' | 'warning' | 'error';
  command: string;
}

export function statusView(s: StatusInputs): StatusView {
  const spend = formatUsd(s.todaySpendUsd);
  const latency = s.lastLatencyMs !== undefined ? ` · ${Math.round(s.lastLatencyMs)} ms` : '';
  const tooltip = tooltipFor(s);
  const view = (text: string, label: string, level: StatusView['level'] = 'normal', command = 'tandem.statusMenu'): StatusView => ({
    text,
    accessibilityLabel: `Tandem: ${label}`,
    tooltipMarkdown: tooltip,
    level,
    command,
  });
  if (s.keyMissing) return view('$(key) Tandem: set key', 'Codestral key missing, click to set it', 'warning', 'tandem.setCodestralKey');
  if (s.budget.level === 'spent') return view(`$(error) Tandem ${spend}`, `budget spent. ${s.budget.message ?? ''}`.trim(), 'error');
  if (s.paused) return view(`$(debug-pause) Tandem paused`, 'completions paused, click to resume', 'normal', 'tandem.toggleCompletions');
  if (s.fileSkipReason) return view(`$(circle-slash) Tandem ${spend}`, `no completions for this file: ${s.fileSkipReason}`);
  const icon = s.activity === 'streaming' ? '$(loading~spin)' : '$(sparkle)';
  const demo = s.simulator ? ' (offline demo)' : '';
  if (s.budget.level === 'near') return view(`${icon} Tandem ${spend}${latency}`, `budget nearly spent${demo}: ${spend} today`, 'warning');
  return view(
    `${icon} Tandem ${spend}${latency}`,
    `${s.activity === 'streaming' ? 'completing' : 'ready'}${demo}, ${spend} today${latency}`,
  );
}

function tooltipFor(s: StatusInputs): string {
  const lines = ['**Tandem**' + (s.simulator ? ' — offline demo (vendor simulator)' : ''), ''];
  if (s.keyMissing) lines.push('$(warning) Codestral key missing — run **Tandem: Set Codestral API Key**.', '');
  if (s.budget.message && s.budget.level !== 'ok') lines.push(`$(warning) ${s.budget.message}`, '');
  if (s.fileSkipReason) lines.push(`No completions for this file: ${s.fileSkipReason}`, '');
  if (s.paused) lines.push('Completions are paused.', '');
  lines.push(...quotaLines(s));
  const budget = s.dailyBudgetUsd ? ` of ${formatUsd(s.dailyBudgetUsd)}` : '';
  lines.push(
    `| Today | |`,
    `|---|---:|`,
    `| Spend | ${formatUsd(s.todaySpendUsd)}${budget} |`,
    `| This month | ${formatUsd(s.monthSpendUsd)} |`,
    `| Requests | ${s.todayRequests} |`,
  );
  if (s.medianLatencyMs !== undefined) lines.push(`| Completion latency (median) | ${Math.round(s.medianLatencyMs)} ms |`);
  if (s.acceptanceRate !== undefined) lines.push(`| Acceptance | ${Math.round(s.acceptanceRate * 100)}% |`);
  for (const [model, usd] of Object.entries(s.todayByModel).sort((a, b) => b[1] - a[1])) lines.push(`| ${model} | ${formatUsd(usd)} |`);
  lines.push('', 'Click for the Tandem menu.');
  return lines.join('\n');
}

/** Codestral's rate limits as the tooltip shows them: a 429 pause, then what is left of each quota. */
function quotaLines(s: StatusInputs): string[] {
  const out: string[] = [];
  const now = s.now ?? Date.now();
  if (s.rateLimitedUntilMs && s.rateLimitedUntilMs > now)
    out.push(`$(watch) Codestral rate limit reached — completions resume in ${Math.ceil((s.rateLimitedUntilMs - now) / 1000)} s.`, '');
  const q = s.codestralQuota;
  if (!q) return out;
  const part = (label: string, p: { limit: number; remaining: number } | undefined): string[] =>
    p ? [`${label} ${p.remaining.toLocaleString('en-US')} of ${p.limit.toLocaleString('en-US')}`] : [];
  const parts = [
    ...part('requests/min', q.requestsPerMinute),
    ...part('tokens/min', q.tokensPerMinute),
    ...part('tokens this month', q.tokensPerMonth),
  ];
  if (parts.length) out.push(`Codestral quota left: ${parts.join(' · ')}`, '');
  return out;
}

/**
 * Cents from a dollar up, tenths of a cent from a cent up, and two significant digits below a cent,
 * so a request that cost $0.00008 never reads "$0.000".
 */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(3)}`;
  if (usd < 1e-6) return '<$0.000001';
  const digits = 1 - Math.floor(Math.log10(usd));
  return `$${usd.toFixed(digits).replace(/0+$/, '')}`;
}
