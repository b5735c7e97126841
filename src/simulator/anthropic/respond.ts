import type { ServerResponse } from 'node:http';
import { cutConnection, paceTokens, wait, type DeliveryPlan, type StreamOutcome } from '../delivery';
import { randomId, sendJson } from '../http';
import { splitIntoTokens } from '../model/pieces';
import { startSse, writeEvent, writeRaw } from '../sse';
import type { AnswerBlock, ClaudeAnswer } from './answer';
import { errorBody } from './errors';
import type { CacheOutcome } from './promptCache';

export interface Reply {
  model: string;
  answer: ClaudeAnswer;
  cache: CacheOutcome;
  requestId: string;
}

function usage(cache: CacheOutcome, outputTokens: number, thinkingTokens = 0): Record<string, unknown> {
  return {
    input_tokens: cache.inputTokens,
    cache_creation_input_tokens: cache.cacheCreationInputTokens,
    cache_read_input_tokens: cache.cacheReadInputTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: cache.ephemeral5mInputTokens,
      ephemeral_1h_input_tokens: cache.ephemeral1hInputTokens,
    },
    output_tokens: outputTokens,
    output_tokens_details: thinkingTokens > 0 ? { thinking_tokens: thinkingTokens } : null,
    server_tool_use: null,
    service_tier: 'standard',
    inference_geo: 'us',
    speed: 'standard',
  };
}

function finalBlock(b: AnswerBlock): Record<string, unknown> {
  if (b.type === 'thinking') return { type: 'thinking', thinking: b.display === 'omitted' ? '' : b.thinking, signature: b.signature };
  return b.type === 'text' ? { type: 'text', text: b.text, citations: null } : { type: 'tool_use', id: b.id, name: b.name, input: b.input };
}

function messageShell(r: Reply, id: string, content: unknown[], done: boolean, outputTokens: number): Record<string, unknown> {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: r.model,
    content,
    stop_reason: done ? r.answer.stopReason : null,
    stop_sequence: done ? r.answer.stopSequence : null,
    stop_details: done ? stopDetails(r) : null,
    container: null,
    diagnostics: null,
    usage: usage(r.cache, outputTokens, done ? r.answer.thinkingTokens : 0),
  };
}

/** True when the answer was sent (and so billed). */
export async function replyJson(res: ServerResponse, r: Reply, plan: DeliveryPlan, signal: AbortSignal): Promise<boolean> {
  await wait(plan.ttftMs + r.answer.outputTokens * plan.gapMs, signal);
  if (signal.aborted) return false;
  if (plan.cutAfter !== undefined) return (void cutConnection(res), false);
  const body = messageShell(r, randomId('msg_01', 12), r.answer.blocks.map(finalBlock), true, r.answer.outputTokens);
  sendJson(res, 200, body, { 'request-id': r.requestId });
  return true;
}

/**
 * message_start → ping → per block: content_block_start/delta…/stop → message_delta → message_stop.
 * message_start leaves once the prompt is processed (after the time to first token): a client gone
 * before then is not billed ('unanswered'); after it, input and the tokens sent are.
 */
export async function replyStream(
  res: ServerResponse,
  r: Reply,
  plan: DeliveryPlan,
  signal: AbortSignal,
): Promise<{ outcome: StreamOutcome | 'unanswered'; sentTokens: number }> {
  startSse(res, { 'request-id': r.requestId });
  await wait(plan.ttftMs, signal);
  if (signal.aborted) return { outcome: 'unanswered', sentTokens: 0 };
  let sentTokens = 0;
  writeEvent(res, 'message_start', { type: 'message_start', message: messageShell(r, randomId('msg_01', 12), [], false, 1) });
  writeEvent(res, 'ping', { type: 'ping' });
  const { pieces, owner } = streamPieces(r.answer.blocks);
  let open = -1;
  const closeOpen = (): void => {
    if (open < 0) return;
    const block = r.answer.blocks[open]!;
    if (block.type === 'thinking')
      writeEvent(res, 'content_block_delta', {
        type: 'content_block_delta',
        index: open,
        delta: { type: 'signature_delta', signature: block.signature },
      });
    writeEvent(res, 'content_block_stop', { type: 'content_block_stop', index: open });
  };
  const outcome = await paceTokens(pieces, { ...plan, ttftMs: 0 }, res, signal, {
    emit: (piece, i) => {
      sentTokens++;
      const index = owner[i]!;
      if (index !== open) {
        closeOpen();
        open = index;
        writeEvent(res, 'content_block_start', { type: 'content_block_start', index, content_block: startBlock(r.answer.blocks[index]!) });
      }
      const delta = deltaOf(r.answer.blocks[index]!, piece);
      if (delta) writeEvent(res, 'content_block_delta', { type: 'content_block_delta', index, delta });
    },
    writeMalformed: () =>
      writeRaw(res, 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":\n\n'),
    writeError: (status) => writeEvent(res, 'error', errorBody(status)),
  });
  if (outcome !== 'done') return { outcome, sentTokens };
  closeOpen();
  writeEvent(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: r.answer.stopReason, stop_sequence: r.answer.stopSequence, stop_details: stopDetails(r) },
    usage: usage(r.cache, r.answer.outputTokens, r.answer.thinkingTokens),
  });
  writeEvent(res, 'message_stop', { type: 'message_stop' });
  res.end();
  return { outcome: 'done', sentTokens };
}

/** The delta one streamed piece becomes; omitted thinking streams nothing while it takes its time. */
function deltaOf(block: AnswerBlock, piece: string): Record<string, unknown> | undefined {
  switch (block.type) {
    case 'thinking':
      return block.display === 'omitted' ? undefined : { type: 'thinking_delta', thinking: piece };
    case 'text':
      return { type: 'text_delta', text: piece };
    default:
      return { type: 'input_json_delta', partial_json: piece };
  }
}

/** A refusal carries `stop_details` (category and explanation may be null: refusal not mapped to a named category). */
function stopDetails(r: Reply): Record<string, unknown> | null {
  return r.answer.stopReason === 'refusal' ? { type: 'refusal', category: null, explanation: null } : null;
}

function startBlock(b: AnswerBlock): Record<string, unknown> {
  if (b.type === 'thinking') return { type: 'thinking', thinking: '', signature: '' };
  return b.type === 'text' ? { type: 'text', text: '', citations: null } : { type: 'tool_use', id: b.id, name: b.name, input: {} };
}

/** Every block's text (or tool input JSON) as token pieces, with the block index each belongs to. */
function streamPieces(blocks: AnswerBlock[]): { pieces: string[]; owner: number[] } {
  const pieces: string[] = [];
  const owner: number[] = [];
  blocks.forEach((b, index) => {
    const parts = b.type === 'thinking' ? b.pieces : splitIntoTokens(b.type === 'text' ? b.text : b.inputJson);
    for (const p of parts.length > 0 ? parts : ['']) {
      pieces.push(p);
      owner.push(index);
    }
  });
  return { pieces, owner };
}
