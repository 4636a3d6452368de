import type { PreviousTurn } from '../types.ts';

/**
 * The last exchange of each conversation, keyed by the bot's answer message ids and by thread id, so a reply or a
 * thread message can be answered with the previous turn as context. Bounded: the least recently used entries go first.
 */
export class ConversationMemory {
  private readonly turns = new Map<string, PreviousTurn>();

  constructor(private readonly maxEntries = 2000) {}

  remember(keys: readonly string[], turn: PreviousTurn): void {
    for (const key of keys) {
      this.turns.delete(key);
      this.turns.set(key, turn);
    }
    while (this.turns.size > this.maxEntries) {
      this.turns.delete(this.turns.keys().next().value!);
    }
  }

  /** The turn stored under the first key that has one, refreshed as recently used. */
  recall(...keys: (string | undefined)[]): PreviousTurn | undefined {
    for (const key of keys) {
      const turn = key === undefined ? undefined : this.turns.get(key);
      if (turn) {
        this.remember([key!], turn);
        return turn;
      }
    }
    return undefined;
  }

  get size(): number {
    return this.turns.size;
  }
}
