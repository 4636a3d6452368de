/** The paper-of-the-day scheduler's croner jobs, run on a test's clock and timers instead of the wall clock. */
import { nextSlot } from '../../src/potd/schedule.ts';
import type { PotdTimers } from '../../src/potd/scheduler.ts';
import type { Timers } from '../../src/util/retry.ts';

/**
 * What runAtSlots does with croner, on `clock` and `timers`: a timer for the schedule's next slot whose callback sets
 * the one for the slot after and then, once the clock has reached the slot, calls `onSlot` (resolving when it has).
 */
export function everySlotOn(clock: { now(): Date }, timers: Timers): PotdTimers['everySlot'] {
  return (schedule, onSlot) => {
    let handle: unknown;
    const arm = () => {
      const now = clock.now();
      const slotAt = nextSlot(schedule, now);
      if (!slotAt) return;
      handle = timers.set(async () => {
        arm();
        if (clock.now() >= slotAt) await onSlot();
      }, slotAt.getTime() - now.getTime());
    };
    arm();
    return { stop: () => timers.clear(handle) };
  };
}
