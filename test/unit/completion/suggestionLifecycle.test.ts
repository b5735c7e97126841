import { strict as assert } from 'node:assert';
import { AcceptanceTracker } from '../../../src/core/completion/acceptance';
import { SuggestionLifecycle, type LifecycleTimers } from '../../../src/core/completion/suggestionLifecycle';
import type { LedgerRecord } from '../../../src/core/ledger/record';

type Completion = NonNullable<LedgerRecord['completion']>;

/** Timers the test fires by hand: "the next render" happens when the test says so. */
class ManualTimers implements LifecycleTimers {
  private next = 0;
  readonly due = new Map<number, () => void>();
  setTimeout(fn: () => void): unknown {
    this.due.set(++this.next, fn);
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  render(): void {
    const fns = [...this.due.values()];
    this.due.clear();
    for (const fn of fns) fn();
  }
}

function setUp(): { lifecycle: SuggestionLifecycle; tracker: AcceptanceTracker; timers: ManualTimers; ledger: Map<string, Completion> } {
  const ledger = new Map<string, Completion>();
  const tracker = new AcceptanceTracker({
    record: () => undefined,
    updateCompletion: (id, patch) => ledger.set(id, { ...(ledger.get(id) ?? { source: 'network', shown: false }), ...patch }),
  });
  const timers = new ManualTimers();
  return { lifecycle: new SuggestionLifecycle(tracker, timers), tracker, timers, ledger };
}

function offer(s: ReturnType<typeof setUp>, id: string, text: string): void {
  s.tracker.register(id, `rec-${id}`, text);
  s.lifecycle.requested();
  s.lifecycle.offered(id);
}

describe('suggestion lifecycle with stable API only', () => {
  it('a returned suggestion counts as shown once it survives to the next render', () => {
    const s = setUp();
    offer(s, 'a', 'return a + b;');
    assert.equal(s.ledger.get('rec-a'), undefined, 'not shown before the render');
    s.timers.render();
    assert.deepEqual(s.ledger.get('rec-a'), { source: 'network', shown: true, shownChars: 13 });
  });

  it('a suggestion superseded by the next keystroke before the render was never shown', () => {
    const s = setUp();
    offer(s, 'a', 'return a + b;');
    offer(s, 'b', 'eturn a + b;');
    s.timers.render();
    assert.equal(s.ledger.get('rec-a'), undefined);
    assert.equal(s.ledger.get('rec-b')?.shown, true);
  });

  it("the item's command is a whole accept", () => {
    const s = setUp();
    offer(s, 'a', 'return a + b;');
    s.timers.render();
    s.lifecycle.edited('return a + b;');
    s.lifecycle.accepted('a');
    assert.equal(s.ledger.get('rec-a')?.acceptance, 'accepted');
    assert.equal(s.ledger.get('rec-a')?.acceptedChars, 13);
  });

  it('accept-word edits count as a partial accept of the characters taken so far', () => {
    const s = setUp();
    offer(s, 'a', 'total += item.price;');
    s.timers.render();
    s.lifecycle.edited('total');
    s.lifecycle.edited(' +=');
    assert.equal(s.ledger.get('rec-a')?.acceptance, 'partial');
    assert.equal(s.ledger.get('rec-a')?.acceptedChars, 8);
    s.lifecycle.edited('x');
    assert.equal(s.ledger.get('rec-a')?.acceptance, 'partial', 'typing something else later keeps the partial accept');
  });

  it('typing the suggestion one character at a time is not an accept, typing something else dismisses it', () => {
    const s = setUp();
    offer(s, 'a', 'return a + b;');
    s.timers.render();
    s.lifecycle.edited('r');
    s.lifecycle.edited('e');
    assert.equal(s.ledger.get('rec-a')?.acceptance, undefined);
    s.lifecycle.edited('s');
    assert.equal(s.ledger.get('rec-a')?.acceptance, 'rejected');
  });

  it('a deletion or leaving the line dismisses the shown suggestion', () => {
    const s = setUp();
    offer(s, 'a', 'return a;');
    s.timers.render();
    s.lifecycle.edited('');
    assert.equal(s.ledger.get('rec-a')?.acceptance, 'rejected');
    offer(s, 'b', 'return b;');
    s.timers.render();
    s.lifecycle.cursorLeftLine();
    assert.equal(s.ledger.get('rec-b')?.acceptance, 'rejected');
  });

  it('a line change caused by accepting the first line of a multi-line suggestion is not a dismissal', () => {
    const s = setUp();
    offer(s, 'a', 'if (x) {\n  y();\n}');
    s.timers.render();
    s.lifecycle.edited('if (x) {\n');
    s.lifecycle.cursorLeftLine();
    assert.equal(s.ledger.get('rec-a')?.acceptance, 'partial');
  });

  it('a new shown suggestion rejects the previous one unless it continues it', () => {
    const s = setUp();
    offer(s, 'a', 'foo();');
    s.timers.render();
    offer(s, 'b', 'bar();');
    s.timers.render();
    assert.equal(s.ledger.get('rec-a')?.acceptance, 'rejected');
    assert.equal(s.ledger.get('rec-b')?.shown, true);
  });
});
