import type { ApiName, SimStats } from './types';

/** Counters behind `stats()` and `GET /_sim/stats`. */
export class StatsRecorder {
  private readonly requests = { mistral: 0, anthropic: 0 };
  private readonly byStatus: Record<string, number> = {};
  private openStreams = 0;
  private clientAborts = 0;

  countRequest(api: ApiName): void {
    this.requests[api]++;
  }

  countStatus(status: number): void {
    this.byStatus[String(status)] = (this.byStatus[String(status)] ?? 0) + 1;
  }

  streamOpened(): void {
    this.openStreams++;
  }

  streamClosed(): void {
    this.openStreams--;
  }

  clientAborted(): void {
    this.clientAborts++;
  }

  snapshot(): SimStats {
    return {
      requests: { ...this.requests },
      byStatus: { ...this.byStatus },
      openStreams: this.openStreams,
      clientAborts: this.clientAborts,
    };
  }
}
