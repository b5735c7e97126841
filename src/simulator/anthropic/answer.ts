import { estimateTokens } from '../../core/tokens';
import { randomId } from '../http';
import { explainAnswer } from '../model/explain';
import { splitIntoTokens, truncateToTokens } from '../model/pieces';
import { reviewCode } from '../model/review';
import { blockText } from './promptBlocks';
import type { ClaudeRequest } from './request';
import { thinkingTokens } from './thinking';

export const REVIEW_TOOL = 'report_findings';

export type AnswerBlock =
  | { type: 'thinking'; thinking: string; pieces: string[]; signature: string; display: 'summarized' | 'omitted' }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown; inputJson: string };

export interface ClaudeAnswer {
  blocks: AnswerBlock[];
  stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';
  stopSequence: string | null;
  /** All output tokens billed, thinking included (`usage.output_tokens`). */
  outputTokens: number;
  /** Of those, thinking (`usage.output_tokens_details.thinking_tokens`). */
  thinkingTokens: number;
}

/**
 * The simulated model's reply: a `report_findings` tool call when that tool is offered and not
 * switched off (review), otherwise a Markdown explanation of the code in the last user turn. A
 * thinking model thinks first; its thinking tokens count toward `max_tokens` and `output_tokens`,
 * so a small `max_tokens` can end the answer inside the thinking, with no text at all.
 */
export function answer(req: ClaudeRequest, malformedTool: boolean, thinkingOverride?: number): ClaudeAnswer {
  const prompt = lastUserText(req);
  if (req.maxTokens === 0) return { blocks: [], stopReason: 'max_tokens', stopSequence: null, outputTokens: 0, thinkingTokens: 0 };
  const wanted = thinkingTokens(req.thinking, thinkingOverride);
  if (wanted >= req.maxTokens) {
    const cut = thinkingBlock(req.maxTokens, req.thinking.display);
    return { blocks: [cut], stopReason: 'max_tokens', stopSequence: null, outputTokens: req.maxTokens, thinkingTokens: req.maxTokens };
  }
  const rest = { ...req, maxTokens: req.maxTokens - wanted };
  const reply = usesReviewTool(req) ? toolAnswer(prompt, malformedTool) : textAnswer(explainAnswer(prompt), rest);
  if (wanted === 0) return reply;
  return {
    ...reply,
    blocks: [thinkingBlock(wanted, req.thinking.display), ...reply.blocks],
    outputTokens: reply.outputTokens + wanted,
    thinkingTokens: wanted,
  };
}

/** Words of at most six letters: one estimator token each, so N words are exactly N tokens. */
const THOUGHT = 'read the code see what each part does how the parts call each other then plan the answer'.split(' ');

/** A thinking block of exactly `tokens` estimator tokens (its stream pieces built directly), with an opaque signature. */
function thinkingBlock(tokens: number, display: 'summarized' | 'omitted'): AnswerBlock {
  const pieces = Array.from({ length: tokens }, (_, i) => `${THOUGHT[i % THOUGHT.length]!}${i + 1 < tokens ? ' ' : ''}`);
  return { type: 'thinking', thinking: pieces.join(''), pieces, signature: randomId('Eu', 64), display };
}

function usesReviewTool(req: ClaudeRequest): boolean {
  if (!req.tools.some((t) => t['name'] === REVIEW_TOOL) || req.toolChoice.type === 'none') return false;
  return req.toolChoice.type !== 'tool' || req.toolChoice.name === REVIEW_TOOL;
}

function toolAnswer(prompt: string, malformed: boolean): ClaudeAnswer {
  const report = reviewCode(prompt);
  // Valid JSON that breaks the tool's schema: wrong types and an unknown severity.
  const input: unknown = malformed
    ? {
        summary: report.findings.length,
        findings: report.findings.map((f) => ({ line: String(f.line), severity: 'critical', text: f.message })),
      }
    : report;
  const inputJson = JSON.stringify(input);
  return {
    blocks: [{ type: 'tool_use', id: randomId('toolu_01', 11), name: REVIEW_TOOL, input, inputJson }],
    stopReason: 'tool_use',
    stopSequence: null,
    outputTokens: estimateTokens(inputJson),
    thinkingTokens: 0,
  };
}

/**
 * The streaming classifier stepping in after `afterTokens` output tokens (thinking included): what
 * streamed so far is kept (the docs' example keeps a partial text block), the answer ends with
 * `stop_reason: "refusal"`. A tool call the cut lands in is dropped whole (its input JSON would be
 * unparsable); thinking cut short keeps its streamed part.
 */
export function refusedAnswer(full: ClaudeAnswer, afterTokens: number): ClaudeAnswer {
  const blocks: AnswerBlock[] = [];
  let left = afterTokens;
  for (const b of full.blocks) {
    if (left <= 0) break;
    const kept = keptPart(b, left);
    if (kept) blocks.push(kept);
    left -= blockTokens(b);
  }
  const thinking = blocks.reduce((n, b) => n + (b.type === 'thinking' ? b.pieces.length : 0), 0);
  const output = blocks.reduce(
    (n, b) => n + (b.type === 'thinking' ? b.pieces.length : estimateTokens(b.type === 'text' ? b.text : b.inputJson)),
    0,
  );
  return { blocks, stopReason: 'refusal', stopSequence: null, outputTokens: output, thinkingTokens: thinking };
}

function blockTokens(b: AnswerBlock): number {
  return b.type === 'thinking' ? b.pieces.length : splitIntoTokens(b.type === 'text' ? b.text : b.inputJson).length;
}

/** The part of `b` streamed within `left` tokens; undefined when nothing of it is kept. */
function keptPart(b: AnswerBlock, left: number): AnswerBlock | undefined {
  if (b.type === 'tool_use') return splitIntoTokens(b.inputJson).length <= left ? b : undefined;
  if (b.type === 'thinking') {
    if (b.pieces.length <= left) return b;
    const pieces = b.pieces.slice(0, left);
    return { ...b, pieces, thinking: pieces.join('') };
  }
  const text = splitIntoTokens(b.text).slice(0, left).join('');
  return text === '' ? undefined : { type: 'text', text };
}

function textAnswer(full: string, req: ClaudeRequest): ClaudeAnswer {
  let text = full;
  let stopReason: ClaudeAnswer['stopReason'] = 'end_turn';
  let stopSequence: string | null = null;
  const hit = earliestStop(text, req.stopSequences);
  if (hit) {
    text = text.slice(0, hit.at);
    stopReason = 'stop_sequence';
    stopSequence = hit.sequence;
  }
  const cut = truncateToTokens(text, req.maxTokens);
  if (cut.truncated) {
    text = cut.text;
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  return { blocks: [{ type: 'text', text }], stopReason, stopSequence, outputTokens: estimateTokens(text), thinkingTokens: 0 };
}

function earliestStop(text: string, sequences: string[]): { at: number; sequence: string } | undefined {
  let best: { at: number; sequence: string } | undefined;
  for (const sequence of sequences) {
    const at = sequence === '' ? -1 : text.indexOf(sequence);
    if (at >= 0 && (!best || at < best.at)) best = { at, sequence };
  }
  return best;
}

function lastUserText(req: ClaudeRequest): string {
  const user = [...req.messages].reverse().find((m) => m.role === 'user');
  return user ? user.blocks.map(blockText).join('\n') : '';
}
