import { strict as assert } from 'node:assert';
import { redactSecrets } from '../../../src/core/privacy/redact';
import { loadCorpus, scoreCorpus } from '../../fixtures/redaction/corpus';

describe('redaction corpus', () => {
  const corpus = loadCorpus();

  it('has at least 25 files with planted secrets and look-alikes', () => {
    assert.ok(corpus.length >= 25);
    assert.ok(corpus.reduce((n, f) => n + f.secrets.length, 0) >= 50);
    assert.ok(corpus.reduce((n, f) => n + f.lookalikes.length, 0) >= 50);
  });

  it('the scorer can fail: doing nothing has recall 0, blanking everything alters every look-alike', () => {
    assert.equal(scoreCorpus(corpus, (t) => t).recall, 0);
    assert.equal(scoreCorpus(corpus, (t) => t.replace(/[^\n]/g, '')).falsePositiveRate, 1);
  });

  it('removes ≥ 95 % of planted secrets and alters ≤ 2 % of look-alikes', () => {
    const score = scoreCorpus(corpus, (t) => redactSecrets(t).text);
    assert.ok(score.recall >= 0.95, `recall ${score.recall}; missed ${JSON.stringify(score.missed)}`);
    assert.ok(score.falsePositiveRate <= 0.02, `FPR ${score.falsePositiveRate}; altered ${JSON.stringify(score.altered)}`);
  });

  it("keeps every file's line count", () => {
    for (const f of corpus) assert.equal(redactSecrets(f.text).text.split('\n').length, f.text.split('\n').length, f.file);
  });
});
