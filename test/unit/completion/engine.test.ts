import { strict as assert } from 'node:assert';
import { WorkspaceContext } from '../../../src/core/completion/context/gather';
import { documentWithCursor } from '../../../src/core/completion/document';
import { CompletionEngine, type FimDispatch, type FimDispatchRequest } from '../../../src/core/completion/engine';
import { DEFAULT_COMPLETION_SETTINGS } from '../../../src/core/completion/settings';
import type { LedgerRecord, LedgerSink } from '../../../src/core/ledger/record';
import { silentLog } from '../../../src/core/log';
import { createRoutedEngine } from '../../../src/core/completion/routed';
import { NoticeBoard, type Notice } from '../../../src/core/notices';
import { createCodestralClient, type CodestralClient } from '../../../src/core/providers/codestral';
import { ProviderError } from '../../../src/core/providers/errors';
import type { StreamEvent } from '../../../src/core/providers/types';
import { Budgets } from '../../../src/core/router/budgets';
import { DEFAULT_PRICES } from '../../../src/core/router/pricing';
import { Router } from '../../../src/core/router/router';
import { DEFAULT_ROUTES } from '../../../src/core/router/routes';
import { start, type Simulator } from '../../../src/simulator/server';
import { FakeLedger } from '../router/fakes';

class MemoryLedger implements LedgerSink {
  records: LedgerRecord[] = [];
  patches: Array<{ id: string; patch: object }> = [];
  record(r: LedgerRecord): void {
    this.records.push(r);
  }
  updateCompletion(id: string, patch: object): void {
    this.patches.push({ id, patch });
  }
}

const usage = { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 };

/** A dispatch that answers from a script, counting requests and seeing aborts. */
function scripted(
  answer: (req: FimDispatchRequest) => string,
  delayMs = 0,
): { dispatch: FimDispatch; sent: FimDispatchRequest[]; aborted: number } {
  const state = { sent: [] as FimDispatchRequest[], aborted: 0, dispatch: undefined as unknown as FimDispatch };
  state.dispatch = (req, signal) => {
    state.sent.push(req);
    async function* events(): AsyncGenerator<StreamEvent> {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (signal.aborted) {
        state.aborted++;
        throw new ProviderError('cancelled', 'aborted', 'mistral');
      }
      for (const piece of answer(req).match(/[\s\S]{1,4}/g) ?? []) yield { type: 'text', text: piece };
      yield { type: 'done', usage, stopReason: 'stop' };
    }
    return { recordId: `r${state.sent.length}`, events: events() };
  };
  return state;
}

function engineWith(dispatch: FimDispatch, ledger = new MemoryLedger()): CompletionEngine {
  const context = new WorkspaceContext({ openDocuments: () => [], isExcluded: () => false });
  const settings = { ...DEFAULT_COMPLETION_SETTINGS, debounceMinMs: 1, debounceMaxMs: 5 };
  return new CompletionEngine({ dispatch, context, ledger, settings: () => settings, log: silentLog });
}

const live = (): AbortSignal => new AbortController().signal;

