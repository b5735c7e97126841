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
export async function handleMistral(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  endpoint: MistralEndpoint = 'general',
): Promise<void> {
  ctx.stats.countRequest('mistral');
  const route = `${req.method} ${path}`;
  if (route !== 'POST /v1/fim/completions' && route !== 'GET /v1/models') return sendJson(res, 404, { detail: 'Not Found' });
  const credential = presentedCredential(req, false);
  if (!keyAccepted(credential, keysFor(ctx, endpoint))) return sendUnauthorized(res);
  const admitted = ctx.mistralLimits.admit();
  if (!admitted.ok) return sendMistralStatus(res, 429, { ...ctx.mistralLimits.headers(), 'retry-after': String(admitted.retryAfterSec) });
  const fault = ctx.faults.take('mistral', route === 'GET /v1/models' ? NON_STREAM_FAULTS : ALL_FAULTS);
  if (fault?.kind === 'stall') return;
  if (fault?.kind === 'status') return sendMistralStatus(res, fault.status!, { ...ctx.mistralLimits.headers(), ...retryHeaders(fault) });
  if (route === 'GET /v1/models') return sendJson(res, 200, modelListBody(Math.floor(ctx.clock.now() / 1000)), ctx.mistralLimits.headers());

  const body = await readBody(req, ctx.maxBodyBytes);
  if (body.kind === 'too_large') return sendMistralError(res, 413, 'Request body too large', 'invalid_request_error', null);
  const json = parseJson(body.text);
  if (!json.ok) return sendValidationError(res, [{ loc: ['body', 0], msg: `JSON decode error: ${json.error}`, type: 'json_invalid' }]);
  const valid = validateFimBody(json.value);
  if (!valid.ok) return sendValidationError(res, valid.issues);
  const model = findMistralModel(valid.request.model);
  if (!model) return sendMistralError(res, 400, `Invalid model: ${valid.request.model}`, 'invalid_model', '1500');
  if (!model.fim) return sendMistralError(res, 400, `Model ${model.id} does not support FIM completions`, 'invalid_request_error', '3051');

  const apiKey = credential.kind === 'none' ? '' : credential.key;
  const answer = completeFim(ctx, valid.request, apiKey);
  ctx.mistralLimits.charge(answer.promptTokens + estimateTokens(answer.text));
  const limitHeaders = ctx.mistralLimits.headers(answer.promptTokens + estimateTokens(answer.text));
  const plan = planDelivery(ctx.latency, req, fault, splitIntoTokens(answer.text).length);
  const signal = clientGone(res);
  const bill = (outputTokens: number): void =>
    ctx.bill.add(presentedKey(req), valid.request.model, {
      inputTokens: answer.promptTokens - answer.cachedTokens,
      outputTokens,
      cacheReadTokens: answer.cachedTokens,
      cacheWriteTokens: 0,
    });
  if (valid.request.stream) await streamFim(ctx, res, valid.request, answer, plan, signal, limitHeaders, bill);
  else if (await replyFim(res, valid.request, answer, plan, signal, limitHeaders)) bill(estimateTokens(answer.text));
}

/** Which Mistral endpoint a request reached: `/codestral/…` stands for codestral.mistral.ai, the root for api.mistral.ai. */
export type MistralEndpoint = 'codestral' | 'general';

/** Keys the endpoint takes: with key kinds set, only its own kind (the two are not interchangeable). */
function keysFor(ctx: SimContext, endpoint: MistralEndpoint): ReadonlySet<string> {
  return ctx.keyKinds ? ctx.keyKinds[endpoint] : ctx.keys;
}

interface FimAnswer {
  id: string;
  text: string;
  finishReason: 'stop' | 'length';
  promptTokens: number;
  cachedTokens: number;
}

function completeFim(ctx: SimContext, r: FimRequest, apiKey: string): FimAnswer {
  const minTokens = Math.min(r.minTokens ?? 0, r.maxTokens ?? 4096);
  let text = fimContinuation({ prompt: r.prompt, suffix: r.suffix, corpus: ctx.corpus, minTokens });
  const stopAt = Math.min(
    ...r.stop
      .filter((s) => s !== '')
      .map((s) => text.indexOf(s))
      .filter((i) => i >= 0),
  );
  if (Number.isFinite(stopAt)) text = text.slice(0, stopAt);
  let finishReason: FimAnswer['finishReason'] = 'stop';
  if (r.maxTokens !== undefined) {
    const cut = truncateToTokens(text, r.maxTokens);
    text = cut.text;
    if (cut.truncated) finishReason = 'length';
  }
  const count = tokenCounter(ctx.tokenScale, r.model);
  const promptTokens = count(r.prompt) + count(r.suffix);
  const cachedTokens = Math.min(promptTokens, ctx.fimCache.apply(apiKey, r.promptCacheKey, r.prompt, r.suffix));
  return { id: randomId('', 16), text, finishReason, promptTokens, cachedTokens };
}

/** `prompt_tokens` counts every prompt token, cached ones included; `prompt_tokens_details.cached_tokens` the cached part. */
function usage(a: FimAnswer): Record<string, unknown> {
  const completion = estimateTokens(a.text);
  return {
    prompt_tokens: a.promptTokens,
    completion_tokens: completion,
    total_tokens: a.promptTokens + completion,
    prompt_tokens_details: { cached_tokens: a.cachedTokens },
  };
}

/** True when the answer was sent (and so billed). */
async function replyFim(
  res: ServerResponse,
  r: FimRequest,
  a: FimAnswer,
  plan: DeliveryPlan,
  signal: AbortSignal,
  headers: Record<string, string>,
): Promise<boolean> {
  const tokens = splitIntoTokens(a.text).length;
  await wait(plan.ttftMs + tokens * plan.gapMs, signal);
  if (signal.aborted) return false;
  if (plan.cutAfter !== undefined) return (void cutConnection(res), false);
  sendJson(
    res,
    200,
    {
      id: a.id,
      object: 'chat.completion',
      model: r.model,
      created: Math.floor(Date.now() / 1000),
      usage: usage(a),
      choices: [
        { index: 0, message: { role: 'assistant', content: a.text, tool_calls: null, prefix: false }, finish_reason: a.finishReason },
      ],
    },
    headers,
  );
  return true;
}

/** The first chunk leaves once the prompt is processed: from then on the prompt and the tokens sent are billed. */
async function streamFim(
  ctx: SimContext,
  res: ServerResponse,
  r: FimRequest,
  a: FimAnswer,
  plan: DeliveryPlan,
  signal: AbortSignal,
  headers: Record<string, string>,
  bill: (outputTokens: number) => void,
): Promise<void> {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}): unknown => ({
    id: a.id,
    object: 'chat.completion.chunk',
    created,
    model: r.model,
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });
  startSse(res, headers);
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
      writeMalformed: () =>
        writeRaw(res, `data: {"id":"${a.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":\n\n`),
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
