import type { APIEmbed, APIEmbedField } from 'discord.js';
import { samePaper } from '../../corpus/paper-ref.ts';
import { t } from '../../messages/catalogue.ts';
import type { Answer, Citation, Language, PaperProfile } from '../../types.ts';
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

/**
 * Lays an answer out as Discord messages: the answer text (after the one-line notice of a written answer that fell
 * back to quotes; split at paragraph and sentence boundaries), then
 * one field per cited source. The sources ride on the last text message when they fit, else on extra messages.
 * An answer without citations (small talk, help, the catalogue, a refusal) has no sources embed. `papers`, when
 * given, supplies the English section titles of an English answer's sources.
 */
export function answerParts(answer: Answer, papers: readonly PaperProfile[] = []): MessagePart[] {
  const text = [...(answer.notice ? [answer.notice] : []), answer.answer.trim()].join('\n');
  const parts: MessagePart[] = splitText(text, LIMITS.content)
    .filter((chunk) => chunk.trim())
    .map((content) => ({ content }));
  const fields = answer.citations.map((citation) =>
    sourceField(citation, answer.language, answer.language === 'en' ? englishSectionTitle(citation, papers) : undefined),
  );
  const base: APIEmbed = { title: t(answer.language, 'sources'), color: SOURCE_COLOR };
  const [first, ...rest] = fields.length > 0 ? groupEmbeds(embedsWithFields(base, fields)) : [];
  const last = parts.at(-1);
  if (first && last) last.embeds = first;
  else if (first) parts.push({ embeds: first });
  parts.push(...rest.map((embeds) => ({ embeds })));
  return parts.length > 0 ? parts : [{ content: t(answer.language, 'emptyAnswer') }];
}

/**
 * "[2] §3 QLoRA:… · subheading", then the quoted passage (cut after a whole sentence) and the arXiv link. For an
 * English answer the heading names the section in English ("[2] §3 QLoRA: Efficient Fine-Tuning of Quantized LLMs":
 * `englishTitle`, else the English part of the citation's title) while the quote stays the digest's Chinese original,
 * the source of truth.
 */
export function sourceField(citation: Citation, language: Language = 'zh', englishTitle?: string): APIEmbedField {
  const heading =
    language === 'en'
      ? `[${citation.n}] §${citation.section} ${englishTitle ?? englishPart(citation.title)}${citation.subheadingEn ? ` · ${citation.subheadingEn}` : ''}`
      : `[${citation.n}] §${citation.section} ${citation.title}${citation.subheading ? ` · ${citation.subheading}` : ''}`;
  const quote = trimPassage(citation.text.replace(/\s*\n\s*/gu, ' '), QUOTE_LENGTH);
  const link = citation.arxivUrl ? `\n${citation.arxivUrl}` : '';
  return {
    name: truncate(heading, LIMITS.fieldName),
    value: truncate(`> ${quote}`, LIMITS.fieldValue - link.length) + link,
  };
}

/** The English title of a citation's paper: its English heading when the paper is known, else the English part of the title. */
export function englishSectionTitle(citation: Citation, papers: readonly PaperProfile[]): string {
  const paper = papers.find((candidate) => samePaper(candidate, citation));
  return paper ? (paper.en?.title ?? paper.headingEn ?? paper.titleEn) : englishPart(citation.title);
}

/** "BloombergGPT:面向金融的大型语言模型 (BloombergGPT: A Large Language Model for Finance)" → the part in brackets. */
export function englishPart(title: string): string {
  const match = /\s\(([^()\p{Script=Han}]*(?:\([^()\p{Script=Han}]*\)[^()\p{Script=Han}]*)*)\)$/u.exec(title);
  return match?.[1]?.trim() || title;
}
