import type { ServerResponse } from 'node:http';
import { randomId, sendJson } from '../http';

/** One FastAPI/pydantic validation problem, as in Mistral's 422 `{detail: [...]}`. */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export function sendValidationError(res: ServerResponse, detail: ValidationIssue[]): void {
  sendJson(res, 422, { detail });
}

/** Mistral's usual error body: `{"object":"error","message","type","param","code"}`. */
export function sendMistralError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { object: 'error', message, type, param: null, code }, headers);
}

/** The gateway's 401, which carries no hint about which kind of key was expected. */
export function sendUnauthorized(res: ServerResponse): void {
  sendJson(res, 401, { message: 'Unauthorized', request_id: randomId('', 16) }, { 'content-type': 'application/json; charset=utf-8' });
}

const STATUS_BODIES: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Bad request', type: 'invalid_request_error', code: null },
  429: { message: 'Requests rate limit exceeded', type: 'rate_limited', code: '1300' },
  500: { message: 'Internal server error', type: 'internal_server_error', code: null },
  502: { message: 'Bad gateway', type: 'internal_server_error', code: null },
  503: { message: 'Service unavailable', type: 'service_unavailable', code: null },
  504: { message: 'Gateway timeout', type: 'internal_server_error', code: null },
};

/** The body an injected status fault answers with. */
export function sendMistralStatus(res: ServerResponse, status: number, headers: Record<string, string>): void {
  if (status === 401) return sendUnauthorized(res);
  if (status === 422) return sendValidationError(res, [{ loc: ['body'], msg: 'Injected validation failure', type: 'value_error' }]);
  const body = STATUS_BODIES[status] ?? { message: `Error ${status}`, type: 'invalid_request_error', code: null };
  sendMistralError(res, status, body.message, body.type, body.code, headers);
}
