import { strict as assert } from 'node:assert';
import { NoticeBoard, type Notice } from '../../src/core/notices';

describe('NoticeBoard', () => {
  const auth: Notice = { key: 'auth:mistral', message: 'Codestral rejected the key — Set key', severity: 'error' };

  it('shows a standing problem once however many keystrokes hit it', () => {
    const shown: Notice[] = [];
    const board = new NoticeBoard((n) => shown.push(n));
    for (let i = 0; i < 50; i++) board.raise(auth);
    assert.equal(shown.length, 1);
    assert.equal(board.shown, 1);
  });

  it('shows it again after a success cleared it', () => {
    const shown: Notice[] = [];
    const board = new NoticeBoard((n) => shown.push(n));
    board.raise(auth);
    board.clear('auth:');
    assert.equal(board.isStanding('auth:mistral'), false);
    board.raise(auth);
    assert.equal(shown.length, 2);
  });

  it('repeats a transient problem only after its quiet period', () => {
    let now = 0;
    const shown: Notice[] = [];
    const board = new NoticeBoard(
      (n) => shown.push(n),
      () => now,
      1000,
    );
    const rate: Notice = { key: 'rate:mistral', message: 'Codestral is rate limiting', severity: 'warning' };
    board.raise(rate, { transient: true });
    now = 999;
    board.raise(rate, { transient: true });
    now = 1000;
    board.raise(rate, { transient: true });
    assert.equal(shown.length, 2);
  });
});
