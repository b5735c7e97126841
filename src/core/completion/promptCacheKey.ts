import { createHash } from 'node:crypto';

/**
 * Mistral's `prompt_cache_key` for completions in one file of one workspace: stable for the session
 * and beyond, so consecutive requests at the same file share the vendor's prompt cache. A hash — the
 * key never carries a path, a workspace name or anything typed (Mistral: "don't include secrets, API
 * keys, or sensitive user data"). `scope` identifies the workspace (its folder URIs).
 */
export function promptCacheKey(scope: string, path: string): string {
  const digest = createHash('sha256').update('tandem/fim\u0000').update(scope).update('\u0000').update(path).digest('base64url');
  return `tandem-fim-${digest.slice(0, 32)}`;
}