describe('completion engine', () => {
  it('requests once, then serves the same spot from the cache without a request', async () => {
    const s = scripted(() => 'a + b;\n}');
    const engine = engineWith(s.dispatch);
    const { doc, cursor } = documentWithCursor('src/math.ts', 'typescript', 'export function add(a: number, b: number) {\n  return █\n}\n');
    const first = await engine.complete({ doc, cursor, trigger: 'auto' }, live());
    assert.deepEqual([first?.text, first?.source], ['a + b;', 'network']);
    const again = await engine.complete({ doc, cursor, trigger: 'auto' }, live());
    assert.deepEqual([again?.text, again?.source], ['a + b;', 'cache']);
    assert.equal(s.sent.length, 1);
  });

  it('typed-through: after typing the start of a suggestion the rest is shown with no request', async () => {
    const s = scripted(() => 'sum(values) / len(values)');
    const engine = engineWith(s.dispatch);
    const before = documentWithCursor('stats.py', 'python', 'def mean(values):\n    return █\n');
    await engine.complete({ ...before, trigger: 'auto' }, live());
    const typed = documentWithCursor('stats.py', 'python', 'def mean(values):\n    return sum(█\n');
    const next = await engine.complete({ ...typed, trigger: 'auto' }, live());
    assert.deepEqual([next?.text, next?.source], ['values) / len(values)', 'typed_through']);
    assert.equal(s.sent.length, 1);
  });

  it('sends the suffix, a capped max_tokens and only the multi-file stop (no newline stop: next-line suggestions stay possible)', async () => {
    const s = scripted(() => 'x');
    const engine = engineWith(s.dispatch);
    await engine.complete({ ...documentWithCursor('main.go', 'go', 'func f() int {\n\treturn g█ + 1\n}\n'), trigger: 'manual' }, live());
    const req = s.sent[0]!;
    assert.equal(req.suffix, ' + 1\n}\n');
    assert.equal(req.maxTokens, DEFAULT_COMPLETION_SETTINGS.maxTokensSingle);
    assert.deepEqual(req.stop, ['\n+++++']);
    assert.ok(req.temperature <= 0.2);
  });

  it('a superseded call resolves (undefined) and its request is aborted', async () => {
    const s = scripted(() => 'value;', 50);
    const engine = engineWith(s.dispatch);
    const first = documentWithCursor('a.rs', 'rust', 'fn a() -> i32 {\n    let v = █\n}\n');
    const c1 = new AbortController();
    const p1 = engine.complete({ ...first, trigger: 'manual' }, c1.signal);
    await new Promise((r) => setTimeout(r, 5));
    c1.abort();
    const other = documentWithCursor('a.rs', 'rust', 'fn a() -> i32 {\n    let w█\n}\n');
    const p2 = engine.complete({ ...other, trigger: 'manual' }, live());
    assert.equal(await p1, undefined);
    await p2;
    assert.equal(s.aborted, 1, 'the first HTTP stream was ended');
  });

  describe('preparing during the debounce wait', () => {
    /** An engine with a fixed debounce and a definitions source that takes `lookupMs`, timing both. */
    function timedEngine(
      debounceMs: number,
      lookupMs: number,
    ): { engine: CompletionEngine; lookups: number[]; sentAt: number[]; start(): void } {
      let t0 = 0;
      const lookups: number[] = [];
      const sentAt: number[] = [];
      const definitions = async (): Promise<[]> => {
        lookups.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, lookupMs));
        return [];
      };
      const context = new WorkspaceContext({ openDocuments: () => [], isExcluded: () => false, definitions });
      const settings = { ...DEFAULT_COMPLETION_SETTINGS, debounceMinMs: debounceMs, debounceMaxMs: debounceMs };
      const s = scripted(() => 'x);');
      const dispatch: FimDispatch = (req, signal) => {
        sentAt.push(performance.now() - t0);
        return s.dispatch(req, signal);
      };
      const engine = new CompletionEngine({ dispatch, context, ledger: new MemoryLedger(), settings: () => settings, log: silentLog });
      return { engine, lookups, sentAt, start: () => (t0 = performance.now()) };
    }
    const spot = (): ReturnType<typeof documentWithCursor> => documentWithCursor('a.py', 'python', 'def f(x):\n    return g(█\n');

    it('a slow context source overlaps the wait: the request leaves when the wait ends, not after the lookup', async () => {
      const t = timedEngine(120, 30);
      const earlier = documentWithCursor('a.py', 'python', 'def f(x):\n    return h(█\n');
      await t.engine.complete({ ...earlier, trigger: 'auto' }, live()); // the engine learns how long preparing takes
      t.start();
      await t.engine.complete({ ...spot(), trigger: 'auto' }, live());
      assert.equal(t.lookups.length, 2);
      assert.ok(t.lookups[1]! >= 80 && t.lookups[1]! < 110, `lookup began in the last 30 % of the wait, at ${t.lookups[1]} ms`);
      assert.ok(t.sentAt[1]! >= 118 && t.sentAt[1]! < 140, `sent at ${t.sentAt[1]} ms (wait 120 ms + lookup 30 ms would be 150 ms)`);
    });

    it('a call superseded early in its wait prepares nothing', async () => {
      const t = timedEngine(120, 1);
      const c = new AbortController();
      t.start();
      const pending = t.engine.complete({ ...spot(), trigger: 'auto' }, c.signal);
      await new Promise((r) => setTimeout(r, 30));
      c.abort();
      assert.equal(await pending, undefined);
      assert.deepEqual([t.lookups.length, t.sentAt.length], [0, 0]);
    });

    it('preparation past the end of the wait counts as overhead; a manual trigger prepares at once', async () => {
      const t = timedEngine(120, 30);
      await t.engine.complete({ ...spot(), trigger: 'manual' }, live());
      const overhead = t.engine.stats.lastDispatchOverheadMs!;
      assert.ok(overhead >= 28, `the 30 ms lookup is overhead when there is no wait to hide it in (${overhead} ms)`);
      const other = documentWithCursor('a.py', 'python', 'def f(x):\n    return h(█\n');
      await t.engine.complete({ ...other, trigger: 'auto' }, live());
      assert.ok(t.engine.stats.lastDispatchOverheadMs! < 20, `hidden in the wait (${t.engine.stats.lastDispatchOverheadMs} ms)`);
    });
  });

  it('in-flight reuse: typing what is streaming joins the request instead of sending another', async () => {
    const s = scripted(() => 'System.out.println("hi");', 40);
    const engine = engineWith(s.dispatch);
    const first = documentWithCursor('A.java', 'java', 'class A {\n  void f() {\n    █\n  }\n}\n');
    const c1 = new AbortController();
    const p1 = engine.complete({ ...first, trigger: 'manual' }, c1.signal);
    await new Promise((r) => setTimeout(r, 5));
    c1.abort(); // VS Code cancels the old call when the user types
    const typed = documentWithCursor('A.java', 'java', 'class A {\n  void f() {\n    Sys█\n  }\n}\n');
    const p2 = await engine.complete({ ...typed, trigger: 'auto' }, live());
    assert.equal(await p1, undefined);
    assert.deepEqual([p2?.text, p2?.source], ['tem.out.println("hi");', 'inflight']);
    assert.equal(s.sent.length, 1);
  });

  it('records local hits in the ledger and follows a suggestion to accepted', async () => {
    const ledger = new MemoryLedger();
    const engine = engineWith(scripted(() => 'a + b;').dispatch, ledger);
    const { doc, cursor } = documentWithCursor('m.ts', 'typescript', 'function add(a, b) {\n  return █\n}\n');
    const net = await engine.complete({ doc, cursor, trigger: 'auto' }, live());
    engine.acceptance.markShown(net!.id);
    const hit = await engine.complete({ doc, cursor, trigger: 'auto' }, live());
    engine.acceptance.markShown(hit!.id);
    engine.acceptance.accepted(hit!.id);
    assert.equal(ledger.records.length, 1);
    assert.equal(ledger.records[0]!.completion?.source, 'cache');
    const outcomes = ledger.patches.map((p) => JSON.stringify(p));
    assert.ok(outcomes.includes(JSON.stringify({ id: 'r1', patch: { acceptance: 'rejected', acceptedChars: 0 } })), outcomes.join('\n'));
    assert.ok(outcomes.includes(JSON.stringify({ id: hit!.id, patch: { acceptance: 'accepted', acceptedChars: 6 } })));
    assert.ok(!outcomes.some((o) => o.includes('a + b')), 'no code in the ledger');
  });

  it('reports a real failure once to the adapter and resolves undefined', async () => {
    const errors: unknown[] = [];
    const dispatch: FimDispatch = () => ({
      recordId: 'x',
      events: (async function* (): AsyncGenerator<StreamEvent> {
        throw new ProviderError('auth', 'Codestral key rejected', 'mistral', { status: 401 });
      })(),
    });
    const context = new WorkspaceContext({ openDocuments: () => [], isExcluded: () => false });
    const engine = new CompletionEngine({
      dispatch,
      context,
      ledger: new MemoryLedger(),
      settings: () => DEFAULT_COMPLETION_SETTINGS,
      log: silentLog,
      onError: (e) => errors.push(e),
    });
    const r = await engine.complete({ ...documentWithCursor('a.ts', 'typescript', 'let a = █'), trigger: 'manual' }, live());
    assert.equal(r, undefined);
    assert.equal(errors.length, 1);
  });
});

