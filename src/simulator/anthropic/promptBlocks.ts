import { estimateTokens } from '../../core/tokens';
import type { ClaudeRequest, RawBlock, Ttl } from './request';
import { parseCacheControl } from './request';

/** One cacheable unit of the prompt, in the order the API renders it: tools → system → messages. */
export interface PromptBlock {
  /** Exact content (cache_control excluded), with the role and message boundary it sits in. */
  key: string;
  tokens: number;
  breakpoint?: Ttl;
}

/** The request linearised for counting and caching. Token counts use the shared estimator only. */
export function promptBlocks(req: ClaudeRequest, count: (text: string) => number = estimateTokens): PromptBlock[] {
  const blocks: PromptBlock[] = [];
  for (const tool of req.tools) blocks.push(toBlock('tool', tool, toolText(tool), count));
  for (const sys of req.system) blocks.push(toBlock('system', sys, String(sys['text']), count));
  req.messages.forEach((m, i) => {
    m.blocks.forEach((b, j) => blocks.push(toBlock(`${m.role}#${i}.${j}`, b, blockText(b), count)));
  });
  if (req.autoCache && blocks.length > 0) {
    const last = blocks[blocks.length - 1]!;
    last.breakpoint ??= req.autoCache;
  }
  return blocks;
}

export function totalTokens(blocks: PromptBlock[]): number {
  return blocks.reduce((sum, b) => sum + b.tokens, 0);
}

function toBlock(place: string, raw: RawBlock, text: string, count: (text: string) => number): PromptBlock {
  const { cache_control: cacheControl, ...content } = raw;
  const block: PromptBlock = { key: `${place}:${JSON.stringify(content)}`, tokens: count(text) };
  if (cacheControl != null) block.breakpoint = parseCacheControl(cacheControl, 'cache_control');
  return block;
}

function toolText(tool: RawBlock): string {
  return [tool['name'], tool['description'] ?? '', JSON.stringify(tool['input_schema'] ?? {})].join('\n');
}

/** The text a content block contributes to the prompt. */
export function blockText(b: RawBlock): string {
  switch (b['type']) {
    case 'text':
      return String(b['text']);
    case 'tool_use':
      return `${String(b['name'])}\n${JSON.stringify(b['input'] ?? {})}`;
    case 'tool_result':
      return typeof b['content'] === 'string'
        ? b['content']
        : Array.isArray(b['content'])
          ? (b['content'] as RawBlock[]).map(blockText).join('\n')
          : '';
    default:
      return JSON.stringify(b);
  }
}
