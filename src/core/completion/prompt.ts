import type { Snippet } from './context/snippet';
import { requestShape, type CompletionMode } from './mode';
import type { TextWindow } from './window';

/** Codestral's multi-file FIM convention: each file headed by `+++++ <path>`; the matching stop keeps it from inventing the next file. */
export const FILE_SEPARATOR = '+++++';

export interface FimPrompt {
  prompt: string;
  suffix: string;
  stop: string[];
  maxTokens: number;
}

export interface PromptLimits {
  maxTokensSingle: number;
  maxTokensMulti: number;
}

export function buildFimPrompt(path: string, window: TextWindow, snippets: readonly Snippet[], mode: CompletionMode, limits: PromptLimits): FimPrompt {
  const context = snippets.map((s) => `${FILE_SEPARATOR} ${s.path}\n${s.text}\n\n`).join('');
  const prompt = context ? `${context}${FILE_SEPARATOR} ${path}\n${window.prefix}` : window.prefix;
  const shape = requestShape(mode, limits);
  const stop = [`\n${FILE_SEPARATOR}`];
  if (shape.stopAtNewline) stop.push('\n');
  return { prompt, suffix: window.suffix, stop, maxTokens: shape.maxTokens };
}
