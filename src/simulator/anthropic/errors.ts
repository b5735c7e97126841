import type { ServerResponse } from 'node:http';
import { randomId, sendJson } from '../http';

const ERROR_TYPES: Record<number, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'Invalid request.' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  402: { type: 'billing_error', message: 'Your credit balance is too low to access the Anthropic API.' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'Not found.' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit.' },
  500: { type: 'api_error', message: 'Internal server error' },
  504: { type: 'timeout_error', message: 'Request timed out.' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

export function anthropicErrorType(status: number): string {
  return ERROR_TYPES[status]?.type ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function newRequestId(): string {
  return randomId('req_011C', 10);
}

/** Anthropic's error envelope: `{"type":"error","error":{type,message},"request_id"}` plus the `request-id` header. */
export function sendAnthropicError(res: ServerResponse, status: number, message?: string, extraHeaders: Record<string, string> = {}): void {
  const body = errorBody(status, message);
  sendJson(res, status, body, { 'request-id': body.request_id, ...extraHeaders });
}

export function errorBody(
  status: number,
  message?: string,
): { type: 'error'; error: { type: string; message: string }; request_id: string } {
  return {
    type: 'error',
    error: { type: anthropicErrorType(status), message: message ?? ERROR_TYPES[status]?.message ?? 'Error' },
    request_id: newRequestId(),
  };
}

/** A 400 invalid_request_error, thrown by validation and turned into a response by the route. */
export class InvalidRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
