import { createHash } from 'node:crypto';

/**
 * The order papers come up in: each cycle is a fresh shuffle of all papers, drawn from a stored seed so
 * the same cycle always comes out the same, and never opening with the paper that closed the cycle before.
 */

/** Where a cycle's shuffle comes from: a 32-bit seed for the guild's cycle number. */
export type CycleSeeds = (guildId: string, cycle: number) => number;

/**
 * The seed of a guild's cycle, derived from the guild and the cycle number rather than drawn at random, so the paper a
 * cycle will open with can be told (by /potd) before the cycle is stored. Guilds still get different orders.
 */
export const cycleSeed: CycleSeeds = (guildId, cycle) => createHash('sha256').update(`${guildId}:${cycle}`).digest().readUInt32BE(0);

/**
 * The order of one cycle: `keys` (in corpus order) shuffled by `seed`, with `avoidFirst` (the last
 * paper of the previous cycle) moved off the first place so no paper is posted twice in a row.
 */
export function cycleOrder(keys: readonly string[], seed: number, avoidFirst?: string): string[] {
  const order = [...keys];
  const random = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  if (order.length > 1 && order[0] === avoidFirst) [order[0], order[1]] = [order[1]!, order[0]!];
  return order;
}

/** The first paper of `order` not yet `used` in this cycle; undefined when the cycle is complete. */
export function nextInCycle(order: readonly string[], used: ReadonlySet<string>): string | undefined {
  return order.find((key) => !used.has(key));
}

/** A small, well-mixed PRNG; only reproducibility from the seed matters here, not unpredictability. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
