import type { PaperProfile } from '../types.ts';
import type { BotContext } from './context.ts';

/** The papers a reader in `guildId` may see (/paper, its autocomplete, an answer's links): the global digests' and that server's own. */
export function papersIn(context: BotContext, guildId: string | null | undefined): readonly PaperProfile[] {
  return context.guildDigests.papersInScope(context.qa.papers, guildId);
}
