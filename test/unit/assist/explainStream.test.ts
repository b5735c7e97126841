import { strict as assert } from 'node:assert';
import { ExplainStream } from '../../../src/core/assist/panel/explainStream';

describe('ExplainStream', () => {
  it('accumulates deltas and closes an open code fence for rendering', () => {
    const s = new ExplainStream();
    for (const d of ['**Overview.** `load` reads', ' the file.\n\n```ts\n', 'const x = 1;']) s.append(d);
    assert.equal(s.text, '**Overview.** `load` reads the file.\n\n```ts\nconst x = 1;');
    assert.equal(s.renderable(), '**Overview.** `load` reads the file.\n\n```ts\nconst x = 1;\n```');
    s.append('\n```\nDone.');
    assert.equal(s.renderable(), s.text);
    s.finish('end_turn');
    assert.equal(s.state, 'done');
  });

  it('marks a cut answer and ignores deltas after the end', () => {
    const s = new ExplainStream();
    s.append('def load(path):');
    s.finish('max_tokens');
    s.append(' late');
    assert.equal(s.text, 'def load(path):');
    assert.equal(s.state, 'truncated');
    assert.ok(s.renderable().endsWith('*(Answer cut at the token limit.)*'));
  });
});
