import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultSpec } from './faults';
import { isRecord, parseJson, readBody, sendJson } from './http';
import type { Simulator } from './types';

const ADMIN_BODY_LIMIT = 64 * 1024;

/**
 * `/_sim/*`: the in-process knobs for other processes (e.g. tests inside VS Code).
 * POST /_sim/latency {ttftMs?, tokensPerSec?, jitterMs?} · POST /_sim/faults FaultSpec ·
 * DELETE /_sim/faults · GET /_sim/stats · POST /_sim/clock/advance {ms}
 */
export async function handleAdmin(sim: Simulator, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const route = `${req.method} ${path}`;
  if (route === 'GET /_sim/stats') return sendJson(res, 200, sim.stats());
  if (route === 'DELETE /_sim/faults') {
    sim.clearFaults();
    return sendJson(res, 200, { ok: true });
  }
  const body = await readJsonBody(req);
  if (typeof body === 'string') return sendJson(res, 400, { error: body });
  switch (route) {
    case 'POST /_sim/latency':
      return applyLatency(sim, body, res);
    case 'POST /_sim/faults': {
      const spec = parseFaultSpec(body);
      if (typeof spec === 'string') return sendJson(res, 400, { error: spec });
      sim.injectFault(spec);
      return sendJson(res, 200, { ok: true, fault: { ...spec, count: spec.count === Infinity ? 'Infinity' : (spec.count ?? 1) } });
    }
    case 'POST /_sim/clock/advance': {
      const ms = Number(body['ms']);
      if (!(ms >= 0)) return sendJson(res, 400, { error: 'ms must be a non-negative number' });
      sim.clock.advance(ms);
      return sendJson(res, 200, { ok: true, now: sim.clock.now() });
    }
    default:
      return sendJson(res, 404, { error: `unknown admin route ${route}` });
  }
}

function applyLatency(sim: Simulator, body: Record<string, unknown>, res: ServerResponse): void {
  const knobs: Record<string, number> = {};
  for (const key of ['ttftMs', 'tokensPerSec', 'jitterMs']) {
    if (body[key] === undefined) continue;
    const n = Number(body[key]);
    if (!(n >= 0)) return sendJson(res, 400, { error: `${key} must be a non-negative number` });
    knobs[key] = n;
  }
  sim.setLatency(knobs);
  sendJson(res, 200, { ok: true });
}

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown> | string> {
  const body = await readBody(req, ADMIN_BODY_LIMIT);
  if (body.kind === 'too_large') return 'body too large';
  const json = parseJson(body.text === '' ? '{}' : body.text);
  if (!json.ok) return `invalid JSON: ${json.error}`;
  return isRecord(json.value) ? json.value : 'body must be a JSON object';
}
