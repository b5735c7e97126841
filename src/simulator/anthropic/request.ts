import { isRecord } from '../http';
import { InvalidRequest } from './errors';
import { CURRENT_API_VERSION, findClaudeModel, type ClaudeModel } from './models';
import { parseThinking, type ThinkingPlan } from './thinking';

export type Ttl = '5m' | '1h';
export type RawBlock = Record<string, unknown>;

export interface ClaudeMessage {
  role: 'user' | 'assistant' | 'system';
  blocks: RawBlock[];
}

export interface ClaudeRequest {
  model: string;
  modelInfo: ClaudeModel;
  maxTokens: number;
  stream: boolean;
  system: RawBlock[];
  messages: ClaudeMessage[];
  tools: RawBlock[];
  toolChoice: { type: string; name?: string };
  stopSequences: string[];
  /** Top-level `cache_control`: automatic breakpoint on the last cacheable block. */
  autoCache?: Ttl;
  /** `thinking` and `output_config.effort` resolved against the model's defaults. */
  thinking: ThinkingPlan;
}

export class UnknownModel extends Error {}

const MAX_BREAKPOINTS = 4;

/** Validates a Messages (or count_tokens) body the way the API does, throwing InvalidRequest/UnknownModel. */
export function parseClaudeRequest(body: unknown, version: string, forCountTokens: boolean): ClaudeRequest {
  if (!isRecord(body)) throw new InvalidRequest('Request body must be a JSON object.');
  const model = body['model'];
  if (typeof model !== 'string') throw new InvalidRequest('model: Field required');
  const maxTokens = forCountTokens ? 0 : parseMaxTokens(body['max_tokens']);
  const messages = parseMessages(body['messages']);
  const system = parseSystem(body['system']);
  const tools = parseTools(body['tools']);
  const toolChoice = parseToolChoice(body['tool_choice'], tools);
  const stopSequences = parseStopSequences(body['stop_sequences']);
  const autoCache = body['cache_control'] == null ? undefined : parseCacheControl(body['cache_control'], 'cache_control');
  const modelInfo = findClaudeModel(model);
  if (!modelInfo) throw new UnknownModel(`model: ${model}`);
  const thinking = forCountTokens
    ? { thinks: false, effort: modelInfo.thinking.defaultEffort, display: 'omitted' as const }
    : parseThinking(body, model, modelInfo.thinking, maxTokens);
  const request: ClaudeRequest = {
    model,
    modelInfo,
    maxTokens,
    messages,
    system,
    tools,
    toolChoice,
    stopSequences,
    thinking,
    stream: body['stream'] === true,
    ...(autoCache ? { autoCache } : {}),
  };
  checkSamplingParams(body, version, model, modelInfo);
  checkThinkingAndToolChoice(body, request);
  checkThinkingKeptForTools(request);
  if (!forCountTokens) checkPrefill(request);
  checkBreakpoints(request);
  return request;
}

/**
 * With thinking on, the last assistant turn whose tool call the next user message answers must start
 * with its thinking block, sent back unmodified (Anthropic, extended thinking: "preserving thinking
 * blocks"; the API answers 400 otherwise). Earlier turns and turns without tool calls need none.
 */
function checkThinkingKeptForTools(req: ClaudeRequest): void {
  if (!req.thinking.thinks) return;
  const i = req.messages.map((m) => m.role).lastIndexOf('assistant');
  const turn = req.messages[i];
  const answered = req.messages[i + 1]?.blocks.some((b) => b['type'] === 'tool_result');
  if (!turn || !answered || !turn.blocks.some((b) => b['type'] === 'tool_use')) return;
  const first = String(turn.blocks[0]?.['type']);
  if (first === 'thinking' || first === 'redacted_thinking') return;
  throw new InvalidRequest(
    `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`,
  );
}

function parseMaxTokens(v: unknown): number {
  if (v === undefined) throw new InvalidRequest('max_tokens: Field required');
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new InvalidRequest('max_tokens: Input should be a valid integer');
  if (v < 0) throw new InvalidRequest('max_tokens: Input should be greater than or equal to 0');
  return v;
}

function parseMessages(v: unknown): ClaudeMessage[] {
  if (v === undefined) throw new InvalidRequest('messages: Field required');
  if (!Array.isArray(v)) throw new InvalidRequest('messages: Input should be a valid list');
  if (v.length === 0) throw new InvalidRequest('messages: at least one message is required');
  return v.map((m, i) => {
    if (!isRecord(m)) throw new InvalidRequest(`messages.${i}: Input should be a valid dictionary`);
    const role = m['role'];
    if (role !== 'user' && role !== 'assistant' && role !== 'system') {
      throw new InvalidRequest(`messages.${i}.role: Input should be 'user', 'assistant' or 'system'`);
    }
    return { role, blocks: parseContent(m['content'], `messages.${i}.content`) };
  });
}

