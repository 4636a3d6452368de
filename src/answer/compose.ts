import type { RetrievedPassage } from '../retrieval/hybrid.ts';
import type { Answer, Citation, Language, PaperProfile, Passage } from '../types.ts';
import { sourceUrl } from '../corpus/profile.ts';
import type { Quote } from './select.ts';
import { ANSWER } from './settings.ts';
import { t } from '../messages/catalogue.ts';

/**
 * Extractive answers, no language model: the chosen sentences, each followed by the number of the source it
 * comes from, after a lead-in naming the section of every quote. A question in the digest's language gets its
 * sentences as written; in the other, their rendering where the digest has one, marked as translated (the sources
 * keep the original), else the sentences as written, said to be quoted in their language.
 */

export interface ComposeInput {
  question: string;
  language: Language;
  quotes: Quote[];
  hits: readonly RetrievedPassage[];
  paperOf: (passage: Passage) => PaperProfile | undefined;
}

export function composeAnswer({ question, language, quotes, hits, paperOf }: ComposeInput): Answer {
  // The quoted passages are the first sources, in quote order; the best other hits follow.
  const passages: Passage[] = [];
  for (const passage of [...quotes.map((q) => q.passage), ...hits.map((h) => h.passage)]) {
    if (!passages.includes(passage) && (passages.length < ANSWER.citations || quotes.some((q) => q.passage === passage))) passages.push(passage);
  }
  const scoreOf = new Map(hits.map((h) => [h.passage, h.score]));
  const citations = passages.map((passage, i) => citationOf(passage, i + 1, scoreOf.get(passage) ?? 0, paperOf(passage)));
  // A quote in the other language than the reader's is shown in its rendering where it has one.
  const rendered = (q: Quote) => Boolean(q.translation) && (q.passage.language ?? 'zh') !== language;
  const translated = quotes.every(rendered);
  const partly = !translated && quotes.some(rendered);
  const numberOf = (q: Quote) => passages.indexOf(q.passage) + 1;
  const body = quotes
    .map((q, i) => {
      const text = rendered(q) ? q.translation! : q.text;
      const separator = i === 0 ? '' : q.item ? '\n• ' : ' ';
      // Sentences of one source in a row share its mark, an item and the sentence continuing it too.
      const sameSourceNext = quotes[i + 1] && !quotes[i + 1]!.item && numberOf(quotes[i + 1]!) === numberOf(q);
      return `${separator}${text}${sameSourceNext ? '' : ` [${numberOf(q)}]`}`;
    })
    .join('');
  const sections = [...new Set(quotes.map((q) => q.passage))].map((p) => sectionLabel(p, translated || partly ? language : 'zh'));
  const where = [...new Set(sections)].join(language === 'zh' ? ';' : '; ');
  // Quotes in the reader's language read as they stand; quotes in the other are said to be so.
  const quotedIn: Language = translated ? language : quotes.every((q) => q.passage.language === 'en') ? 'en' : 'zh';
  const answer = t(language, 'quotedAnswer', { where, body, quotedIn, translated, partly });
  return { question, answered: true, answer, citations, language, kind: 'quoted' };
}

/** "§3 QLoRA…", with its digest's title once more than one digest is loaded. */
export function sectionLabel(passage: Passage, language: Language): string {
  const label = `§${passage.section} ${language === 'en' ? (passage.sectionTitleEn ?? passage.sectionTitle) : passage.sectionTitle}`;
  return withDigestTitle(label, passage);
}

/**
 * A section's name followed by its digest's title, once several digests are loaded; a digest's opening section is
 * headed by the digest's own title, so it is named once.
 */
function withDigestTitle(name: string, passage: Passage): string {
  return passage.digestTitle && passage.digestTitle !== passage.sectionTitle ? `${name} — ${passage.digestTitle}` : name;
}

export function citationOf(passage: Passage, n: number, score: number, paper: PaperProfile | undefined): Citation {
  const heading = paper?.titleEn && paper.titleEn !== passage.sectionTitle ? `${passage.sectionTitle} (${paper.titleEn})` : passage.sectionTitle;
  const title = withDigestTitle(heading, passage);
  return {
    n,
    digest: passage.digest,
    section: passage.section,
    title,
    passageId: passage.id,
    text: passage.text,
    ...(passage.translation ? { translation: passage.translation } : {}),
    ...(passage.language ? { language: passage.language } : {}),
    score: Number(score.toFixed(4)),
    ...(passage.subheading ? { subheading: passage.subheading } : {}),
    ...(passage.subheadingEn ? { subheadingEn: passage.subheadingEn } : {}),
    ...(paper && sourceUrl(paper) ? { arxivUrl: sourceUrl(paper) } : {}),
  };
}

/**
 * "Not covered": said plainly, with the nearest sections when there are some worth reading, or with the
 * names the digest does not discuss and what it does cover.
 */
export function refusal(question: string, language: Language, options: { nearest?: string[]; unknownNames?: string[]; covers: string }): Answer {
  const { nearest = [], unknownNames = [], covers } = options;
  const answer = unknownNames.length > 0 ? t(language, 'notDiscussed', { names: unknownNames, covers }) : t(language, 'notCovered', { nearest });
  return { question, answered: false, answer, citations: [], language, kind: 'refusal' };
}
