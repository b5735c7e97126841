import { clearProblems, reportFailure } from '../errorNotices';
import type { NoticeBoard } from '../notices';
import { ProviderError } from '../providers/errors';
import type { ClaudeClient, ClaudeEvent, ClaudeRequest, ThinkingReplay } from '../providers/claude';
import { DEFAULT_THINKING, thinkingParams, type ThinkingChoice } from '../providers/claudeThinking';
import type { RouteTarget, Usage } from '../providers/types';
import type { Invoke, RoutedRequest } from '../router/run';
import type { MessageParam, ToolChoice } from '@anthropic-ai/sdk/resources/messages';
import { REVIEW_TOOL_NAME, toolChoiceFor } from './findings/reviewTool';
import type { ConversationRequest } from './prompt/conversation';

/** The router as the assist commands need it. */
export interface AssistRouter {
  stream<E extends { type: string }>(
    req: RoutedRequest,
    invoke: Invoke<E>,
  ): { recordId: string; route: Promise<RouteTarget | undefined>; events: AsyncIterable<E> };
}

export interface AssistDeps {
  router: AssistRouter;
  /** The Claude client for the current key/endpoint; undefined when the Anthropic key is missing. */
  claude(): ClaudeClient | undefined;
  /** Secret redaction, applied to every text block that leaves the machine. */
  redact(text: string): string;
  /** `tandem.<task>.thinking` / `.effort`, read per request; absent = DEFAULT_THINKING. */
  thinking?(task: 'explain' | 'review'): ThinkingChoice;
}

export interface AssistResult {
  text: string;
  /** The review tool's input, when the model called it. */
  toolInput?: unknown;
  /** The whole tool call, to replay it in a follow-up. */
  toolUse?: { id: string; name: string; input: unknown };
  /** Thinking blocks in the order they came (sent back before the tool call in a follow-up). */
  thinking?: ThinkingReplay[];
  route?: RouteTarget;
  usage?: Usage;
  stopReason?: string;
}

/** One explain/review turn as runAssist runs it. */
export interface AssistRun<D extends AssistDeps = AssistDeps> {
  task: 'explain' | 'review';
  /** Built once for the turn; toClaudeRequest fits it to each route's model. */
  request: ConversationRequest;
  /** The model the router tries first: its thinking allowance sizes the first reservation. */
  firstModel: string;
  deps: D;
  signal: AbortSignal;
  /** Each text delta as it arrives. */
  onText?: (delta: string) => void;
  /** The model started thinking (no text comes meanwhile). */
  onThinking?: () => void;
}

/**
 * One explain/review request through the router: the request, built once, is fitted to whichever model
 * the router picks (tool choice and thinking differ per model), redacted, streamed; text deltas go to `onText`
 * as they arrive, and `onThinking` fires when the model starts thinking (no text comes meanwhile).
 * The reservation for each route covers its thinking allowance. Throws BudgetRefusedError or
 * ProviderError like the router does.
 */
export async function runAssist(run: AssistRun): Promise<AssistResult> {
  const { task, request, firstModel, deps, signal, onText = () => {}, onThinking = () => {} } = run;
  const choice = deps.thinking?.(task) ?? DEFAULT_THINKING[task];
  const maxOutputTokensFor = (model: string): number => request.maxTokens + thinkingParams(model, choice).thinkingAllowance;
  const routed = deps.router.stream<ClaudeEvent>(
    {
      task,
      estimatedInputTokens: request.estimatedInputTokens,
      inputBoundTokens: request.inputBoundTokens,
      maxOutputTokens: maxOutputTokensFor(firstModel),
      maxOutputTokensFor,
      signal,
    },
    (target, routeSignal) => {
      const client = deps.claude();
      if (!client) throw new ProviderError('auth', `Anthropic key missing — run 'Tandem: Set Anthropic API Key'.`, 'anthropic');
      return client.stream(toClaudeRequest(target.model, request, deps.redact, choice), routeSignal);
    },
  );
  const result: AssistResult = { text: '' };
  for await (const event of routed.events) {
    if (event.type === 'text') {
      result.text += event.text;
      onText(event.text);
    } else if (event.type === 'thinking') onThinking();
    else if (event.type === 'thinking_block') (result.thinking ??= []).push(event.block);
    else if (event.type === 'tool_use') {
      result.toolInput = event.input;
      result.toolUse = { id: event.id, name: event.name, input: event.input };
    } else if (event.type === 'done') {
      result.usage = event.usage;
      result.stopReason = event.stopReason;
    }
  }
  result.route = await routed.route;
  return result;
}

/**
 * runAssist as the explain and review commands run it: a success clears Claude's standing problems,
 * a failure other than the caller's own cancellation is shown once on the NoticeBoard; rethrows.
 */
export async function runAssistReported(run: AssistRun<AssistDeps & { notices: NoticeBoard }>): Promise<AssistResult> {
  try {
    const result = await runAssist(run);
    clearProblems(run.deps.notices, 'anthropic');
    return result;
  } catch (err) {
    if (!run.signal.aborted) reportFailure(run.deps.notices, err);
    throw err;
  }
}

/**
 * The Claude request for `model`: redacted text (follow-up turns included), the thinking/effort the
 * task's choice allows on that model, and `max_tokens` = the answer's own allowance plus room to
 * think, so thinking (which counts toward max_tokens) cannot cut the answer short. The review tool's
 * choice is the model's own (toolChoiceFor) unless the request sets one; forced tool use is not allowed
 * with thinking on, so a thinking model is asked for the tool with `auto`.
 */
export function toClaudeRequest(
  model: string,
  req: ConversationRequest,
  redact: (text: string) => string,
  choice: ThinkingChoice = DEFAULT_THINKING.explain,
): ClaudeRequest {
  const block = <B extends { text: string }>(b: B): B => ({ ...b, text: redact(b.text) });
  const plan = thinkingParams(model, choice);
  const toolChoice = toolChoiceOn(model, req, plan.thinks);
  return {
    model,
    system: req.system.map(block),
    messages: [
      ...req.messages.map((m) => ({ role: m.role, content: m.content.map(block) })),
      ...(req.followups ?? []).map((m) => redactMessage(m, redact)),
    ],
    maxTokens: req.maxTokens + plan.thinkingAllowance,
    ...(req.tools ? { tools: req.tools } : {}),
    ...(toolChoice ? { toolChoice } : {}),
    ...(plan.thinking ? { thinking: plan.thinking } : {}),
    ...(plan.effort ? { effort: plan.effort } : {}),
  };
}

/** The request's own tool choice, else the review tool's for `model`; `auto` instead of forced when the model thinks. */
function toolChoiceOn(model: string, req: ConversationRequest, thinks: boolean): ToolChoice | undefined {
  const review = req.tools?.some((t) => t.name === REVIEW_TOOL_NAME) ?? false;
  const choice = req.toolChoice ?? (review ? toolChoiceFor(model) : undefined);
  const forced = choice?.type === 'tool' || choice?.type === 'any';
  return forced && thinks ? { type: 'auto' } : choice;
}

/** Text and tool results of a follow-up message redacted like every other block. */
function redactMessage(m: MessageParam, redact: (text: string) => string): MessageParam {
  if (typeof m.content === 'string') return { ...m, content: redact(m.content) };
  const content = m.content.map((b) => {
    if (b.type === 'text') return { ...b, text: redact(b.text) };
    if (b.type === 'tool_result' && typeof b.content === 'string') return { ...b, content: redact(b.content) };
    return b;
  });
  return { ...m, content } as MessageParam;
}
