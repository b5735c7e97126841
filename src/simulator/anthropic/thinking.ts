import { isRecord } from '../http';
import { InvalidRequest } from './errors';

/**
 * Thinking as the Messages API documents it for each model (sources: README, "Thinking and effort").
 * `thinking` omitted → the model's default; `output_config.effort` omitted → the model's default effort.
 */
export const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Effort = (typeof EFFORTS)[number];
export type ThinkingType = 'adaptive' | 'enabled' | 'disabled' | 'between_tools';
const THINKING_TYPES: readonly ThinkingType[] = ['enabled', 'disabled', 'adaptive', 'between_tools'];

export interface ThinkingRules {
  /** thinking.type values the model accepts. */
  types: readonly ThinkingType[];
  /** What an omitted `thinking` means. */
  byDefault: 'adaptive' | 'off';
  efforts: readonly Effort[];
  defaultEffort: Effort;
  /** Efforts at which the model's "off" type (disabled / between_tools) is accepted. */
  offAt: readonly Effort[];
}

/** What the request asked for, resolved against the model's defaults. */
export interface ThinkingPlan {
  thinks: boolean;
  effort: Effort;
  /** thinking.display: `omitted` (default on these models) streams no thinking text. */
  display: 'summarized' | 'omitted';
  /** Manual extended thinking (older models): at most this many thinking tokens. */
  budgetTokens?: number;
}

const ALL = EFFORTS;
const UP_TO_HIGH: readonly Effort[] = ['low', 'medium', 'high'];

export const LEGACY_45: ThinkingRules = {
  types: ['enabled', 'disabled'],
  byDefault: 'off',
  efforts: UP_TO_HIGH,
  defaultEffort: 'high',
  offAt: ALL,
};
export const GEN_46: ThinkingRules = {
  types: ['adaptive', 'enabled', 'disabled'],
  byDefault: 'off',
  efforts: ['low', 'medium', 'high', 'max'],
  defaultEffort: 'high',
  offAt: ALL,
};
export const ADAPTIVE_ONLY_HIGH: ThinkingRules = {
  types: ['adaptive'],
  byDefault: 'adaptive',
  efforts: ALL,
  defaultEffort: 'high',
  offAt: [],
};
export const OPUS_48: ThinkingRules = {
  types: ['adaptive', 'disabled'],
  byDefault: 'off',
  efforts: ALL,
  defaultEffort: 'high',
  offAt: ALL,
};
export const SONNET_5: ThinkingRules = {
  types: ['adaptive', 'disabled'],
  byDefault: 'adaptive',
  efforts: ALL,
  defaultEffort: 'high',
  offAt: ALL,
};
export const OPUS_5: ThinkingRules = {
  types: ['adaptive', 'disabled'],
  byDefault: 'adaptive',
  efforts: ALL,
  defaultEffort: 'high',
  offAt: UP_TO_HIGH,
};
export const OPUS_55: ThinkingRules = { types: ['adaptive'], byDefault: 'adaptive', efforts: ALL, defaultEffort: 'medium', offAt: [] };
export const SONNET_55: ThinkingRules = {
  types: ['adaptive', 'between_tools'],
  byDefault: 'adaptive',
  efforts: ALL,
  defaultEffort: 'high',
  offAt: UP_TO_HIGH,
};
export const HAIKU_55: ThinkingRules = {
  types: ['adaptive', 'disabled'],
  byDefault: 'adaptive',
  efforts: ALL,
  defaultEffort: 'medium',
  offAt: UP_TO_HIGH,
};

/** Validates `thinking` and `output_config` against the model's rules; throws InvalidRequest (400). */
export function parseThinking(body: Record<string, unknown>, model: string, rules: ThinkingRules, maxTokens: number): ThinkingPlan {
  const effort = parseEffort(body['output_config'], model, rules);
  const thinking = body['thinking'];
  if (thinking === undefined || thinking === null) {
    return { thinks: rules.byDefault === 'adaptive', effort, display: 'omitted' };
  }
  if (!isRecord(thinking) || !THINKING_TYPES.includes(thinking['type'] as ThinkingType)) {
    throw new InvalidRequest(
      "thinking: Input tag does not match any of the expected tags: 'enabled', 'disabled', 'adaptive', 'between_tools'",
    );
  }
  const type = thinking['type'] as ThinkingType;
  const display = parseDisplay(thinking['display']);
  checkTypeAllowed(type, model, rules);
  if (type === 'disabled' || type === 'between_tools') {
    if (!rules.offAt.includes(effort)) {
      throw new InvalidRequest(
        `thinking.type "${type}" cannot be combined with output_config.effort "${effort}" on ${model}; use effort ${rules.offAt.join(', ')}, or adaptive thinking.`,
      );
    }
    return { thinks: false, effort, display };
  }
  if (type === 'enabled') return { thinks: true, effort, display, budgetTokens: parseBudget(thinking['budget_tokens'], maxTokens) };
  return { thinks: true, effort, display };
}

function checkTypeAllowed(type: ThinkingType, model: string, rules: ThinkingRules): void {
  if (rules.types.includes(type)) return;
  if (type === 'disabled' && rules.types.includes('between_tools')) {
    throw new InvalidRequest(
      `thinking.type "disabled" is not supported for ${model}. Send {"type": "between_tools"} to turn off up-front thinking.`,
    );
  }
  if (type === 'enabled' && rules.types.includes('adaptive')) {
    throw new InvalidRequest(
      `"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.`,
    );
  }
  throw new InvalidRequest(`thinking.type "${type}" is not supported for ${model}.`);
}

function parseEffort(config: unknown, model: string, rules: ThinkingRules): Effort {
  if (config === undefined || config === null) return rules.defaultEffort;
  if (!isRecord(config)) throw new InvalidRequest('output_config: Input should be a valid dictionary');
  const effort = config['effort'];
  if (effort === undefined || effort === null) return rules.defaultEffort;
  if (!EFFORTS.includes(effort as Effort))
    throw new InvalidRequest("output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'");
  if (!rules.efforts.includes(effort as Effort))
    throw new InvalidRequest(`output_config.effort: "${String(effort)}" is not supported for ${model}`);
  return effort as Effort;
}

function parseDisplay(v: unknown): ThinkingPlan['display'] {
  if (v === undefined || v === null) return 'omitted';
  if (v !== 'summarized' && v !== 'omitted') throw new InvalidRequest("thinking.display: Input should be 'summarized' or 'omitted'");
  return v;
}

function parseBudget(v: unknown, maxTokens: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new InvalidRequest('thinking.enabled.budget_tokens: Field required');
  if (v < 1024) throw new InvalidRequest('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
  if (v >= maxTokens) throw new InvalidRequest('`max_tokens` must be greater than `thinking.budget_tokens`.');
  return v;
}

/**
 * How long the simulated model thinks, in output tokens: adaptive thinking skips easy requests at
 * low effort and thinks more as effort rises. Small on purpose so paced streams stay quick in tests;
 * the `x-sim-thinking-tokens` header sets an exact amount.
 */
const THINKING_TOKENS: Record<Effort, number> = { low: 0, medium: 48, high: 160, xhigh: 400, max: 800 };

export function thinkingTokens(plan: ThinkingPlan, override: number | undefined): number {
  if (!plan.thinks) return 0;
  const wanted = override ?? THINKING_TOKENS[plan.effort];
  return plan.budgetTokens !== undefined ? Math.min(wanted, plan.budgetTokens) : wanted;
}
