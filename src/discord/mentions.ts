/**
 * Turning a Discord message into a question. Mention markup carries no meaning for the corpus, and
 * `@everyone`/`@here` are defused so that even an echoed question could never ping (allowedMentions is the guard;
 * this keeps the text readable too).
 */

/** Removes `<@botId>` / `<@!botId>` wherever it appears and tidies the whitespace left behind. */
export function stripBotMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'gu'), ' ').replace(/[ \t]{2,}/gu, ' ').trim();
}

/** The question text of a message: bot mention removed, other user/role/channel mentions dropped, mass pings defused. */
export function questionFromContent(content: string, botId: string): string {
  return stripBotMention(content, botId)
    .replace(/<(?:@[!&]?|#)\d{17,20}>/gu, ' ')
    .replace(/@(everyone|here)/gu, '@\u200b$1')
    .replace(/[ \t]{2,}/gu, ' ')
    .trim();
}
