import type { ServerResponse } from 'node:http';

/** Opens a text/event-stream response. */
export function startSse(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
  res.flushHeaders();
}

/** `data: <json>` (Mistral's data-only stream). */
export function writeData(res: ServerResponse, data: unknown): void {
  if (!res.destroyed) res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

/** `event: <name>` + `data: <json>` (Anthropic's named events). */
export function writeEvent(res: ServerResponse, event: string, data: unknown): void {
  if (!res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function writeRaw(res: ServerResponse, text: string): void {
  if (!res.destroyed) res.write(text);
}
