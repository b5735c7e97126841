import { strict as assert } from 'node:assert';
import { noticeForError, reportFailure } from '../../src/core/errorNotices';
import { NoticeBoard, type Notice } from '../../src/core/notices';
import { ProviderError } from '../../src/core/providers/errors';

const HOST = 'codestral.mistral.ai';

function messageFor(err: ProviderError): string {
  return noticeForError(err)?.notice.message ?? '';
}

describe('errorNotices', () => {
  it('an open circuit says the vendor is paused and when it retries, under the outage key', () => {
    const err = new ProviderError('circuit_open', 'mistral/codestral-latest is paused', 'mistral', { retryAfterMs: 24_200 });
    const mapped = noticeForError(err);
    assert.equal(mapped?.notice.key, 'outage:mistral');
    assert.equal(mapped?.notice.message, 'Codestral paused after repeated failures — retrying in 25 s.');
    assert.equal(mapped?.transient, true);
    assert.deepEqual(mapped?.notice.actions, ['openLog']);
  });

  it('the failures that opened a circuit and the refusals after it are one notice', () => {
    const shown: Notice[] = [];
    const board = new NoticeBoard((n) => shown.push(n));
    reportFailure(board, new ProviderError('server', 'Codestral 500', 'mistral', { status: 500, endpoint: HOST }));
    reportFailure(board, new ProviderError('circuit_open', 'paused', 'mistral', { retryAfterMs: 30_000 }));
    assert.equal(shown.length, 1);
  });

  it('a connection that never answered: cannot reach the host', () => {
    const err = new ProviderError('network', 'Codestral connection failed', 'mistral', { endpoint: HOST });
    assert.match(messageFor(err), /Codestral is unavailable \(cannot reach codestral\.mistral\.ai\)/);
  });

  it('a stream cut or malformed after the answer started: the connection dropped mid-answer', () => {
    const err = new ProviderError('network', 'Codestral stream broke off', 'mistral', { endpoint: HOST, midStream: true });
    assert.match(messageFor(err), /Codestral is unavailable \(the connection to codestral\.mistral\.ai dropped mid-answer\)/);
    assert.doesNotMatch(messageFor(err), /cannot reach/);
  });
});
