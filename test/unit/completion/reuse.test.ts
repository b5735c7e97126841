import { strict as assert } from 'node:assert';
import { linkedController } from '../../../src/core/abort';
import { AdaptiveDebounce, PreparationLead, sleepUnlessAborted } from '../../../src/core/completion/debounce';
import { cacheKey, LruCache } from '../../../src/core/completion/cache';
import { documentWithCursor } from '../../../src/core/completion/document';
import { anchorOf, continueSuggestion, extendsAnchor } from '../../../src/core/completion/reuse';
import { windowAround } from '../../../src/core/completion/window';

function anchorAt(marked: string, path = 'src/app.ts'): ReturnType<typeof anchorOf> {
  const { doc, cursor } = documentWithCursor(path, 'typescript', marked);
  return anchorOf(path, cursor.line, windowAround(doc, cursor, { prefixTokens: 1000, suffixTokens: 200 }));
}

describe('completion reuse', () => {
  it('typed-through: typing the first characters of the suggestion shows the rest', () => {
    const then = anchorAt('function area(r: number) {\n  return █\n}\n');
    const now = anchorAt('function area(r: number) {\n  return Math.█\n}\n');
    assert.deepEqual(continueSuggestion(then, 'Math.PI * r * r;', now), { text: 'PI * r * r;', typed: 5 });
  });

  it('typed-through ends when the typed text contradicts the suggestion or completes it', () => {
    const then = anchorAt('def area(r):\n    return █\n', 'geo.py');
    assert.equal(continueSuggestion(then, 'math.pi * r ** 2', anchorAt('def area(r):\n    return 3█\n', 'geo.py')), undefined);
    assert.equal(continueSuggestion(then, 'x', anchorAt('def area(r):\n    return x█\n', 'geo.py')), undefined);
  });

  it('backspace: deleting characters shows them again in front of the suggestion', () => {
    const then = anchorAt('let total = items.len█\n');
    const now = anchorAt('let total = items.l█\n');
    assert.deepEqual(continueSuggestion(then, 'gth;', now), { text: 'en' + 'gth;', typed: -2 });
  });

  it('an edit on another line or in another file is not a continuation', () => {
    const then = anchorAt('a();\nb█\n');
    assert.equal(continueSuggestion(then, 'ar();', anchorAt('a(1);\nb█\n')), undefined);
    assert.equal(continueSuggestion(then, 'ar();', anchorAt('a();\nb█\n', 'other.ts')), undefined);
  });

  it('an in-flight request stays useful while the user types on the same line', () => {
    const then = anchorAt('if err != nil {\n\treturn █\n', 'main.go');
    assert.equal(extendsAnchor(then, anchorAt('if err != nil {\n\treturn fmt█\n', 'main.go')), 'fmt');
    assert.equal(extendsAnchor(then, anchorAt('if err != nil {\n\tretur█\n', 'main.go')), undefined);
  });
});

describe('completion cache', () => {
  it('is an LRU that evicts the least recently used entry', () => {
    const cache = new LruCache<string>(2);
    cache.set('a', '1');
    cache.set('b', '2');
    assert.equal(cache.get('a'), '1');
    cache.set('c', '3');
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), '1');
    assert.equal(cache.size, 2);
  });

  it('keys on file, nearby prefix and suffix only — distant or unrelated text does not change it', () => {
    const head = 'x'.repeat(5000);
    assert.equal(
      cacheKey({ path: 'a.rs', prefix: head + 'fn main() {', suffix: '}' }),
      cacheKey({ path: 'a.rs', prefix: 'y' + head.slice(1) + 'fn main() {', suffix: '}' }),
    );
    assert.notEqual(
      cacheKey({ path: 'a.rs', prefix: 'fn main() {', suffix: '}' }),
      cacheKey({ path: 'b.rs', prefix: 'fn main() {', suffix: '}' }),
    );
    assert.notEqual(
      cacheKey({ path: 'a.rs', prefix: 'fn main() {', suffix: '}' }),
      cacheKey({ path: 'a.rs', prefix: 'fn main() {', suffix: '}\n' }),
    );
  });
});

