import type { APIEmbed, APIEmbedField } from 'discord.js';
import { t } from '../../messages/catalogue.ts';
import { normalise } from '../../papers/lookup.ts';
import type { Language, PaperProfile } from '../../types.ts';
import { quoteUserText } from '../mentions.ts';
import { LIMITS } from './limits.ts';
import { escapeMarkdown, truncate } from './text.ts';

/** Leaves room for the title, key points and footer within the 6000-character embed budget. */
const SUMMARY_LENGTH = 3000;
const PAPER_COLOR = 0x2b8a3e;
/** A paper's title on a link line; real titles are far shorter. */
const LINK_TITLE_LENGTH = 150;

/** Said on every English card: the digest is Chinese, its English is a rendering. */
const TRANSLATED_NOTE = 'Summary and key points translated from the Chinese digest.';

/**
 * The language a paper can actually be shown in: English only where the digest has an English rendering
 * (`paper.en`), Chinese otherwise.
 */
export function shownLanguage(paper: PaperProfile, wanted: Language): Language {
  return wanted === 'en' && paper.en ? 'en' : 'zh';
}

/** The paper's name in a language: the digest's heading, or its English rendering (else the paper's English title). */
export function paperName(paper: PaperProfile, language: Language): string {
  return language === 'en' ? (paper.en?.title ?? paper.headingEn ?? paper.titleEn) : paper.heading;
}

/** "§3 QLoRA:…" (or "§3 QLoRA: Efficient Fine-Tuning of Quantized LLMs" in English): how every card and post names a paper. */
export function paperTitle(paper: PaperProfile, language: Language = 'zh'): string {
  return truncate(`§${paper.section} ${paperName(paper, language)}`, LIMITS.embedTitle);
}

/** Whether two titles differ only in case, punctuation and spacing ("Fine-Tuning" / "Finetuning"). */
export function sameTitle(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

/**
 * The paper's arXiv link(s) as a field value. One link is shown bare; when the section's text is about another
 * paper than its heading names (§10: headed "Align your Latents", about Emu Video), both are shown, each labelled
 * with what it is and the paper's title. A link longer than `maxUrlLength` is left out rather than cut.
 */
export function paperLinksText(paper: PaperProfile, language: Language, maxUrlLength: number = LIMITS.fieldValue / 4): string | undefined {
  const usable = (url: string | undefined) => (url && url.length <= maxUrlLength ? url : undefined);
  const heading = usable(paper.arxivUrl);
  const text = usable(paper.textArxivUrl);
  if (!text) return heading;
  const line = (label: string, title: string | undefined, url: string) =>
    `${label}${title ? `${t(language, 'labelColon')}${escapeMarkdown(truncate(title, LINK_TITLE_LENGTH))}` : ''}\n${url}`;
  const about = paper.discusses.find((discussed) => discussed.textIsAbout)?.titleEn;
  const lines = [heading && line(t(language, 'headingPaper'), paper.titleEn, heading), line(t(language, 'textPaper'), about, text)];
  return truncate(lines.filter(Boolean).join('\n'), LIMITS.fieldValue);
}

/**
 * The /paper card: section and titles, arXiv link(s), the digest's summary and key points, and a question to
 * /ask. In English (for an English Discord client) when the digest has an English rendering, else in Chinese.
 */
export function paperEmbed(paper: PaperProfile, language: Language = 'zh', elsewhere: readonly PaperProfile[] = []): APIEmbed {
  const shown = shownLanguage(paper, language);
  const content = shown === 'en' ? paper.en! : paper;
  const name = paperName(paper, shown);
  // The English card's title is already English; it names the paper again only when the heading does not.
  const subtitle = shown === 'zh' || !sameTitle(paper.titleEn, name) ? `**${escapeMarkdown(paper.titleEn)}**` : '';
  const description = [subtitle, content.summary.trim()].filter(Boolean).join('\n\n');
  const keyPoints = content.keyPoints.map((point) => `• ${point}`).join('\n');
  const links = paperLinksText(paper, shown);
  const footer = `${t(shown, 'tryAsk')}${content.exampleQuestion}`;
  const fields: APIEmbedField[] = [];
  if (links) fields.push({ name: 'arXiv', value: links, inline: links === paper.arxivUrl });
  if (keyPoints) fields.push({ name: t(shown, 'keyPoints'), value: truncate(keyPoints, LIMITS.fieldValue) });
  // With several digests: which digest this card is from, and the others that cover the same paper.
  if (paper.digestTitle) {
    const where = [paper, ...elsewhere].map(
      (p) => `• ${escapeMarkdown(`${paperTitle(p, shownLanguage(p, language))} — ${p.digestTitle ?? p.digest}`)}`,
    );
    fields.push({ name: t(shown, 'inDigests'), value: truncate(where.join('\n'), LIMITS.fieldValue) });
  }
  return {
    title: paperTitle(paper, shown),
    ...(paper.arxivUrl ? { url: paper.arxivUrl } : {}),
    description: truncate(description, SUMMARY_LENGTH),
    color: PAPER_COLOR,
    fields,
    footer: { text: shown === 'en' ? `${truncate(footer, 300)}\n${TRANSLATED_NOTE}` : truncate(footer, 300) },
  };
}

/** "§3 QLoRA:…（QLoRA: …）", or with the English title first for an English reader. */
export function paperLine(paper: PaperProfile, language: Language): string {
  return language === 'en'
    ? `§${paper.section} ${paperName(paper, 'en')} (${paper.heading})`
    : `§${paper.section} ${paper.heading}（${paper.titleEn}）`;
}

/** The "did you mean …" reply for a query that names no paper; the query is repeated inert. */
export function paperNotFoundText(query: string, suggestions: readonly PaperProfile[], language: Language = 'zh'): string {
  const shown = quoteUserText(truncate(query.trim(), 100));
  const lines = suggestions.map((paper) => `• ${paperLine(paper, language)}`).join('\n');
  return suggestions.length === 0
    ? t(language, 'paperNotFound', { query: shown })
    : truncate(t(language, 'paperSuggestions', { query: shown, lines }), LIMITS.content);
}
