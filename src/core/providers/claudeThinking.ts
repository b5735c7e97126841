/**
 * What Tandem sends as `thinking` and `output_config.effort` for a task's wish on a given model, and
 * how many output tokens to add to `max_tokens` for the thinking. Per-model rules from Anthropic's
 * model pages and migration guides (README, "Thinking and effort"); a combination a model rejects
 * with 400 is never sent.
 */
export const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Effort = (typeof EFFORTS)[number];

/** The user's wish for one task (`tandem.<task>.thinking` / `tandem.<task>.effort`). */
export interface ThinkingChoice {
  thinking: 'adaptive' | 'off';
  effort: Effort;
}

/** The request fields, and whether the model will (or may) think. */
export interface ThinkingParams {
  thinking?: { type: 'adaptive' | 'disabled' | 'between_tools' };
  effort?: Effort;
  thinks: boolean;
  /** Output tokens reserved for thinking on top of the answer's own allowance. */
  thinkingAllowance: number;
}

interface ModelThinking {
  /** The type that turns thinking off, if the model has one. */
  offType?: 'disabled' | 'between_tools';
  /** Efforts at which `offType` is accepted. */
  offAt: readonly Effort[];
}

const UP_TO_HIGH: readonly Effort[] = ['low', 'medium', 'high'];
const ALWAYS_ON: ModelThinking = { offAt: [] };

/** 5.x models (and Opus 4.7/4.8): adaptive thinking and all five effort levels. */
const MODELS: Readonly<Record<string, ModelThinking>> = {
  'claude-haiku-5-5': { offType: 'disabled', offAt: UP_TO_HIGH },
  'claude-sonnet-5-5': { offType: 'between_tools', offAt: UP_TO_HIGH },
  'claude-opus-5-5': ALWAYS_ON,
  'claude-sonnet-5': { offType: 'disabled', offAt: ['low', 'medium', 'high', 'xhigh', 'max'] },
  'claude-opus-5': { offType: 'disabled', offAt: UP_TO_HIGH },
  'claude-fable-5': ALWAYS_ON,
  'claude-mythos-5': ALWAYS_ON,
  'claude-fable-5-1': ALWAYS_ON,
  'claude-mythos-5-1': ALWAYS_ON,
  'claude-fable-5-2': ALWAYS_ON,
  'claude-mythos-5-2': ALWAYS_ON,
  'claude-opus-4-7': ALWAYS_ON,
  'claude-mythos-preview': ALWAYS_ON,
};

/**
 * Thinking allowance per effort, added to the answer's `max_tokens` so thinking (billed as output and
 * counted toward `max_tokens`) cannot eat the answer. Roughly what adaptive thinking uses on a coding
 * question at that effort, with headroom; a model that thinks longer still ends with `max_tokens`.
 */
export const THINKING_ALLOWANCE: Readonly<Record<Effort, number>> = { low: 1024, medium: 4096, high: 8192, xhigh: 16384, max: 32768 };

/** Older Claude models (4.6 and before, 4.8): no thinking unless asked; Tandem does not ask. */
const NON_THINKING = /^claude-(?:haiku-4|sonnet-4|opus-4-[0-68])/;

export function thinkingParams(model: string, choice: ThinkingChoice): ThinkingParams {
  const base = model.replace(/-\d{8}$/, '');
  if (NON_THINKING.test(base)) return { thinks: false, thinkingAllowance: 0 };
  const rules = Object.hasOwn(MODELS, base) ? MODELS[base] : undefined;
  // A model we do not know: send nothing it might reject, and reserve room in case it thinks.
  if (!rules) return { thinks: true, thinkingAllowance: THINKING_ALLOWANCE[choice.effort] };
  if (choice.thinking === 'off' && rules.offType) {
    const effort = rules.offAt.includes(choice.effort) ? choice.effort : highestOf(rules.offAt);
    return { thinking: { type: rules.offType }, effort, thinks: false, thinkingAllowance: 0 };
  }
  // Adaptive, or "off" on a model that always thinks: the effort bounds how much.
  return { thinking: { type: 'adaptive' }, effort: choice.effort, thinks: true, thinkingAllowance: THINKING_ALLOWANCE[choice.effort] };
}

function highestOf(efforts: readonly Effort[]): Effort {
  return EFFORTS.filter((e) => efforts.includes(e)).pop() ?? 'low';
}

export function isEffort(v: unknown): v is Effort {
  return typeof v === 'string' && (EFFORTS as readonly string[]).includes(v);
}

/** Settings as read (anything) → a valid choice, falling back to the task's default. */
export function thinkingChoice(thinking: unknown, effort: unknown, fallback: ThinkingChoice): ThinkingChoice {
  return {
    thinking: thinking === 'adaptive' || thinking === 'off' ? thinking : fallback.thinking,
    effort: isEffort(effort) ? effort : fallback.effort,
  };
}

/** Defaults: explain is fast and cheap (no thinking, low effort); review is for quality (adaptive, high). */
export const DEFAULT_THINKING: Readonly<Record<'explain' | 'review', ThinkingChoice>> = {
  explain: { thinking: 'off', effort: 'low' },
  review: { thinking: 'adaptive', effort: 'high' },
};
