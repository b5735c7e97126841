import type { IncomingMessage, ServerResponse } from 'node:http';
import { keyAccepted, presentedCredential, type Credential } from '../auth';
import { retryHeaders, type SimContext } from '../context';
import { clientGone, planDelivery, wantsMalformedTool } from '../delivery';
import { ANTHROPIC_MESSAGE_FAULTS, NON_STREAM_FAULTS } from '../faults';
import { headerValue, numericHeader, parseJson, readBody, sendJson } from '../http';
import { answer, refusedAnswer } from './answer';
import { InvalidRequest, newRequestId, sendAnthropicError } from './errors';
import { claudeModelIds, KNOWN_API_VERSIONS } from './models';
import { presentedKey } from '../auth';
import { tokenCounter } from '../vendorBill';
import { promptBlocks, totalTokens } from './promptBlocks';
import { parseClaudeRequest, UnknownModel, type ClaudeRequest } from './request';
import { replyJson, replyStream } from './respond';

const ROUTES = ['POST /v1/messages', 'POST /v1/messages/count_tokens', 'GET /v1/models'] as const;
type Route = (typeof ROUTES)[number];

/** Anthropic's API: `POST /v1/messages`, `POST /v1/messages/count_tokens`, `GET /v1/models`. */
export async function handleAnthropic(ctx: SimContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  ctx.stats.countRequest('anthropic');
  const route = ROUTES.find((r) => r === `${req.method} ${path}`);
  if (!route) return sendAnthropicError(res, 404, `Not found: ${req.method} ${path}`);
  const credential = presentedCredential(req, true);
  if (!keyAccepted(credential, ctx.keys)) return sendAnthropicError(res, 401, authMessage(credential));
  const version = headerValue(req, 'anthropic-version');
  if (version === undefined) return sendAnthropicError(res, 400, 'anthropic-version: header is required');
  if (!(KNOWN_API_VERSIONS as readonly string[]).includes(version)) {
    return sendAnthropicError(res, 400, `anthropic-version: "${version}" is not a valid version`);
  }
  const fault = ctx.faults.take('anthropic', route === 'POST /v1/messages' ? ANTHROPIC_MESSAGE_FAULTS : NON_STREAM_FAULTS);
  if (fault?.kind === 'stall') return;
  if (fault?.kind === 'status' && (fault.afterTokens === undefined || route !== 'POST /v1/messages')) {
    return sendAnthropicError(res, fault.status!, undefined, retryHeaders(fault));
  }
  if (route === 'GET /v1/models') return sendJson(res, 200, modelList());
  await handleBody(ctx, req, res, route, version, fault);
}

async function handleBody(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  version: string,
  fault: ReturnType<SimContext['faults']['take']>,
): Promise<void> {
  const body = await readBody(req, ctx.maxBodyBytes);
  if (body.kind === 'too_large') return sendAnthropicError(res, 413);
  const json = parseJson(body.text);
  if (!json.ok) return sendAnthropicError(res, 400, 'There was an error parsing the body of your request. Check that it is valid JSON.');
  let request: ClaudeRequest;
  try {
    request = parseClaudeRequest(json.value, version, route === 'POST /v1/messages/count_tokens');
  } catch (e) {
    if (e instanceof UnknownModel) return sendAnthropicError(res, 404, e.message);
    if (e instanceof InvalidRequest) return sendAnthropicError(res, e.status, e.message);
    throw e;
  }
  const blocks = promptBlocks(request, tokenCounter(ctx.tokenScale, request.model));
  const requestId = newRequestId();
  if (route === 'POST /v1/messages/count_tokens') {
    return sendJson(res, 200, { input_tokens: totalTokens(blocks) }, { 'request-id': requestId });
  }
  if (fault?.kind === 'status' && !request.stream) {
    return sendAnthropicError(res, fault.status!, undefined, retryHeaders(fault));
  }
  const cache = ctx.cache.apply(request.model, blocks, request.modelInfo.minCacheTokens);
  const full = answer(request, wantsMalformedTool(req), numericHeader(req, 'x-sim-thinking-tokens') ?? ctx.thinkingTokens);
  const reply = {
    model: request.model,
    answer: fault?.kind === 'refusal' ? refusedAnswer(full, fault.afterTokens ?? 0) : full,
    cache,
    requestId,
  };
  const plan = planDelivery(ctx.latency, req, fault?.kind === 'refusal' ? undefined : fault, reply.answer.outputTokens);
  const signal = clientGone(res);
  const bill = (outputTokens: number): void =>
    ctx.bill.add(presentedKey(req), request.model, {
      inputTokens: cache.inputTokens,
      outputTokens,
      cacheReadTokens: cache.cacheReadInputTokens,
      cacheWriteTokens: cache.cacheCreationInputTokens,
    });
  if (!request.stream) {
    if (await replyJson(res, reply, plan, signal)) bill(reply.answer.outputTokens);
    return;
  }
  ctx.stats.streamOpened();
  try {
    const { outcome, sentTokens } = await replyStream(res, reply, plan, signal);
    if (outcome !== 'unanswered') bill(outcome === 'done' ? reply.answer.outputTokens : sentTokens);
  } finally {
    ctx.stats.streamClosed();
  }
}

function authMessage(c: Credential): string {
  if (c.kind === 'none') return 'x-api-key header is required';
  return c.kind === 'x-api-key' ? 'invalid x-api-key' : 'invalid bearer token';
}

function modelList(): unknown {
  const data = claudeModelIds().map((id) => ({ type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' }));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}
