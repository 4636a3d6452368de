import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterWaits, RETRY, retryAtOnce, RetryTimers, retryFor, type Timers } from '../src/util/retry.ts';

/** Timers that run only when the test says so, each with the delay it was set for. */
class ManualTimers implements Timers {
  readonly pending = new Map<number, { callback: () => Promise<void>; delayMs: number }>();
  private lastId = 0;

  set(callback: () => Promise<void>, delayMs: number): number {
    this.pending.set(++this.lastId, { callback, delayMs });
    return this.lastId;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.delayMs);
  }

  async runAll(): Promise<void> {
    const due = [...this.pending.values()];
    this.pending.clear();
    await Promise.all(due.map((timer) => timer.callback()));
  }
}

const errorWithCode = (code: string) => Object.assign(new Error(code), { code });

describe('retry policies', () => {
  it('waits for a locked database 50 ms, doubling up to 1 s, without giving up, and retries only lock refusals', () => {
    const waits = Array.from({ length: 8 }, (_, i) => RETRY.databaseLock.delayMs(i + 1));
    assert.deepEqual(waits, [50, 100, 200, 400, 800, 1000, 1000, 1000]);
    assert.equal(RETRY.databaseLock.retryable(errorWithCode('SQLITE_BUSY')), true);
    assert.equal(RETRY.databaseLock.retryable(errorWithCode('SQLITE_LOCKED_SHAREDCACHE')), true);
    assert.equal(RETRY.databaseLock.retryable(errorWithCode('SQLITE_CONSTRAINT_PRIMARYKEY')), false);
    assert.equal(RETRY.databaseLock.retryable(new Error('no code')), false);
  });

  it('tries a refused paper-of-the-day post again after 1, 5, 15 and 30 minutes, five attempts in all', () => {
    const waits = Array.from({ length: 5 }, (_, i) => RETRY.potdSend.delayMs(i + 1));
    assert.deepEqual(waits, [60_000, 300_000, 900_000, 1_800_000, undefined]);
    assert.equal(RETRY.potdSend.maxAttempts, 5);
    assert.equal(afterWaits([]).maxAttempts, 1);
  });

  it('swaps an index build in again at once when another build took its place, six attempts in all', () => {
    const waits = Array.from({ length: 6 }, (_, i) => RETRY.indexSwap.delayMs(i + 1));
    assert.deepEqual(waits, [0, 0, 0, 0, 0, undefined]);
    assert.equal(RETRY.indexSwap.maxAttempts, 6);
    assert.equal(RETRY.indexSwap.retryable(errorWithCode('ENOTEMPTY')), true);
    assert.equal(RETRY.indexSwap.retryable(errorWithCode('EEXIST')), true);
    assert.equal(RETRY.indexSwap.retryable(errorWithCode('EACCES')), false);
  });
});

describe('RetryTimers', () => {
  it("waits as the policy says, replaces a key's pending try, keeps keys apart and schedules nothing once the policy gives up", async () => {
    const timers = new ManualTimers();
    const retries = new RetryTimers<string>(timers);
    const tried: string[] = [];
    const attempt = (name: string) => async () => void tried.push(name);

    assert.equal(retries.schedule('a', RETRY.databaseLock, 1, attempt('a1')), true);
    assert.equal(retries.schedule('a', RETRY.databaseLock, 3, attempt('a2')), true);
    assert.equal(retries.schedule('b', afterWaits([60_000]), 1, attempt('b1')), true);
    assert.equal(retries.schedule('c', afterWaits([60_000]), 2, attempt('c1')), false);
    assert.deepEqual(
      timers.delays().sort((x, y) => x - y),
      [200, 60_000],
    );
    assert.deepEqual([retries.has('a'), retries.has('b'), retries.has('c')], [true, true, false]);

    await timers.runAll();
    assert.deepEqual(tried.sort(), ['a2', 'b1']);
    assert.deepEqual([retries.has('a'), retries.has('b')], [false, false]);

    retries.schedule('a', RETRY.databaseLock, 1, attempt('a3'));
    retries.cancelAll();
    assert.equal(timers.pending.size, 0);
    assert.equal(retries.has('a'), false);
  });

  it("resolves a try's timer callback only once the try has", async () => {
    const timers = new ManualTimers();
    const retries = new RetryTimers<string>(timers);
    let done = false;
    retries.schedule('a', RETRY.databaseLock, 1, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      done = true;
    });
    await timers.runAll();
    assert.equal(done, true);
  });
});

describe('retryAtOnce', () => {
  it('tries again while the policy retries what was thrown, and returns the first result', () => {
    const failures: number[] = [];
    const result = retryAtOnce((failed) => {
      failures.push(failed);
      if (failed < 2) throw errorWithCode('ENOTEMPTY');
      return 'swapped';
    }, RETRY.indexSwap);
    assert.equal(result, 'swapped');
    assert.deepEqual(failures, [0, 1, 2]);
  });

  it('throws what the policy does not retry, and the last error once it gives up', () => {
    let tries = 0;
    const refuse = (code: string) => () => {
      tries++;
      throw errorWithCode(code);
    };
    assert.throws(() => retryAtOnce(refuse('EACCES'), RETRY.indexSwap), /EACCES/);
    assert.equal(tries, 1);
    tries = 0;
    assert.throws(() => retryAtOnce(refuse('EEXIST'), RETRY.indexSwap), /EEXIST/);
    assert.equal(tries, 6);
  });

  it('refuses a policy that would have it wait', () => {
    assert.throws(() => retryAtOnce(() => assert.fail('refused'), afterWaits([10])), /cannot wait 10 ms/);
  });
});

describe('retryFor', () => {
  it('tries until the work succeeds, or once more is past the deadline', async () => {
    let tries = 0;
    assert.equal(await retryFor(() => ++tries === 3, RETRY.databaseLock, 60_000), true);
    assert.equal(tries, 3);

    let refused = 0;
    const refuse = () => {
      refused++;
      return false;
    };
    assert.equal(await retryFor(refuse, RETRY.databaseLock, 0), false);
    assert.equal(refused, 1, 'no deadline left: one try, no wait');
  });
});