function parseContent(v: unknown, path: string): RawBlock[] {
  if (typeof v === 'string') return [{ type: 'text', text: v }];
  if (!Array.isArray(v)) throw new InvalidRequest(`${path}: Field required`);
  return v.map((b, j) => {
    if (!isRecord(b) || typeof b['type'] !== 'string') throw new InvalidRequest(`${path}.${j}.type: Field required`);
    if (b['type'] === 'text' && typeof b['text'] !== 'string') throw new InvalidRequest(`${path}.${j}.text: Field required`);
    if (b['cache_control'] != null) parseCacheControl(b['cache_control'], `${path}.${j}.cache_control`);
    return b;
  });
}

function parseSystem(v: unknown): RawBlock[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v === '' ? [] : [{ type: 'text', text: v }];
  if (!Array.isArray(v)) throw new InvalidRequest('system: Input should be a valid string or list');
  return parseContent(v, 'system').map((b, i) => {
    if (b['type'] !== 'text') throw new InvalidRequest(`system.${i}.type: Input should be 'text'`);
    return b;
  });
}

function parseTools(v: unknown): RawBlock[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new InvalidRequest('tools: Input should be a valid list');
  return v.map((t, i) => {
    if (!isRecord(t) || typeof t['name'] !== 'string') throw new InvalidRequest(`tools.${i}.name: Field required`);
    if (t['type'] === undefined || t['type'] === 'custom') {
      if (!isRecord(t['input_schema'])) throw new InvalidRequest(`tools.${i}.custom.input_schema: Field required`);
    }
    if (t['cache_control'] != null) parseCacheControl(t['cache_control'], `tools.${i}.cache_control`);
    return t;
  });
}

function parseToolChoice(v: unknown, tools: RawBlock[]): { type: string; name?: string } {
  if (v === undefined || v === null) return { type: 'auto' };
  if (!isRecord(v) || !['auto', 'any', 'tool', 'none'].includes(v['type'] as string)) {
    throw new InvalidRequest("tool_choice: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'");
  }
  if (v['type'] !== 'tool') return { type: v['type'] as string };
  const name = v['name'];
  if (typeof name !== 'string') throw new InvalidRequest('tool_choice.tool.name: Field required');
  if (!tools.some((t) => t['name'] === name)) throw new InvalidRequest(`tool_choice: tool '${name}' is not in tools`);
  return { type: 'tool', name };
}

function parseStopSequences(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
    throw new InvalidRequest('stop_sequences: Input should be a valid list of strings');
  return v as string[];
}

export function parseCacheControl(v: unknown, path: string): Ttl {
  if (!isRecord(v) || v['type'] !== 'ephemeral') throw new InvalidRequest(`${path}.type: Input should be 'ephemeral'`);
  const ttl = v['ttl'] ?? '5m';
  if (ttl !== '5m' && ttl !== '1h') throw new InvalidRequest(`${path}.ttl: Input should be '5m' or '1h'`);
  return ttl;
}

function checkSamplingParams(body: Record<string, unknown>, version: string, model: string, info: ClaudeModel): void {
  for (const param of ['temperature', 'top_p', 'top_k']) {
    if (body[param] === undefined) continue;
    if (version === CURRENT_API_VERSION) {
      throw new InvalidRequest(
        `${param}: Extra inputs are not permitted under anthropic-version ${CURRENT_API_VERSION}; control the model with output_config.effort instead`,
      );
    }
    if (!info.samplingParams) throw new InvalidRequest(`${param}: not supported for model ${model}`);
  }
}

function checkThinkingAndToolChoice(body: Record<string, unknown>, req: ClaudeRequest): void {
  const forced = req.toolChoice.type === 'tool' || req.toolChoice.type === 'any';
  if (!forced) return;
  if (!req.modelInfo.forcedToolChoice) {
    throw new InvalidRequest(
      `tool_choice: forced tool use (type '${req.toolChoice.type}') is not supported for ${req.model}; use {"type": "auto"}`,
    );
  }
  const thinking = body['thinking'];
  if (isRecord(thinking) && (thinking['type'] === 'enabled' || thinking['type'] === 'adaptive')) {
    throw new InvalidRequest('Thinking may not be enabled when tool_choice forces tool use.');
  }
}

function checkPrefill(req: ClaudeRequest): void {
  const last = req.messages[req.messages.length - 1];
  if (last?.role === 'assistant' && !req.modelInfo.prefill) {
    throw new InvalidRequest('This model does not support assistant message prefill. The conversation must end with a user message.');
  }
}

/** At most 4 breakpoints (the automatic one included); 1-hour entries must precede 5-minute ones. */
function checkBreakpoints(req: ClaudeRequest): void {
  const ttls: Ttl[] = [];
  for (const block of [...req.tools, ...req.system, ...req.messages.flatMap((m) => m.blocks)]) {
    if (block['cache_control'] != null) ttls.push(parseCacheControl(block['cache_control'], 'cache_control'));
  }
  const count = ttls.length + (req.autoCache ? 1 : 0);
  if (count > MAX_BREAKPOINTS) {
    throw new InvalidRequest(`A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${count}.`);
  }
  const first5m = ttls.indexOf('5m');
  if (first5m >= 0 && ttls.slice(first5m).includes('1h')) {
    throw new InvalidRequest("cache_control: a ttl='1h' breakpoint must not come after a ttl='5m' breakpoint");
  }
}
