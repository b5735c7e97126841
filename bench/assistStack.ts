/**
 * Explain/review exactly as the extension sends them, for benches: a workspace read the way
 * WorkspaceFiles reads it, the core's request builders, runAssist → Router (real Budgets, a real
 * Ledger in a temp dir, the shipped prices and routes) → Claude client over the official SDK.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enclosingBlock } from '../src/core/assist/blocks/enclosing';
import { buildExplainRequest, buildReviewRequest, type AssistRequest, type AssistTextBlock } from '../src/core/assist/prompt/prompts';
import { CONVENTION_FILES, importCandidates } from '../src/core/assist/prompt/relatedFiles';
import { runAssist, type AssistDeps, type AssistResult } from '../src/core/assist/runAssist';
import type { LineRange, SourceFile, TargetFile } from '../src/core/assist/types';
import { Ledger } from '../src/core/ledger/ledger';
import { silentLog } from '../src/core/log';
import { redactSecrets } from '../src/core/privacy/redact';
import { createClaudeClient } from '../src/core/providers/claude';
import { Budgets, type BudgetLimits } from '../src/core/router/budgets';
import { DEFAULT_PRICES, estimateCost } from '../src/core/router/pricing';
import { Router } from '../src/core/router/router';
import { chainFor, DEFAULT_ROUTES } from '../src/core/router/routes';

export type AssistTask = 'explain' | 'review';

export interface Workspace {
  target: TargetFile;
  related: SourceFile[];
  conventions: SourceFile[];
}

/** One explain (of lines, maybe with a question) or one review of selected lines. */
export interface Ask {
  task: AssistTask;
  range: LineRange;
  question?: string;
}

export interface AssistStack {
  ledger: Ledger;
  budgets: Budgets;
  /** One request as the command sends it; `cache: false` sends the same request without breakpoints. */
  send(ask: Ask, cache: boolean): Promise<AssistResult>;
  close(): Promise<void>;
}

const MAX_FILE_BYTES = 200_000;
const QUESTIONS = [
  undefined,
  'What can go wrong here?',
  'Why is it written this way rather than something simpler?',
  'What does the caller get back, and when?',
  'Which state does this change?',
];

/** The target and the files the extension would add as context, read from `root` as a workspace. */
export function loadWorkspace(root: string, path: string, languageId: string): Workspace {
  const read = (p: string): SourceFile | undefined => {
    const file = join(root, p);
    const stat = existsSync(file) ? statSync(file) : undefined;
    if (!stat?.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    return { path: p, text: readFileSync(file, 'utf8') };
  };
  const target = read(path);
  if (!target) throw new Error(`bench workspace: cannot read ${path}`);
  const related = importCandidates(path, target.text, languageId).flatMap((candidates) => {
    const found = candidates.map(read).find((f) => f !== undefined);
    return found ? [found] : [];
  });
  const conventions = CONVENTION_FILES.flatMap((p) => read(p) ?? []);
  return { target: { ...target, languageId }, related, conventions };
}

/**
 * `count` requests spread over the file, explain and review alternating: the cursor at evenly spaced
 * lines, the enclosing function as the subject (as with nothing selected), each explain after the
 * first with a different question.
 */
export function spreadAsks(target: TargetFile, count: number): Ask[] {
  const lines = target.text.split('\n');
  return Array.from({ length: count }, (_, i) => {
    const line = Math.min(lines.length, 1 + Math.floor(((i + 0.5) * lines.length) / count));
    const endOfLine = lines.slice(0, line).join('\n').length;
    const range = enclosingBlock(target.text, endOfLine, target.languageId) ?? {
      startLine: line,
      endLine: Math.min(lines.length, line + 11),
    };
    if (i % 2 === 1) return { task: 'review', range };
    const question = QUESTIONS[(i / 2) % QUESTIONS.length];
    return { task: 'explain', range, ...(question ? { question } : {}) };
  });
}

export async function openStack(simUrl: string, limits: BudgetLimits, ws: Workspace): Promise<AssistStack> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-router-bench-'));
  const ledger = await Ledger.open({ dir, watch: false, log: silentLog });
  const budgets = new Budgets({ spend: ledger, book: ledger, limits });
  const router = new Router({ routes: DEFAULT_ROUTES, prices: DEFAULT_PRICES, budgets, ledger, log: silentLog });
  const client = createClaudeClient({ apiKey: 'bench', baseUrl: simUrl });
  const deps: AssistDeps = { router, claude: () => client, redact: (text) => redactSecrets(text).text };
  return {
    ledger,
    budgets,
    send: (ask, cache) => {
      const request = cache ? buildFor(ask, ws) : withoutBreakpoints(buildFor(ask, ws));
      return runAssist({ task: ask.task, request, firstModel: firstModel(ask.task), deps, signal: new AbortController().signal });
    },
    close: async () => {
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Worst-case cost the router would reserve for `ask` on each route of its chain, in chain order. */
export function routeEstimatesUsd(ask: Ask, ws: Workspace): number[] {
  const req = buildFor(ask, ws);
  return chainFor(DEFAULT_ROUTES, ask.task).map(({ model }) =>
    estimateCost(model, req.estimatedInputTokens, req.maxTokens, DEFAULT_PRICES),
  );
}

export function firstModel(task: AssistTask): string {
  const model = chainFor(DEFAULT_ROUTES, task)[0]?.model;
  if (!model) throw new Error(`no route for ${task}`);
  return model;
}

/** The request the explain/review command builds, with the settings' defaults. */
function buildFor(ask: Ask, ws: Workspace): AssistRequest {
  const common = {
    target: ws.target,
    related: ws.related,
    conventions: ws.conventions,
    contextTokens: settingDefault('tandem.assist.contextTokens'),
  };
  if (ask.task === 'explain')
    return buildExplainRequest({
      ...common,
      range: ask.range,
      question: ask.question,
      maxTokens: settingDefault('tandem.explain.maxTokens'),
    });
  return buildReviewRequest({
    ...common,
    scope: { kind: 'selection', ...ask.range },
    maxTokens: settingDefault('tandem.review.maxTokens'),
  });
}

/** The same request with every `cache_control` left out: what it costs when nothing is cached. */
export function withoutBreakpoints(req: AssistRequest): AssistRequest {
  const strip = (b: AssistTextBlock): AssistTextBlock => ({ type: 'text', text: b.text });
  return { ...req, system: req.system.map(strip), messages: req.messages.map((m) => ({ ...m, content: m.content.map(strip) })) };
}

interface Manifest {
  contributes: { configuration: Array<{ properties: Record<string, { default?: unknown }> }> };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as Manifest;

/** A setting's default as package.json declares it. */
function settingDefault(key: string): number {
  for (const group of manifest.contributes.configuration) {
    const value = group.properties[key]?.default;
    if (typeof value === 'number') return value;
  }
  throw new Error(`package.json declares no numeric default for ${key}`);
}
