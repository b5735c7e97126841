import type { IncomingMessage, ServerResponse } from 'node:http';
import { estimateTokens } from '../../core/tokens';
import { presentedKey } from '../auth';
import { tokenCounter } from '../vendorBill';
import { keyAccepted, presentedCredential } from '../auth';
import { retryHeaders, type SimContext } from '../context';
import { clientGone, cutConnection, paceTokens, planDelivery, wait, type DeliveryPlan } from '../delivery';
import { ALL_FAULTS, NON_STREAM_FAULTS } from '../faults';
import { parseJson, randomId, readBody, sendJson } from '../http';
import { fimContinuation } from '../model/fim';
import { splitIntoTokens, truncateToTokens } from '../model/pieces';
import { startSse, writeData, writeRaw } from '../sse';
import { sendMistralError, sendMistralStatus, sendUnauthorized, sendValidationError } from './errors';
import { findMistralModel, modelListBody } from './models';
import { validateFimBody, type FimRequest } from './validate';

/** Mistral's API: `POST /v1/fim/completions`, `GET /v1/models`. */
export async function handleMistral(ctx: SimContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  ctx.stats.countRequest('mistral');
  const route = `${req.method} ${path}`;
  if (route !== 'POST /v1/fim/completions' && route !== 'GET /v1/models') return sendJson(res, 404, { detail: 'Not Found' });
  if (!keyAccepted(presentedCredential(req, false), ctx.keys)) return sendUnauthorized(res);
  const fault = ctx.faults.take('mistral', route === 'GET /v1/models' ? NON_STREAM_FAULTS : ALL_FAULTS);
  if (fault?.kind === 'stall') return;
  if (fault?.kind === 'status') return sendMistralStatus(res, fault.status!, retryHeaders(fault));
  if (route === 'GET /v1/models') return sendJson(res, 200, modelListBody(Math.floor(ctx.clock.now() / 1000)));

  const body = await readBody(req, ctx.maxBodyBytes);
  if (body.kind === 'too_large') return sendMistralError(res, 413, 'Request body too large', 'invalid_request_error', null);
  const json = parseJson(body.text);
  if (!json.ok) return sendValidationError(res, [{ loc: ['body', 0], msg: `JSON decode error: ${json.error}`, type: 'json_invalid' }]);
  const valid = validateFimBody(json.value);
  if (!valid.ok) return sendValidationError(res, valid.issues);
  const model = findMistralModel(valid.request.model);
  if (!model) return sendMistralError(res, 400, `Invalid model: ${valid.request.model}`, 'invalid_model', '1500');
  if (!model.fim) return sendMistralError(res, 400, `Model ${model.id} does not support FIM completions`, 'invalid_request_error', '3051');

  const answer = completeFim(ctx, valid.request);
  const plan = planDelivery(ctx.latency, req, fault, splitIntoTokens(answer.text).length);
  const signal = clientGone(res);
  const bill = (outputTokens: number): void => ctx.bill.add(presentedKey(req), valid.request.model, { inputTokens: answer.promptTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 });
  if (valid.request.stream) await streamFim(ctx, res, valid.request, answer, plan, signal, bill);
  else if (await replyFim(res, valid.request, answer, plan, signal)) bill(estimateTokens(answer.text));
}

interface FimAnswer {
  id: string;
  text: string;
  finishReason: 'stop' | 'length';
  promptTokens: number;
}

function completeFim(ctx: SimContext, r: FimRequest): FimAnswer {
  const minTokens = Math.min(r.minTokens ?? 0, r.maxTokens ?? 4096);
  let text = fimContinuation({ prompt: r.prompt, suffix: r.suffix, corpus: ctx.corpus, minTokens });
  const stopAt = Math.min(...r.stop.filter((s) => s !== '').map((s) => text.indexOf(s)).filter((i) => i >= 0));
  if (Number.isFinite(stopAt)) text = text.slice(0, stopAt);
  let finishReason: FimAnswer['finishReason'] = 'stop';
  if (r.maxTokens !== undefined) {
    const cut = truncateToTokens(text, r.maxTokens);
    text = cut.text;
    if (cut.truncated) finishReason = 'length';
  }
  const count = tokenCounter(ctx.tokenScale, r.model);
  return { id: randomId('', 16), text, finishReason, promptTokens: count(r.prompt) + count(r.suffix) };
}

function usage(a: FimAnswer): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const completion = estimateTokens(a.text);
  return { prompt_tokens: a.promptTokens, completion_tokens: completion, total_tokens: a.promptTokens + completion };
}

/** True when the answer was sent (and so billed). */
async function replyFim(res: ServerResponse, r: FimRequest, a: FimAnswer, plan: DeliveryPlan, signal: AbortSignal): Promise<boolean> {
  const tokens = splitIntoTokens(a.text).length;
  await wait(plan.ttftMs + tokens * plan.gapMs, signal);
  if (signal.aborted) return false;
  if (plan.cutAfter !== undefined) return void cutConnection(res), false;
  sendJson(res, 200, {
    id: a.id,
    object: 'chat.completion',
    model: r.model,
    created: Math.floor(Date.now() / 1000),
    usage: usage(a),
    choices: [{ index: 0, message: { role: 'assistant', content: a.text, tool_calls: null, prefix: false }, finish_reason: a.finishReason }],
  });
  return true;
}

/** The first chunk leaves once the prompt is processed: from then on the prompt and the tokens sent are billed. */
async function streamFim(ctx: SimContext, res: ServerResponse, r: FimRequest, a: FimAnswer, plan: DeliveryPlan, signal: AbortSignal, bill: (outputTokens: number) => void): Promise<void> {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}): unknown => ({
    id: a.id, object: 'chat.completion.chunk', created, model: r.model,
    choices: [{ index: 0, delta, finish_reason: finish }], ...extra,
  });
  startSse(res);
  ctx.stats.streamOpened();
  let sent = 0;
  let answered = false;
  try {
    await wait(plan.ttftMs, signal);
    if (signal.aborted) return;
    answered = true;
    writeData(res, chunk({ role: 'assistant', content: '' }, null));
    const outcome = await paceTokens(splitIntoTokens(a.text), { ...plan, ttftMs: 0 }, res, signal, {
      emit: (piece) => {
        sent++;
        writeData(res, chunk({ content: piece }, null));
      },
      writeMalformed: () => writeRaw(res, `data: {"id":"${a.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":\n\n`),
    });
    if (outcome !== 'done') return;
    sent = estimateTokens(a.text);
    writeData(res, chunk({ content: '' }, a.finishReason, { usage: usage(a) }));
    writeData(res, '[DONE]');
    res.end();
  } finally {
    if (answered) bill(sent);
    ctx.stats.streamClosed();
  }
}