describe('completion engine against the simulator (real Mistral SDK)', () => {
  let sim: Simulator;
  before(async () => {
    sim = await start({ quiet: true });
  });
  after(() => sim.close());

  it('streams a completion through fim.stream and stops before the suffix', async () => {
    const client = createCodestralClient({ apiKey: 'k', baseUrl: sim.url });
    const dispatch: FimDispatch = (req, signal) => ({
      recordId: 'r',
      events: client.stream({ ...req, model: 'codestral-latest' }, signal),
    });
    const engine = engineWith(dispatch);
    const code =
      'function add(a: number, b: number): number {\n  return a + b;\n}\n\nfunction sub(a: number, b: number): number {\n  return █\n}\n';
    const s = await engine.complete({ ...documentWithCursor('src/ops.ts', 'typescript', code), trigger: 'manual' }, live());
    assert.equal(s?.text, 'a + b;');
  });

  it('maps a rejected key to an auth error naming the endpoint', async () => {
    const strict = await start({ quiet: true, keys: ['good'] });
    try {
      const client = createCodestralClient({ apiKey: 'bad', baseUrl: strict.url });
      await assert.rejects(
        async () => {
          for await (const _ of client.stream(
            { model: 'codestral-latest', prompt: 'a', suffix: '', maxTokens: 5, stop: [], temperature: 0 },
            live(),
          ))
            void _;
        },
        (e: unknown) => e instanceof ProviderError && e.kind === 'auth' && e.message.includes(new URL(strict.url).host),
      );
    } finally {
      await strict.close();
    }
  });
});

