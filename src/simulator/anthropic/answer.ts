import { estimateTokens } from '../../core/tokens';
import { randomId } from '../http';
import { explainAnswer } from '../model/explain';
import { splitIntoTokens, truncateToTokens } from '../model/pieces';
import { reviewCode } from '../model/review';
import { blockText } from './promptBlocks';
import type { ClaudeRequest } from './request';

export const REVIEW_TOOL = 'report_findings';

export type AnswerBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown; inputJson: string };

export interface ClaudeAnswer {
  blocks: AnswerBlock[];
  stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';
  stopSequence: string | null;
  outputTokens: number;
}

/**
 * The simulated model's reply: a `report_findings` tool call when that tool is offered and not
 * switched off (review), otherwise a Markdown explanation of the code in the last user turn.
 */
export function answer(req: ClaudeRequest, malformedTool: boolean): ClaudeAnswer {
  const prompt = lastUserText(req);
  if (req.maxTokens === 0) return { blocks: [], stopReason: 'max_tokens', stopSequence: null, outputTokens: 0 };
  if (usesReviewTool(req)) return toolAnswer(prompt, malformedTool);
  return textAnswer(explainAnswer(prompt), req);
}

function usesReviewTool(req: ClaudeRequest): boolean {
  if (!req.tools.some((t) => t['name'] === REVIEW_TOOL) || req.toolChoice.type === 'none') return false;
  return req.toolChoice.type !== 'tool' || req.toolChoice.name === REVIEW_TOOL;
}

function toolAnswer(prompt: string, malformed: boolean): ClaudeAnswer {
  const report = reviewCode(prompt);
  // Valid JSON that breaks the tool's schema: wrong types and an unknown severity.
  const input: unknown = malformed
    ? { summary: report.findings.length, findings: report.findings.map((f) => ({ line: String(f.line), severity: 'critical', text: f.message })) }
    : report;
  const inputJson = JSON.stringify(input);
  return {
    blocks: [{ type: 'tool_use', id: randomId('toolu_01', 11), name: REVIEW_TOOL, input, inputJson }],
    stopReason: 'tool_use',
    stopSequence: null,
    outputTokens: estimateTokens(inputJson),
  };
}

/**
 * The streaming classifier stepping in after `afterTokens` tokens: the text streamed so far is kept
 * (the docs' example keeps a partial text block), the answer ends with `stop_reason: "refusal"`.
 * A tool call the cut lands in is dropped whole: its input JSON would be unparsable.
 */
export function refusedAnswer(full: ClaudeAnswer, afterTokens: number): ClaudeAnswer {
  const blocks: AnswerBlock[] = [];
  let left = afterTokens;
  for (const b of full.blocks) {
    if (left <= 0) break;
    const pieces = splitIntoTokens(b.type === 'text' ? b.text : b.inputJson);
    if (b.type === 'text') blocks.push({ type: 'text', text: pieces.slice(0, left).join('') });
    else if (pieces.length <= left) blocks.push(b);
    left -= pieces.length;
  }
  const kept = blocks.filter((b) => b.type !== 'text' || b.text !== '');
  return { blocks: kept, stopReason: 'refusal', stopSequence: null, outputTokens: kept.reduce((n, b) => n + estimateTokens(b.type === 'text' ? b.text : b.inputJson), 0) };
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
  return { blocks: [{ type: 'text', text }], stopReason, stopSequence, outputTokens: estimateTokens(text) };
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
