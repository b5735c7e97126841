import type { IncomingMessage } from 'node:http';
import { headerValue } from './http';

export type Credential = { kind: 'bearer' | 'x-api-key'; key: string } | { kind: 'none' };

/** The key a request presents: `Authorization: Bearer <key>` first, then `x-api-key` (older Anthropic clients). */
export function presentedCredential(req: IncomingMessage, allowApiKeyHeader: boolean): Credential {
  const auth = headerValue(req, 'authorization');
  const bearer = auth && /^Bearer\s+(.+)$/i.exec(auth.trim());
  if (bearer) return { kind: 'bearer', key: bearer[1]!.trim() };
  const apiKey = allowApiKeyHeader ? headerValue(req, 'x-api-key') : undefined;
  if (apiKey) return { kind: 'x-api-key', key: apiKey.trim() };
  return { kind: 'none' };
}

/** The key as the vendor bills it ('' when none). */
export function presentedKey(req: IncomingMessage): string {
  const c = presentedCredential(req, true);
  return c.kind === 'none' ? '' : c.key;
}

/** Any non-empty key unless a key list was given. */
export function keyAccepted(credential: Credential, keys: ReadonlySet<string>): boolean {
  if (credential.kind === 'none' || credential.key === '') return false;
  return keys.size === 0 || keys.has(credential.key);
}