describe('adaptive debounce', () => {
  it('waits the maximum until it knows the typing rhythm, then a little more than the typical gap', () => {
    const d = new AdaptiveDebounce({ minMs: 40, maxMs: 250 });
    assert.equal(d.delayMs(), 250);
    let t = 0;
    for (let i = 0; i < 8; i++) d.noteKeystroke((t += 80));
    assert.equal(d.delayMs(), 112);
  });

  it('fast typists get a shorter wait, clamped to the minimum; long pauses are not rhythm', () => {
    const d = new AdaptiveDebounce({ minMs: 40, maxMs: 250 });
    let t = 0;
    for (let i = 0; i < 8; i++) d.noteKeystroke((t += 20));
    d.noteKeystroke((t += 5000));
    assert.equal(d.delayMs(), 40);
  });

  it('a wait resolves false at once when aborted, true when it runs out', async () => {
    const c = new AbortController();
    const pending = sleepUnlessAborted(10_000, c.signal);
    c.abort();
    assert.equal(await pending, false);
    assert.equal(await sleepUnlessAborted(1, new AbortController().signal), true);
  });
});

describe('preparation lead', () => {
  it('starts twice the recent preparation time before the end of the wait, at least 6 ms', () => {
    const lead = new PreparationLead();
    assert.equal(lead.ms(200), 6, 'nothing measured yet');
    lead.note(2);
    assert.equal(lead.ms(200), 6, 'a fast preparation still gets the minimum');
    for (let i = 0; i < 30; i++) lead.note(20);
    assert.ok(Math.abs(lead.ms(200) - 40) < 0.5, `follows the moving average (${lead.ms(200)})`);
  });

  it('never in the first 70 % of the wait: a slow definitions lookup runs past its end instead', () => {
    const lead = new PreparationLead();
    lead.note(80);
    assert.equal(lead.ms(250), 75);
    assert.equal(lead.ms(10), 6);
  });
});

describe('linked controller', () => {
  it('aborts with its parent until disposed', () => {
    const parent = new AbortController();
    const linked = linkedController(parent.signal);
    parent.abort();
    assert.equal(linked.controller.signal.aborted, true);
    const other = new AbortController();
    const unlinked = linkedController(other.signal);
    unlinked.dispose();
    other.abort();
    assert.equal(unlinked.controller.signal.aborted, false);
    assert.equal(linkedController(AbortSignal.abort()).controller.signal.aborted, true);
  });
});

describe('completion reuse across lines', () => {
  it('typing out the first line of a multi-line suggestion and pressing Enter shows the rest', () => {
    const then = anchorAt('def mean(values):\n    █\n\nprint(1)\n', 'stats.py');
    const now = anchorAt('def mean(values):\n    if not values:\n        █\n\nprint(1)\n', 'stats.py');
    const suggestion = 'if not values:\n        return 0.0\n    return sum(values) / len(values)';
    assert.deepEqual(continueSuggestion(then, suggestion, now), { text: 'return 0.0\n    return sum(values) / len(values)', typed: 23 });
  });

  it('typing something else on the next line ends the suggestion; partial indentation continues it', () => {
    const then = anchorAt('def mean(values):\n    █\n', 'stats.py');
    const now = anchorAt('def mean(values):\n    if not values:\n  pass█\n', 'stats.py');
    const partial = anchorAt('def mean(values):\n    if not values:\n    █\n', 'stats.py');
    assert.deepEqual(continueSuggestion(then, 'if not values:\n        return 0.0', partial), { text: '    return 0.0', typed: 19 });
    assert.equal(continueSuggestion(then, 'if not values:\n        return 0.0', now), undefined);
  });
});