describe('completion engine: superseding across lines', () => {
  it('moving to a new line aborts the in-flight request even after joiners came and went', async () => {
    const s = scripted(() => 'return 3.14 * r ** 3', 80);
    const engine = engineWith(s.dispatch);
    const at = (marked: string): ReturnType<typeof documentWithCursor> => documentWithCursor('geo.py', 'python', marked);
    const c1 = new AbortController();
    const p1 = engine.complete({ ...at('def volume(r):\n    █'), trigger: 'manual' }, c1.signal);
    await new Promise((r) => setTimeout(r, 10));
    c1.abort();
    const c2 = new AbortController();
    const p2 = engine.complete({ ...at('def volume(r):\n    x█'), trigger: 'auto' }, c2.signal);
    await new Promise((r) => setTimeout(r, 5));
    c2.abort();
    const p3 = engine.complete({ ...at('def volume(r):\n    x = 1\n    █'), trigger: 'auto' }, live());
    await Promise.all([p1, p2, p3]);
    assert.equal(s.aborted, 1, 'the first request was aborted');
  });
});

describe('completion engine: requests it does not make', () => {
  it('remembers a spot the model had nothing for, and does not ask again', async () => {
    const s = scripted(() => '   \n');
    const engine = engineWith(s.dispatch);
    const spot = documentWithCursor('a.go', 'go', 'func main() {\n\tx := 1\n\t█\n}\n');
    assert.equal(await engine.complete({ ...spot, trigger: 'auto' }, live()), undefined);
    assert.equal(await engine.complete({ ...spot, trigger: 'auto' }, live()), undefined);
    assert.equal(s.sent.length, 1);
  });

  it('does not ask in the middle of a word while typing (a manual trigger still does)', async () => {
    const s = scripted(() => 'x');
    const engine = engineWith(s.dispatch);
    const midWord = documentWithCursor('a.rs', 'rust', 'let total = sum█mary(values);\n');
    assert.equal(await engine.complete({ ...midWord, trigger: 'auto' }, live()), undefined);
    assert.equal(s.sent.length, 0);
    await engine.complete({ ...midWord, trigger: 'manual' }, live());
    assert.equal(s.sent.length, 1);
  });
});

