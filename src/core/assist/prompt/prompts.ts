import type { Tool, ToolChoice } from '@anthropic-ai/sdk/resources/messages';
import { estimateTokens } from '../../tokens';
import { buildWorkspaceContext, splitContextBudget, type ContextBudget } from './context';
import { EXPLAIN_INSTRUCTIONS, REVIEW_INSTRUCTIONS } from './instructions';
import { numberedChanges, numberedCode, type ChangedFile, type ShownCode } from './questions';
import { redactChangedFile, redactFile } from './redactInputs';
import { REVIEW_TOOL } from '../findings/reviewTool';
import { inputTokenBound } from '../../tokenBound';
import { splitLines } from './gutter';
import type { FindingScope, LineRange, SourceFile, TargetFile } from '../types';

export interface AssistTextBlock {
  type: 'text';
  text: string;
  cache_control?: { type: 'ephemeral' };
}

/**
 * A Messages request for any model (`tools` only for review). The review tool's choice depends on the
 * model, so toClaudeRequest derives it; `toolChoice` is set only to override that (follow-ups: none).
 */
export interface AssistRequest {
  system: AssistTextBlock[];
  messages: Array<{ role: 'user'; content: AssistTextBlock[] }>;
  tools?: Tool[];
  toolChoice?: ToolChoice;
  maxTokens: number;
  /** Same count the simulator reports as total input (tools + system + messages, shared estimator). */
  estimatedInputTokens: number;
  /** What budgets reserve on: no tokenizer counts more for this prompt (tokenBound.ts). */
  inputBoundTokens: number;
}

export interface ReviewRequest extends AssistRequest {
  /** Pass to parseFindings: the lines findings may point at. */
  scope: FindingScope;
}

interface AssistCommon {
  related: SourceFile[];
  conventions: SourceFile[];
  /** `tandem.assist.contextTokens`; the code in the question gets the target share of it. */
  contextTokens: number;
  maxTokens: number;
}

export interface ExplainInput extends AssistCommon {
  target: TargetFile;
  /** The selection, or the enclosing block when nothing is selected; absent = the whole file. */
  range?: LineRange;
  /** What the developer typed, if anything. */
  question?: string;
}

export type ReviewScope =
  { kind: 'selection'; startLine: number; endLine: number } | { kind: 'file' } | { kind: 'changes'; files: ChangedFile[] };

export type ReviewInput = AssistCommon &
  (
    | { target: TargetFile; scope: Extract<ReviewScope, { kind: 'selection' | 'file' }> }
    | { target?: undefined; scope: Extract<ReviewScope, { kind: 'changes' }> }
  );

const BREAKPOINT = { type: 'ephemeral' } as const;

/**
 * Cache layout: [instructions ▸][workspace context ▸] in `system`, then the question with no
 * breakpoint. Selections in the same file share both cached blocks; only the question changes.
 * When the whole file is the subject it moves from the context into the question.
 */
export function buildExplainRequest(rawInput: ExplainInput): AssistRequest {
  const input: ExplainInput = { ...rawInput, ...redactedCommon(rawInput), target: redactFile(rawInput.target) };
  const budget = splitContextBudget(input.contextTokens);
  const whole = input.range === undefined;
  const context = buildWorkspaceContext({
    ...contextFiles(input, budget),
    gutter: false,
    ...(whole ? {} : { target: input.target, focus: input.range }),
  });
  const range = input.range ?? { startLine: 1, endLine: splitLines(input.target.text).length };
  const code = numberedCode(input.target, range, budget.targetTokens);
  const ask = whole ? `Explain the file ${input.target.path}` : `Explain lines ${rangeText(code)} of ${input.target.path}`;
  const asked = input.question?.trim() ? `\n\nThe developer asks: ${input.question.trim()}` : '';
  const question = `${ask} (${input.target.languageId}).${asked}\n\n${code.text}`;
  return assemble(EXPLAIN_INSTRUCTIONS, context.text, question, input.maxTokens);
}

