/**
 * The lock every window sharing a ledger directory takes around a budget admission (read the others'
 * latest intents and records, check the caps, append its own intent). Synchronous on purpose: the
 * critical section is a few small reads and one write (tens of µs), and a synchronous section
 * cannot be interleaved with another request of the same window either.
 *
 * An O_EXCL lock file holding the owner's pid. A lock whose owner is gone (SIGKILL inside the
 * section) or that is older than STALE_MS is broken, so a crash costs the others at most STALE_MS.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const ADMISSION_LOCK_FILE = 'budget.lock';
const STALE_MS = 2_000;
const SPIN_WAIT_MS = 0.2;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export interface LockStats {
  acquired: number;
  waits: number;
  broken: number;
}

export class AdmissionLock {
  readonly stats: LockStats = { acquired: 0, waits: 0, broken: 0 };
  private readonly path: string;

  constructor(
    dir: string,
    private readonly isAlive: (pid: number) => boolean = processAlive,
  ) {
    this.path = join(dir, ADMISSION_LOCK_FILE);
  }

  run<T>(section: () => T): T {
    this.acquire();
    try {
      return section();
    } finally {
      try {
        unlinkSync(this.path);
      } catch {
        // Broken by another window that judged it stale: nothing left to release.
      }
    }
  }

  private acquire(): void {
    for (;;) {
      if (this.tryCreate()) return void this.stats.acquired++;
      if (this.breakIfStale()) continue;
      this.stats.waits++;
      Atomics.wait(sleeper, 0, 0, SPIN_WAIT_MS);
    }
  }

  private tryCreate(): boolean {
    let fd: number;
    try {
      fd = openSync(this.path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    return true;
  }

  private breakIfStale(): boolean {
    try {
      const age = Date.now() - statSync(this.path).mtimeMs;
      const pid = Number.parseInt(readFileSync(this.path, 'utf8'), 10);
      // An empty file is a lock being written this instant; only age makes it stale.
      const ownerGone = Number.isInteger(pid) && pid > 0 && pid !== process.pid && !this.isAlive(pid);
      if (!ownerGone && age < STALE_MS) return false;
      unlinkSync(this.path);
      this.stats.broken++;
      return true;
    } catch {
      return true; // gone meanwhile: try again
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
