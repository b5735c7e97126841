/** The last and median of recent latencies (a fixed-size window), for the status bar. */
export class LatencyWindow {
  private readonly samples: number[] = [];

  constructor(private readonly size = 50) {}

  note(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.size) this.samples.shift();
  }

  get last(): number | undefined {
    return this.samples[this.samples.length - 1];
  }

  get median(): number | undefined {
    if (this.samples.length === 0) return undefined;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  }
}
