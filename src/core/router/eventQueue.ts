/**
 * A one-consumer async queue: the router pushes while the caller iterates at its own pace.
 * When the consumer stops early (`break`), `onStop` runs so the producer can abort its request.
 */
export class EventQueue<T> {
  private readonly items: T[] = [];
  private waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private finished = false;
  private failure: { error: unknown } | undefined;

  constructor(private readonly onStop: () => void) {}

  push(item: T): void {
    if (this.finished) return;
    if (this.waiting) this.take().resolve({ value: item, done: false });
    else this.items.push(item);
  }

  end(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.waiting) this.take().resolve({ value: undefined, done: true });
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = { error };
    if (this.waiting) this.take().reject(error);
  }

  iterable(): AsyncIterable<T> {
    return { [Symbol.asyncIterator]: () => this.iterator() };
  }

  private iterator(): AsyncIterator<T> {
    return {
      next: () => this.next(),
      return: async (): Promise<IteratorResult<T>> => {
        if (!this.finished) this.onStop();
        this.finished = true;
        this.items.length = 0;
        return { value: undefined, done: true };
      },
    };
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private take(): { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } {
    const w = this.waiting!;
    this.waiting = undefined;
    return w;
  }
}
