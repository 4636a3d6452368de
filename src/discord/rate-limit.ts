/**
 * Per-user sliding-window limit on questions. Pure: the clock is injected so tests need no timers.
 * A refusal says whether to tell the user: only the first in a window, so a spammer gets one notice and then
 * silence instead of one bot post per message (which would amplify the spam).
 * Hand-written on purpose: rate-limiter-flexible and limiter read the wall clock (Date.now, timers) and count fixed
 * windows or token buckets, so neither gives this sliding window, its once-per-window notice or an injected clock.
 */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number; notify: boolean };

interface UserState {
  /** When the questions still in the window were taken, oldest first. */
  hits: number[];
  /** When the user was last told they are limited. */
  noticedAt?: number;
}

export class RateLimiter {
  private readonly users = new Map<string, UserState>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one question for `userId` if the window has room for it. */
  take(userId: string): RateDecision {
    const now = this.now();
    const user = this.users.get(userId) ?? { hits: [] };
    user.hits = user.hits.filter((at) => now - at < this.windowMs);
    this.users.set(userId, user);
    if (user.hits.length >= this.limit) {
      const notify = user.noticedAt === undefined || now - user.noticedAt >= this.windowMs;
      if (notify) user.noticedAt = now;
      return { allowed: false, retryAfterMs: user.hits[0]! + this.windowMs - now, notify };
    }
    user.hits.push(now);
    this.forgetIdleUsers(now);
    return { allowed: true };
  }

  /** Keeps memory bounded by the number of users active (asking, or told to wait) within one window. */
  private forgetIdleUsers(now: number): void {
    for (const [userId, user] of this.users) {
      const lastSeen = Math.max(user.hits.at(-1) ?? -Infinity, user.noticedAt ?? -Infinity);
      if (now - lastSeen >= this.windowMs) this.users.delete(userId);
    }
  }

  get trackedUsers(): number {
    return this.users.size;
  }
}