describe('completion engine: a stalled Codestral', () => {
  const FIRST_TOKEN_MS = 60;

  /** A Codestral client that stalls until its first-token timeout for the first `stalls` calls, then answers. */
  function stallingClient(stalls: number): { client: CodestralClient; calls: () => number } {
    let calls = 0;
    const client: CodestralClient = {
      async *stream() {
        if (++calls <= stalls) {
          await new Promise((r) => setTimeout(r, FIRST_TOKEN_MS));
          throw new ProviderError('timeout', `Codestral sent nothing within ${FIRST_TOKEN_MS} ms`, 'mistral', {
            endpoint: 'codestral.mistral.ai',
          });
        }
        yield { type: 'text', text: 'em.exit(0);' };
        yield { type: 'done', usage, stopReason: 'stop' };
      },
    };
    return { client, calls: () => calls };
  }

  function routedEngine(client: CodestralClient): { engine: CompletionEngine; shown: Notice[] } {
    const ledger = new FakeLedger();
    const shown: Notice[] = [];
    const router = new Router({
      routes: DEFAULT_ROUTES,
      prices: DEFAULT_PRICES,
      budgets: new Budgets({ spend: ledger, limits: { dailyUsd: 100 } }),
      ledger,
      log: silentLog,
      sleep: async () => undefined,
    });
    const context = new WorkspaceContext({ openDocuments: () => [], isExcluded: () => false });
    const settings = { ...DEFAULT_COMPLETION_SETTINGS, debounceMinMs: 1, debounceMaxMs: 5 };
    const engine = createRoutedEngine({
      router,
      codestral: () => client,
      ledger,
      context,
      settings: () => settings,
      log: silentLog,
      notices: new NoticeBoard((n) => shown.push(n)),
    });
    return { engine, shown };
  }

  it('a timeout is not retried; a keystroke that joined it is released then, and the next keystroke asks again', async () => {
    const { client, calls } = stallingClient(1);
    const { engine, shown } = routedEngine(client);
    const at = (marked: string): ReturnType<typeof documentWithCursor> =>
      documentWithCursor('A.java', 'java', `class A {\n  void f() {\n    ${marked}\n  }\n}\n`);
    const c1 = new AbortController();
    const p1 = engine.complete({ ...at('Sy█'), trigger: 'manual' }, c1.signal);
    await new Promise((r) => setTimeout(r, 10));
    c1.abort(); // the user typed on
    const started = performance.now();
    const joined = await engine.complete({ ...at('Sys█'), trigger: 'auto' }, live());
    const waited = performance.now() - started;
    assert.equal(await p1, undefined);
    assert.equal(joined, undefined, 'the joiner shows nothing rather than stalling again');
    assert.ok(waited < FIRST_TOKEN_MS * 2, `released after ${waited.toFixed(0)} ms`);
    assert.equal(calls(), 1, 'the router did not retry the timeout');
    assert.equal(shown.length, 1);
    const next = await engine.complete({ ...at('Syst█'), trigger: 'auto' }, live());
    assert.equal(calls(), 2, 'the next keystroke sent a request of its own, not joined to the failed one');
    assert.deepEqual([next?.text, next?.source], ['em.exit(0);', 'network']);
  });
});
