import type { ProviderId } from './errors';

/** Token usage as the vendor reported it. `inputTokens` excludes cache reads and writes (Anthropic's rule). */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Of `cacheWriteTokens`, those written with the 1-hour TTL (priced at `Price.cacheWrite1h`). */
  cacheWrite1hTokens?: number;
  /** Of `outputTokens`, those spent thinking, when the vendor reports them (Anthropic `output_tokens_details`). */
  thinkingTokens?: number;
}

export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

/** Events of any streamed generation. `done` is always last on success. */
export type StreamEvent =
  | { type: 'text'; text: string }
  /**
   * The vendor has processed the prompt and started answering, so it bills it even if the stream
   * ends now; `usage` when the vendor already said (Anthropic's message_start), absent otherwise
   * (Mistral sends usage on the last chunk only). The router consumes it; readers never see it.
   */
  | { type: 'billed'; usage?: Usage }
  | { type: 'done'; usage: Usage; stopReason: string };

export interface RouteTarget {
  provider: ProviderId;
  model: string;
}
