/**
 * Upper bounds on the input tokens a vendor can count for a prompt, whatever the text: what budgets
 * reserve on. Estimates (tokens.ts) are for windowing; they undercount real tokenizers on
 * indentation-heavy code, CJK and base64 (up to 3–5×), so a cap reserved on them can be overshot.
 *
 * The bound: one token per UTF-8 byte. Both vendors tokenize with byte-level BPE (Mistral's Tekken
 * is tiktoken-based; Claude's tokenizer works on bytes), where every token stands for at least one
 * byte of the text, so no text yields more tokens than bytes. Added: the tokens the API puts around
 * the text (message and role markers, FIM control tokens) and, with tools, the tool-use system
 * prompt Anthropic documents (a few hundred tokens: 313–346 on current models). No tighter bound per
 * character class is used: none is provable without the vendors' vocabularies.
 */

/** Per request: FIM control tokens, or the Messages API's framing. */
const REQUEST_OVERHEAD_TOKENS = 64;
/** Per content block or message: role and boundary markers. */
const BLOCK_OVERHEAD_TOKENS = 16;
/** Anthropic's tool-use system prompt, with a margin over the documented 346. */
const TOOL_USE_OVERHEAD_TOKENS = 512;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The bound for a prompt made of `parts` (each a block of text the API frames), with or without tools. */
export function inputTokenBound(parts: readonly string[], opts: { tools?: boolean } = {}): number {
  let bound = REQUEST_OVERHEAD_TOKENS + (opts.tools ? TOOL_USE_OVERHEAD_TOKENS : 0);
  for (const part of parts) bound += utf8Bytes(part) + BLOCK_OVERHEAD_TOKENS;
  return bound;
}
