/**
 * Turning a Discord message into a question, and user text back into something safe to repeat. Mention markup
 * carries no meaning for the corpus, and `@everyone`/`@here` are defused so that even an echoed question could never
 * ping (allowedMentions is the guard; this keeps the text readable too).
 */
import { escapeMarkdown } from 'discord.js';
import { removeInvisible } from '../answer/question.ts';

/** A user, role or channel mention: `<@id>`, `<@!id>`, `<@&id>`, `<#id>`. */
const MENTION = /<(@[!&]?|#)(\d{17,20})>/gu;
const MASS_MENTION = /@(everyone|here)/gu;
const SPACE_RUNS = /[ \t]{2,}/gu;

/**
 * Removes `<@botId>` / `<@!botId>` wherever it appears and tidies the whitespace left behind. Zero-width characters go
 * first, so that they can neither split a word ("Q\u200bLoRA") nor hide a mention.
 */
export function stripBotMention(content: string, botId: string): string {
  return removeInvisible(content)
    .replace(new RegExp(`<@!?${botId}>`, 'gu'), ' ')
    .replace(SPACE_RUNS, ' ')
    .trim();
}

/** The question text of a message: bot mention removed, other user/role/channel mentions dropped, mass pings defused. */
export function questionFromContent(content: string, botId: string): string {
  return stripBotMention(content, botId).replace(MENTION, ' ').replace(MASS_MENTION, '@\u200b$1').replace(SPACE_RUNS, ' ').trim();
}

/**
 * User text to repeat back exactly as typed and inert: Markdown shown as typed, a masked link `[text](url)` shown as
 * text (so it cannot disguise where it leads), and mentions shown as text instead of pinging or rendering.
 */
export function quoteUserText(text: string): string {
  return escapeMarkdown(text, { maskedLink: true }).replace(MENTION, '<$1\u200b$2>').replace(MASS_MENTION, '@\u200b$1');
}
