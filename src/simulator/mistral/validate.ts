import { isRecord } from '../http';
import type { ValidationIssue } from './errors';

export interface FimRequest {
  model: string;
  prompt: string;
  suffix: string;
  maxTokens?: number;
  minTokens?: number;
  stop: string[];
  stream: boolean;
  promptCacheKey?: string;
}

type FieldCheck = (value: unknown, name: string) => ValidationIssue | undefined;

const FIELDS: Record<string, { required?: boolean; check: FieldCheck }> = {
  model: { required: true, check: stringType },
  prompt: { required: true, check: stringType },
  suffix: { check: nullable(stringType) },
  max_tokens: { check: nullable(intAtLeast(0)) },
  min_tokens: { check: nullable(intAtLeast(0)) },
  temperature: { check: nullable(numberBetween(0, 1.5)) },
  top_p: { check: nullable(numberBetween(0, 1)) },
  random_seed: { check: nullable(intAtLeast(0)) },
  stream: { check: boolType },
  stop: { check: nullable(stopType) },
  metadata: { check: nullable(objectType) },
  prompt_cache_key: { check: nullable(stringType) },
};

/** Pydantic-style validation of a FIM body: every problem at once, as FastAPI reports them. */
export function validateFimBody(body: unknown): { ok: true; request: FimRequest } | { ok: false; issues: ValidationIssue[] } {
  if (!isRecord(body))
    return { ok: false, issues: [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type', input: body }] };
  const issues: ValidationIssue[] = [];
  for (const [name, field] of Object.entries(FIELDS)) {
    const value = body[name];
    if (value === undefined) {
      if (field.required) issues.push({ loc: ['body', name], msg: 'Field required', type: 'missing', input: body });
      continue;
    }
    const issue = field.check(value, name);
    if (issue) issues.push(issue);
  }
  for (const name of Object.keys(body)) {
    if (!(name in FIELDS))
      issues.push({ loc: ['body', name], msg: 'Extra inputs are not permitted', type: 'extra_forbidden', input: body[name] });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, request: toRequest(body) };
}

function toRequest(body: Record<string, unknown>): FimRequest {
  const stop = body['stop'];
  return {
    model: body['model'] as string,
    prompt: body['prompt'] as string,
    suffix: (body['suffix'] as string | null | undefined) ?? '',
    ...(typeof body['max_tokens'] === 'number' ? { maxTokens: body['max_tokens'] } : {}),
    ...(typeof body['min_tokens'] === 'number' ? { minTokens: body['min_tokens'] } : {}),
    stop: typeof stop === 'string' ? [stop] : Array.isArray(stop) ? (stop as string[]) : [],
    stream: body['stream'] === true,
    ...(typeof body['prompt_cache_key'] === 'string' && body['prompt_cache_key'] !== ''
      ? { promptCacheKey: body['prompt_cache_key'] }
      : {}),
  };
}

function nullable(check: FieldCheck): FieldCheck {
  return (v, name) => (v === null ? undefined : check(v, name));
}

function stringType(v: unknown, name: string): ValidationIssue | undefined {
  return typeof v === 'string' ? undefined : { loc: ['body', name], msg: 'Input should be a valid string', type: 'string_type', input: v };
}

function boolType(v: unknown, name: string): ValidationIssue | undefined {
  return typeof v === 'boolean' ? undefined : { loc: ['body', name], msg: 'Input should be a valid boolean', type: 'bool_type', input: v };
}

function objectType(v: unknown, name: string): ValidationIssue | undefined {
  return isRecord(v) ? undefined : { loc: ['body', name], msg: 'Input should be a valid dictionary', type: 'dict_type', input: v };
}

function intAtLeast(min: number): FieldCheck {
  return (v, name) => {
    if (typeof v !== 'number' || !Number.isInteger(v))
      return { loc: ['body', name], msg: 'Input should be a valid integer', type: 'int_type', input: v };
    if (v < min)
      return {
        loc: ['body', name],
        msg: `Input should be greater than or equal to ${min}`,
        type: 'greater_than_equal',
        input: v,
        ctx: { ge: min },
      };
    return undefined;
  };
}

function numberBetween(min: number, max: number): FieldCheck {
  return (v, name) => {
    if (typeof v !== 'number') return { loc: ['body', name], msg: 'Input should be a valid number', type: 'float_type', input: v };
    if (v < min)
      return {
        loc: ['body', name],
        msg: `Input should be greater than or equal to ${min}`,
        type: 'greater_than_equal',
        input: v,
        ctx: { ge: min },
      };
    if (v > max)
      return {
        loc: ['body', name],
        msg: `Input should be less than or equal to ${max}`,
        type: 'less_than_equal',
        input: v,
        ctx: { le: max },
      };
    return undefined;
  };
}

function stopType(v: unknown, name: string): ValidationIssue | undefined {
  if (typeof v === 'string') return undefined;
  if (Array.isArray(v)) {
    const bad = v.findIndex((s) => typeof s !== 'string');
    return bad < 0
      ? undefined
      : { loc: ['body', name, 'list[str]', bad], msg: 'Input should be a valid string', type: 'string_type', input: v[bad] };
  }
  return { loc: ['body', name, 'str'], msg: 'Input should be a valid string', type: 'string_type', input: v };
}