export function buildReviewRequest(rawInput: ReviewInput): ReviewRequest {
  const input = redactedReviewInput(rawInput);
  const budget = splitContextBudget(input.contextTokens);
  const { context, code, ask } = reviewParts(input, budget);
  const request = assemble(REVIEW_INSTRUCTIONS, context, `${ask}\n\n${code.text}`, input.maxTokens, true);
  return { ...request, scope: { files: code.files } };
}

function reviewParts(input: ReviewInput, budget: ContextBudget): { context: string; code: ShownCode; ask: string } {
  const files = contextFiles(input, budget);
  if (input.target === undefined) {
    const changed = input.scope.files.flatMap((f) => (f.text === undefined ? [] : [{ path: f.path, text: f.text }]));
    const context = buildWorkspaceContext({ ...files, related: [...files.related, ...changed], gutter: true });
    const code = numberedChanges(input.scope.files, budget.targetTokens);
    return {
      context: context.text,
      code,
      ask: `Review the uncommitted changes below (${code.files.length} file${code.files.length === 1 ? '' : 's'}).`,
    };
  }
  const target = input.target;
  if (input.scope.kind === 'file') {
    const code = numberedCode(target, { startLine: 1, endLine: splitLines(target.text).length }, budget.targetTokens);
    return {
      context: buildWorkspaceContext({ ...files, gutter: true }).text,
      code,
      ask: `Review the file ${target.path} (${target.languageId}).`,
    };
  }
  const focus = { startLine: input.scope.startLine, endLine: input.scope.endLine };
  const context = buildWorkspaceContext({ ...files, gutter: true, target, focus });
  const code = numberedCode(target, focus, budget.targetTokens);
  return { context: context.text, code, ask: `Review lines ${rangeText(code)} of ${target.path} (${target.languageId}).` };
}

/**
 * Every text of the input redacted while still raw, before gutters and diff markers are added (a
 * PEM block behind `NN| ` gutters is no longer one block to the rules). The request is redacted
 * once more on its way out (runAssist), which catches nothing new but costs little.
 */
function redactedCommon(input: AssistCommon): Pick<AssistCommon, 'related' | 'conventions'> {
  return { related: input.related.map((f) => redactFile(f)), conventions: input.conventions.map((f) => redactFile(f)) };
}

function redactedReviewInput(input: ReviewInput): ReviewInput {
  const common = redactedCommon(input);
  if (input.target === undefined)
    return { ...input, ...common, scope: { kind: 'changes', files: input.scope.files.map((f) => redactChangedFile(f)) } };
  return { ...input, ...common, target: redactFile(input.target) };
}

function contextFiles(
  input: AssistCommon,
  budget: ContextBudget,
): { related: SourceFile[]; conventions: SourceFile[]; budget: ContextBudget } {
  return { related: input.related, conventions: input.conventions, budget };
}

function assemble(instructions: string, context: string, question: string, maxTokens: number, review = false): AssistRequest {
  const system: AssistTextBlock[] = [{ type: 'text', text: instructions, cache_control: BREAKPOINT }];
  if (context !== '') system.push({ type: 'text', text: context, cache_control: BREAKPOINT });
  const messages: AssistRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: question }] }];
  const tools = review ? { tools: [REVIEW_TOOL] } : undefined;
  const estimatedInputTokens =
    (tools ? tools.tools.reduce((sum, t) => sum + toolTokens(t), 0) : 0) +
    [...system, ...messages[0]!.content].reduce((sum, b) => sum + estimateTokens(b.text), 0);
  const toolTexts = tools ? tools.tools.map((t) => [t.name, t.description ?? '', JSON.stringify(t.input_schema)].join('\n')) : [];
  const inputBoundTokens = inputTokenBound([...toolTexts, ...system.map((b) => b.text), question], { tools: tools !== undefined });
  return { system, messages, ...tools, maxTokens, estimatedInputTokens, inputBoundTokens };
}

/** How the API counts a tool definition (name, description, schema). */
function toolTokens(tool: Tool): number {
  return estimateTokens([tool.name, tool.description ?? '', JSON.stringify(tool.input_schema)].join('\n'));
}

function rangeText(code: ShownCode): string {
  const range = code.files[0]?.ranges[0];
  if (!range) return '(none)';
  return range.startLine === range.endLine ? `${range.startLine}` : `${range.startLine}–${range.endLine}`;
}
