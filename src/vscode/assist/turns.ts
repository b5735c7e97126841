import * as vscode from 'vscode';
import { followupRequest, type AnsweredTurn, type ConversationRequest } from '../../core/assist/prompt/conversation';
import { ExplainStream } from '../../core/assist/panel/explainStream';
import type { AssistRequest } from '../../core/assist/prompt/prompts';
import { runAssistReported, type AssistResult } from '../../core/assist/runAssist';
import { cacheEffect } from '../../core/router/pricing';
import { formatUsd } from '../../core/status/statusModel';
import type { AssistCommandDeps } from './deps';
import type { PanelSession } from './panel';

const REFUSED = {
  explain: 'Claude declined to answer (stop_reason "refusal"). Rephrase the question or ask about other code.',
  review: 'Claude declined to review this code (stop_reason "refusal"). The findings of the previous review are kept.',
} as const;

/**
 * A conversation in the panel: the first question, then each follow-up the developer types, every
 * turn through the router (budgets, routing, ledger) with the earlier turns after the cached prefix.
 * The first request is built once, for any model; each follow-up extends it.
 * `onAnswer` shows a finished first answer; follow-up answers are shown as text.
 */
export async function converse(
  deps: AssistCommandDeps,
  task: 'explain' | 'review',
  title: string,
  first: AssistRequest,
  onAnswer: (result: AssistResult, session: PanelSession, stream: ExplainStream) => void,
): Promise<void> {
  const turns: AnsweredTurn[] = [];
  let session: PanelSession | undefined;
  const ask = async (question?: string): Promise<void> => {
    const stream = new ExplainStream();
    const subtitle = `${deps.firstModel(task)} · ${question === undefined ? 'asking' : 'follow-up'}`;
    const request: ConversationRequest = question === undefined ? first : followupRequest(first, turns, question);
    const end = await runTurn(
      deps,
      task,
      (cancel) => {
        if (question === undefined || !session) session = deps.panel.begin(title, subtitle, cancel);
        else session.followup(question, subtitle, cancel);
        return session;
      },
      request,
      (delta, s) => {
        stream.append(delta);
        s.post({ type: 'delta', text: delta });
      },
    );
    const s = session!;
    s.done();
    if (end.kind === 'refused') {
      deps.log.info(`${task}: refused by the model (stop_reason "refusal")${task === 'review' ? '; earlier findings kept' : ''}`);
      s.post({ type: 'refused', message: REFUSED[task], footer: footer(deps, end.result) });
    } else if (end.kind === 'answered') {
      if (question === undefined) onAnswer(end.result, s, stream);
      else {
        stream.finish(end.result.stopReason ?? 'end_turn');
        s.post({ type: 'done', text: stream.renderable(), footer: footer(deps, end.result) });
      }
      const { text, toolUse, thinking } = end.result;
      turns.push({
        ...(question !== undefined ? { question } : {}),
        text,
        ...(toolUse ? { toolUse } : {}),
        ...(thinking ? { thinking } : {}),
      });
    }
    // After a refusal the refused turn is left out of the conversation (Anthropic: reset the context).
    s.offerFollowup(turns.length > 0 ? (q) => void ask(q) : undefined);
  };
  await ask();
}

type TurnEnd = { kind: 'answered' | 'refused'; result: AssistResult } | { kind: 'failed' };

/** One turn: streamed into the panel (thinking… while the model thinks); a failure or cancel ends it there with the text kept. */
async function runTurn(
  deps: AssistCommandDeps,
  task: 'explain' | 'review',
  open: (onCancel: () => void) => PanelSession,
  request: ConversationRequest,
  onText: (delta: string, session: PanelSession) => void,
): Promise<TurnEnd> {
  const controller = new AbortController();
  const session = open(() => controller.abort());
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Tandem: ${task}…`, cancellable: true },
    async (_progress, token): Promise<TurnEnd> => {
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        const onThinking = (): void => session.post({ type: 'thinking' });
        const result = await runAssistReported({
          task,
          request,
          firstModel: deps.firstModel(task),
          deps,
          signal: controller.signal,
          onText: (delta) => onText(delta, session),
          onThinking,
        });
        return { kind: result.stopReason === 'refusal' ? 'refused' : 'answered', result };
      } catch (err) {
        if (controller.signal.aborted) {
          deps.log.info(`${task} cancelled`);
          session.post({ type: 'cancelled' });
        } else {
          const message = err instanceof Error ? err.message : String(err);
          deps.log.warn(`${task} failed: ${message}`);
          session.post({ type: 'error', message });
        }
        return { kind: 'failed' };
      } finally {
        sub.dispose();
      }
    },
  );
}

export function footer(deps: AssistCommandDeps, result: AssistResult): string {
  if (!result.route || !result.usage) return '';
  const { model } = result.route;
  const e = cacheEffect(model, result.usage, deps.prices());
  const saved = e.savedUsd > 0 ? ` · cache saved ${formatUsd(e.savedUsd)}` : '';
  return `${model} · ${e.promptTokens} in (${e.cachedPercent}% from cache) / ${result.usage.outputTokens} out · ${formatUsd(e.costUsd)}${saved}`;
}
