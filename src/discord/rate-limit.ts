/** Per-user sliding-window limit on questions. Pure: the clock is injected so tests need no timers. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one question for `userId` if the window has room for it. */
  take(userId: string): RateDecision {
    const now = this.now();
    const recent = (this.hits.get(userId) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(userId, recent);
      return { allowed: false, retryAfterMs: recent[0]! + this.windowMs - now };
    }
    recent.push(now);
    this.hits.set(userId, recent);
    this.forgetIdleUsers(now);
    return { allowed: true };
  }

  /** Keeps memory bounded by the number of users active within one window. */
  private forgetIdleUsers(now: number): void {
    for (const [userId, times] of this.hits) {
      if (now - times.at(-1)! >= this.windowMs) this.hits.delete(userId);
    }
  }

  get trackedUsers(): number {
    return this.hits.size;
  }
}
