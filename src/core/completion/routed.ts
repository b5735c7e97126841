import type { SyntaxProbe } from './prepare';
import { clearProblems, reportFailure } from '../errorNotices';
import type { LedgerSink } from '../ledger/record';
import type { Log } from '../log';
import type { NoticeBoard } from '../notices';
import { containsPlaceholder, redactSecrets } from '../privacy/redact';
import { warmUpCodestral, type CodestralClient } from '../providers/codestral';
import { ProviderError } from '../providers/errors';
import type { RateLimitState } from '../providers/rateLimit';
import type { StreamEvent } from '../providers/types';
import type { RoutedRequest, Router } from '../router/router';
import type { WorkspaceContext } from './context/gather';
import { CompletionEngine, type FimDispatch } from './engine';
import { promptCacheKey } from './promptCacheKey';
import type { CompletionSettings } from './settings';

export interface RoutedCompletionDeps {
  router: Pick<Router, 'stream'>;
  /** The Codestral client for the current key/endpoint; undefined when the key is missing. */
  codestral(): CodestralClient | undefined;
  ledger: LedgerSink;
  context: WorkspaceContext;
  settings(): CompletionSettings;
  log: Log;
  notices: NoticeBoard;
  onStreaming?(active: boolean): void;
  /**
   * What makes prompt cache keys differ between workspaces (e.g. the folder URIs; only its hash is
   * sent). Undefined: no `prompt_cache_key` is sent.
   */
  cacheScope?(): string | undefined;
  /** Codestral's quota and 429 pauses: completions slow down before a 429 and pause after one. */
  rateLimits?: RateLimitState;
  /** The parse tree at the cursor (tree-sitter), built inside the debounce wait. */
  syntax?: SyntaxProbe;
}

/**
 * The completion engine as the extension runs it: FIM through the router to Codestral, secrets
 * redacted on the way out, placeholders never shown, each failure shown once on the NoticeBoard and
 * the provider's standing problems cleared when a completion succeeds again.
 */
export function createRoutedEngine(deps: RoutedCompletionDeps): CompletionEngine {
  return new CompletionEngine({
    dispatch: routedDispatch(deps),
    context: deps.context,
    ledger: deps.ledger,
    settings: () => withRateLimits(deps.settings(), deps.rateLimits),
    log: deps.log,
    redact: (text) => redactSecrets(text).text,
    mustNotShow: containsPlaceholder,
    onError: (err) => reportCompletionError(deps, err),
    onStreaming: (active) => deps.onStreaming?.(active),
    ...(deps.syntax ? { syntax: deps.syntax } : {}),
  });
}

export function routedDispatch(
  deps: Pick<RoutedCompletionDeps, 'router' | 'codestral' | 'notices' | 'cacheScope' | 'rateLimits'>,
): FimDispatch {
  return (req, signal) => {
    const admission = deps.rateLimits?.admit(req.estimatedInputTokens + req.maxTokens);
    // Not sent, not an error: the next keystroke after the pause asks again.
    if (admission && !admission.go)
      throw new ProviderError('cancelled', `Codestral completions paused: ${admission.reason}`, 'mistral', {
        status: 429,
        retryAfterMs: Math.max(0, admission.untilMs - Date.now()),
      });
    // A 429 is not retried (the next keystroke asks anyway): it pauses completions until its retry-after.
    const request: RoutedRequest = {
      task: 'completion',
      estimatedInputTokens: req.estimatedInputTokens,
      inputBoundTokens: req.inputBoundTokens,
      maxOutputTokens: req.maxTokens,
      signal,
      language: req.language,
      completion: { source: 'network', shown: false },
      routesAfterTimeout: 0,
      routine: true,
      retryRateLimits: false,
    };
    const routed = deps.router.stream(request, (target, routeSignal) => {
      const client = deps.codestral();
      if (!client) throw new ProviderError('auth', 'Codestral key missing — run "Tandem: Set Codestral API Key".', 'mistral');
      const scope = deps.cacheScope?.();
      const cacheKey = scope === undefined ? {} : { promptCacheKey: promptCacheKey(scope, req.path) };
      return client.stream(
        {
          model: target.model,
          prompt: req.prompt,
          suffix: req.suffix,
          maxTokens: req.maxTokens,
          stop: req.stop,
          temperature: req.temperature,
          ...cacheKey,
        },
        routeSignal,
      );
    });
    const events = deps.rateLimits ? pauseOn429(routed.events, deps.rateLimits) : routed.events;
    return { recordId: routed.recordId, events: reportingSuccess(events, () => clearProblems(deps.notices, 'mistral')) };
  };
}

/** A 429 pauses completions until its `retry-after`. */
async function* pauseOn429(events: AsyncIterable<StreamEvent>, rateLimits: RateLimitState): AsyncGenerator<StreamEvent> {
  try {
    yield* events;
  } catch (err) {
    if (err instanceof ProviderError && err.kind === 'rate_limit') rateLimits.noteRateLimited(err.retryAfterMs);
    throw err;
  }
}

/** The debounce wait stretched as the minute's quota runs low (fewer requests before a 429, not after). */
function withRateLimits(settings: CompletionSettings, rateLimits: RateLimitState | undefined): CompletionSettings {
  const stretch = rateLimits?.debounceStretch() ?? 1;
  if (stretch === 1) return settings;
  return {
    ...settings,
    debounceMinMs: Math.round(settings.debounceMinMs * stretch),
    debounceMaxMs: Math.round(settings.debounceMaxMs * stretch),
  };
}

/**
 * Calls `succeeded` once the provider has answered: its `done` event arrived (the stream was
 * complete), or output arrived and the reader left early with what it needed. Not on the first
 * token: a stream cut after it would clear the notice and raise it again, once per failed request.
 */
async function* reportingSuccess(events: AsyncIterable<StreamEvent>, succeeded: () => void): AsyncGenerator<StreamEvent> {
  let answered = false;
  let failed = false;
  let reported = false;
  const report = (): void => {
    if (reported) return;
    reported = true;
    succeeded();
  };
  try {
    for await (const e of events) {
      answered = true;
      if (e.type === 'done') report();
      yield e;
    }
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    if (answered && !failed) report();
  }
}

function reportCompletionError(deps: Pick<RoutedCompletionDeps, 'log' | 'notices'>, err: unknown): void {
  deps.log.warn(`completion failed: ${err instanceof Error ? err.message : String(err)}`);
  reportFailure(deps.notices, err);
}

/**
 * Runs the completion path's cold code once, off the keystroke path: the SDK request and fetch
 * (against a canned local answer, nothing is sent) and the secret patterns. The first completion of
 * a session otherwise pays 50–250 ms for it. Never throws.
 */
export async function warmUpCompletions(log: Log): Promise<void> {
  const started = performance.now();
  try {
    redactSecrets('const password = "warm-up";\nconst url = "https://user:warm-up@example.com";\n');
    await warmUpCodestral();
    log.debug(`completion path warmed up in ${Math.round(performance.now() - started)} ms`);
  } catch (err) {
    log.debug(`completion warm-up skipped: ${err instanceof Error ? err.message : String(err)}`);
  }
}
