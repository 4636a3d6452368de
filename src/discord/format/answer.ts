import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Answer, Citation, Language } from '../../types.ts';
import { embedsWithFields, groupEmbeds } from './embeds.ts';
import { LIMITS } from './limits.ts';
import { splitText, trimPassage, truncate } from './text.ts';

/** One Discord message's worth of an answer. */
export interface MessagePart {
  content?: string;
  embeds?: APIEmbed[];
}

/** Long enough to show what the source says, short enough that several sources fit one embed. */
const QUOTE_LENGTH = 300;
const SOURCE_COLOR = 0x5865f2;

const SOURCES_TITLE: Record<Language, string> = { zh: '来源', en: 'Sources' };
const EMPTY_ANSWER: Record<Language, string> = { zh: '没有找到可以回答这个问题的内容。', en: 'Nothing in the corpus answers this.' };

/**
 * Lays an answer out as Discord messages: the answer text (split at paragraph and sentence boundaries), then
 * one field per cited source. The sources ride on the last text message when they fit, else on extra messages.
 */
export function answerParts(answer: Answer): MessagePart[] {
  const parts: MessagePart[] = splitText(answer.answer.trim(), LIMITS.content)
    .filter((chunk) => chunk.trim())
    .map((content) => ({ content }));
  const fields = answer.citations.map(sourceField);
  const base: APIEmbed = { title: SOURCES_TITLE[answer.language], color: SOURCE_COLOR };
  const [first, ...rest] = fields.length > 0 ? groupEmbeds(embedsWithFields(base, fields)) : [];
  const last = parts.at(-1);
  if (first && last) last.embeds = first;
  else if (first) parts.push({ embeds: first });
  parts.push(...rest.map((embeds) => ({ embeds })));
  return parts.length > 0 ? parts : [{ content: EMPTY_ANSWER[answer.language] }];
}

/** "[2] §3 QLoRA:… · subheading", then the quoted passage (cut after a whole sentence) and the arXiv link. */
export function sourceField(citation: Citation): APIEmbedField {
  const heading = `[${citation.n}] §${citation.section} ${citation.title}${citation.subheading ? ` · ${citation.subheading}` : ''}`;
  const quote = trimPassage(citation.text.replace(/\s*\n\s*/gu, ' '), QUOTE_LENGTH);
  const link = citation.arxivUrl ? `\n${citation.arxivUrl}` : '';
  return {
    name: truncate(heading, LIMITS.fieldName),
    value: truncate(`> ${quote}`, LIMITS.fieldValue - link.length) + link,
  };
}
