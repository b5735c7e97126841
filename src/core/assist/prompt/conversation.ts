import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { inputTokenBound } from '../../tokenBound';
import { estimateTokens } from '../../tokens';
import type { ThinkingReplay } from '../../providers/claude';
import type { AssistRequest } from './prompts';

/** One finished turn of an explain/review conversation, as the model answered it. */
export interface AnsweredTurn {
  /** The follow-up question; absent for the first turn (its question is in the first request). */
  question?: string;
  text: string;
  /** The review tool call, when the model made one. */
  toolUse?: { id: string; name: string; input: unknown };
  /** The thinking that preceded the answer, verbatim with its signature. */
  thinking?: ThinkingReplay[];
}

/** A request whose conversation continues after the first request's messages. */
export interface ConversationRequest extends AssistRequest {
  followups?: MessageParam[];
}

const TOOL_RESULT = 'Findings shown to the developer.';

/**
 * The next request of a conversation: the first request's system blocks and tools as they were (the
 * cached prefix stays byte-identical, so the cache breakpoints still hit), its messages, then every
 * answered turn and the new question. Follow-ups want prose, so the review tool is offered but not
 * forced (`tool_choice: none`); the tools stay in the request, since the history holds a call to one.
 */
export function followupRequest(first: AssistRequest, turns: readonly AnsweredTurn[], question: string): ConversationRequest {
  const followups: MessageParam[] = [];
  let pendingResult: string | undefined;
  for (const turn of turns) {
    if (turn.question !== undefined) followups.push(userTurn(turn.question, pendingResult));
    followups.push({ role: 'assistant', content: assistantContent(turn) });
    pendingResult = turn.toolUse?.id;
  }
  followups.push(userTurn(question, pendingResult));
  const extra = estimateTokens(JSON.stringify(followups));
  // Budgets reserve on the bound: the follow-up turns as serialized (never fewer bytes than their text).
  const extraBound = inputTokenBound(followups.map((m) => JSON.stringify(m.content))) - inputTokenBound([]);
  return {
    ...first,
    ...(first.tools ? { toolChoice: { type: 'none' } } : {}),
    followups,
    estimatedInputTokens: first.estimatedInputTokens + extra,
    inputBoundTokens: first.inputBoundTokens + extraBound,
  };
}

/**
 * The assistant's turn as the model gave it. With thinking on, a turn whose tool call the next user
 * message answers must start with its thinking blocks, unmodified (Anthropic, extended thinking:
 * "preserving thinking blocks" during tool use); a turn without a tool call needs none.
 */
function assistantContent(turn: AnsweredTurn): Exclude<MessageParam['content'], string> {
  const text = turn.text.trim() === '' ? [] : [{ type: 'text' as const, text: turn.text }];
  const tool = turn.toolUse ? [{ type: 'tool_use' as const, id: turn.toolUse.id, name: turn.toolUse.name, input: turn.toolUse.input }] : [];
  const thinking = turn.toolUse ? (turn.thinking ?? []) : [];
  const content = [...thinking, ...text, ...tool];
  return content.length > 0 ? content : [{ type: 'text', text: '(no answer)' }];
}

/** A user turn; after a tool call it must open with that call's result. */
function userTurn(question: string, toolUseId: string | undefined): MessageParam {
  const result = toolUseId ? [{ type: 'tool_result' as const, tool_use_id: toolUseId, content: TOOL_RESULT }] : [];
  return { role: 'user', content: [...result, { type: 'text', text: question }] };
}
