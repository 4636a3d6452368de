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
/** An English rendering takes about 2.5 times the characters of its Chinese original to say the same. */
const RENDERED_QUOTE_LENGTH = 750;
const SOURCE_COLOR = 0x5865f2;

/**
 * Which text of a source to quote: what the reader is shown (the English rendering for an English reader where the
 * digest has one, else the digest's own text), or always the digest's own text (the original behind a rendering).
 */
export type QuotedText = 'shown' | 'original';

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
  const [first, ...rest] = sourceMessages(answer.citations, answer.language, papers, 'shown');
  const last = parts.at(-1);
  if (first && last) last.embeds = first;
  else if (first) parts.push({ embeds: first });
  parts.push(...rest.map((embeds) => ({ embeds })));
  return parts.length > 0 ? parts : [{ content: t(answer.language, 'emptyAnswer') }];
}

/** Whether an answer's sources quote a rendering in place of the digest's own text, which the reader may want to see. */
export function quotesRenderings(answer: Answer): boolean {
  return answer.citations.some((citation) => isRendered(citation, answer.language));
}

/**
 * The Chinese originals of the sources an English reader was shown in rendering, as the embeds of one message or
 * more, headed in `language` (the language of whoever asks to see them); none when no source was rendered.
 */
export function originalSourceMessages(citations: readonly Citation[], language: Language, papers: readonly PaperProfile[] = []): APIEmbed[][] {
  return sourceMessages(
    citations.filter((citation) => citation.translation !== undefined),
    language,
    papers,
    'original',
  );
}

/** One field per source under a titled embed, spread over as many messages as Discord's limits need. */
function sourceMessages(citations: readonly Citation[], language: Language, papers: readonly PaperProfile[], quoted: QuotedText): APIEmbed[][] {
  if (citations.length === 0) return [];
  const fields = citations.map((citation) =>
    sourceField(citation, language, language === 'en' ? englishSectionTitle(citation, papers) : undefined, quoted),
  );
  const title = t(language, quoted === 'original' ? 'originalSources' : 'sources');
  return groupEmbeds(embedsWithFields({ title, color: SOURCE_COLOR }, fields));
}

/** Whether a reader of `language` is shown the source's rendering rather than the digest's own text. */
function isRendered(citation: Citation, language: Language): boolean {
  return citation.translation !== undefined && (citation.language ?? 'zh') !== language;
}

/**
 * "[2] §3 QLoRA:… · subheading", then the quoted passage (cut after a whole sentence) and the arXiv link. For an
 * English reader the heading names the section in English ("[2] §3 QLoRA: Efficient Fine-Tuning of Quantized LLMs":
 * `englishTitle`, else the English part of the citation's title) and the quote is the digest's English rendering
 * where it has one (its Chinese original is one click away: `quoted` 'original' quotes that instead).
 */
export function sourceField(citation: Citation, language: Language = 'zh', englishTitle?: string, quoted: QuotedText = 'shown'): APIEmbedField {
  const heading =
    language === 'en'
      ? `[${citation.n}] §${citation.section} ${englishTitle ?? englishPart(citation.title)}${citation.subheadingEn ? ` · ${citation.subheadingEn}` : ''}`
      : `[${citation.n}] §${citation.section} ${citation.title}${citation.subheading ? ` · ${citation.subheading}` : ''}`;
  const rendered = quoted === 'shown' && isRendered(citation, language);
  const passage = rendered ? citation.translation! : citation.text;
  const quote = trimPassage(passage.replace(/\s*\n\s*/gu, ' '), rendered ? RENDERED_QUOTE_LENGTH : QUOTE_LENGTH);
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
