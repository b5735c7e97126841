/**
 * User-facing problems, each shown once. A problem is keyed (e.g. "auth:mistral"); while it stands,
 * repeats are swallowed however often the keystroke loop hits it; it is cleared by a success of the
 * same area (or explicitly), after which a new occurrence is shown again. Transient faults
 * (rate limits, overload) are shown at most once per `quietMs`.
 */
/** What a notice may offer to do; the adapter gives each its button label and command. */
export type NoticeAction = 'openSettings' | 'openLog' | 'setCodestralKey' | 'setAnthropicKey';

export interface Notice {
  key: string;
  /** Short message with the fix, e.g. "Codestral rejected the key at codestral.mistral.ai — Set key". */
  message: string;
  severity: 'error' | 'warning' | 'info';
  /** Actions the adapter offers with the message, as buttons. */
  actions?: NoticeAction[];
}

export class NoticeBoard {
  private readonly standing = new Map<string, number>();
  private shownCount = 0;

  constructor(
    private readonly show: (notice: Notice) => void,
    private readonly now: () => number = Date.now,
    private readonly quietMs = 5 * 60_000,
  ) {}

  /** Shows the notice unless the same key is already standing (and within its quiet period). */
  raise(notice: Notice, opts: { transient?: boolean } = {}): boolean {
    const since = this.standing.get(notice.key);
    if (since !== undefined && (!opts.transient || this.now() - since < this.quietMs)) return false;
    this.standing.set(notice.key, this.now());
    this.shownCount++;
    this.show(notice);
    return true;
  }

  /** The problem is gone (a request of that area succeeded): a new occurrence will be shown. */
  clear(keyPrefix: string): void {
    for (const key of [...this.standing.keys()]) if (key.startsWith(keyPrefix)) this.standing.delete(key);
  }

  isStanding(key: string): boolean {
    return this.standing.has(key);
  }

  /** How many notices reached the user so far (the fault suite and soak count these). */
  get shown(): number {
    return this.shownCount;
  }
}
