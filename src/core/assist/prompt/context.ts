import { estimateTokens } from '../../tokens';
import { linesTokens, omittedNote, takeLines } from './budget';
import { conventionExcerpt } from './conventions';
import { splitLines } from './gutter';
import { windowTarget } from './targetWindow';
import type { LineRange, SourceFile, TargetFile } from '../types';

export interface ContextBudget {
  targetTokens: number;
  relatedTokens: number;
  conventionsTokens: number;
}

export interface ContextInput {
  /** Left out when the file itself is the subject of the question (whole-file review). */
  target?: TargetFile;
  /** Lines a huge target is windowed around. */
  focus?: LineRange;
  /** Files the target imports, resolved by the caller. */
  related: SourceFile[];
  /** README, lint and format configs. */
  conventions: SourceFile[];
  budget: ContextBudget;
  /** Number the target's lines with a `<n>| ` gutter (review). */
  gutter: boolean;
}

export interface WorkspaceContext {
  text: string;
  tokens: number;
  /** Lines of the target that are shown. */
  targetRange?: LineRange;
  truncated: boolean;
}

/** Splits the `tandem.assist.contextTokens` setting between the three parts. */
export function splitContextBudget(totalTokens: number): ContextBudget {
  const conventionsTokens = Math.floor(totalTokens * 0.15);
  const relatedTokens = Math.floor(totalTokens * 0.3);
  return { targetTokens: totalTokens - conventionsTokens - relatedTokens, relatedTokens, conventionsTokens };
}

/**
 * The workspace context of an explain or review request, byte-for-byte the same for the same
 * inputs (files are ordered by path, never by arrival) so it can sit before a cache breakpoint.
 */
export function buildWorkspaceContext(input: ContextInput): WorkspaceContext {
  const conventions = conventionsSection(input.conventions, input.budget.conventionsTokens);
  const related = filesSection('related_files', sortedUnique(input.related), input.budget.relatedTokens);
  const target = input.target && targetSection(input.target, input.focus, input.budget.targetTokens, input.gutter);
  const sections = [conventions.text, related.text, target?.text ?? ''].filter((s) => s !== '');
  const text = sections.length ? `<workspace_context>\n${sections.join('\n')}\n</workspace_context>` : '';
  return {
    text,
    tokens: estimateTokens(text),
    ...(target ? { targetRange: target.range } : {}),
    truncated: conventions.truncated || related.truncated || (target?.truncated ?? false),
  };
}

interface Section {
  text: string;
  truncated: boolean;
}

function conventionsSection(files: SourceFile[], budget: number): Section {
  const excerpts = sortedUnique(files)
    .map(conventionExcerpt)
    .filter((e) => e.file.text.trim() !== '')
    .sort((a, b) => a.rank - b.rank);
  return filesSection(
    'conventions',
    excerpts.map((e) => e.file),
    budget,
  );
}

/** Each file gets a fair share of what is left, so one huge file cannot crowd out the others. */
function filesSection(tag: string, files: SourceFile[], budget: number): Section {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  let left = budget - estimateTokens(`${open}\n${close}\n`);
  let truncated = false;
  const parts: string[] = [];
  files.forEach((file, i) => {
    const share = Math.floor(left / (files.length - i));
    const part = fileElement(file, share);
    if (part.text === '') truncated = true;
    else parts.push(part.text);
    truncated ||= part.truncated;
    left -= estimateTokens(part.text) + 1;
  });
  return { text: parts.length ? [open, ...parts, close].join('\n') : '', truncated };
}

function fileElement(file: SourceFile, budget: number): Section {
  const open = `<file path="${file.path}">`;
  const frame = estimateTokens(`${open}\n</file>\n`);
  const lines = splitLines(file.text);
  if (linesTokens(lines) + frame <= budget) return { text: [open, ...lines, '</file>'].join('\n'), truncated: false };
  const note = omittedNote(lines.length, 'more');
  const kept = takeLines(lines, budget - frame - estimateTokens(note) - 1);
  if (kept.length === 0) return { text: '', truncated: true };
  return { text: [open, ...kept, omittedNote(lines.length - kept.length, 'more'), '</file>'].join('\n'), truncated: true };
}

function targetSection(target: TargetFile, focus: LineRange | undefined, budget: number, gutter: boolean): Section & { range: LineRange } {
  const lines = splitLines(target.text);
  const open = `<target_file path="${target.path}" language="${target.languageId}" lines="${lines.length}">`;
  const close = '</target_file>';
  const window = windowTarget(lines, focus, budget - estimateTokens(`${open}\n${close}\n`), gutter);
  return { text: [open, ...window.lines, close].join('\n'), truncated: window.truncated, range: window.range };
}

function sortedUnique(files: SourceFile[]): SourceFile[] {
  const byPath = new Map<string, SourceFile>();
  for (const f of files) if (!byPath.has(f.path)) byPath.set(f.path, f);
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
