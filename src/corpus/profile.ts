import { t } from '../messages/catalogue.ts';
import type { Paper, PaperProfile, Passage } from '../types.ts';
import { knownName, samePaper } from './paper-ref.ts';
import { URL } from './parse.ts';
import { endsWithColon } from './sentence-end.ts';
import { passageSentences, type PassageSentence } from './sentences.ts';

/**
 * What the digest says about one paper, in a few lines: a summary from the section's opening and the
 * sentences that carry the most facts (figures, model names) as key points.
 */
/** Chinese packs about 2.5 times as much into a character as English. */
const SUMMARY_CHARS = { zh: 220, en: 520 } as const;
const KEY_POINTS = 3;

export function arxivUrl(paper: Paper): string | undefined {
  return paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : paper.links[0];
}

/** Where a quote from the section's text points: the paper the text is about (§10: Emu Video), else the heading's. */
export function sourceUrl(paper: Paper): string | undefined {
  const about = paper.discusses.find((d) => d.textIsAbout && d.arxivId);
  return about ? `https://arxiv.org/abs/${about.arxivId}` : arxivUrl(paper);
}

export function buildProfile(paper: Paper, passages: readonly Passage[]): PaperProfile {
  const own = passages.filter((p) => samePaper(p, paper));
  const sentences = own.map(passageSentences);
  // An English digest is its own English: its card in English is its own sentences.
  const english = own.length > 0 && own.every((p) => p.language === 'en');
  const pick = (language: 'zh' | 'en') => {
    // In the digest's own language its sentences; in the other, their rendering (an English digest's own sentences
    // stand for a Chinese reader where it has none).
    const text = (s: PassageSentence) =>
      language === (english ? 'en' : 'zh') ? s.text : english ? (s.translation ?? s.text) : (s.translation ?? '');
    const opening = (sentences[0] ?? []).filter((s) => s.role !== 'caption' && s.role !== 'title');
    const summary = takeUpTo(opening.map(text), SUMMARY_CHARS[language], language === 'en' ? ' ' : '');
    // Key points are chosen on the digest's own sentences, so both languages show the same facts.
    const keyPoints = sentences
      .slice(1)
      .flat()
      .map((s, position) => ({ s, position, weight: s.role === 'body' || s.role === 'item' ? factWeight(s.text) : 0 }))
      .filter((c) => c.weight > 0)
      .sort((a, b) => b.weight - a.weight || a.position - b.position)
      .slice(0, KEY_POINTS)
      .sort((a, b) => a.position - b.position)
      .map((c) => text(c.s));
    return { summary, keyPoints };
  };
  // Asked about by the name of what the section's text discusses (§10: Emu Video, not its heading's paper).
  const name = knownName(paper) ?? paper.heading;
  const url = arxivUrl(paper);
  const textUrl = sourceUrl(paper);
  const zh = pick('zh');
  const rendered = own.length > 0 && own.every((p) => p.translation);
  return {
    ...paper,
    ...(url ? { arxivUrl: url } : {}),
    ...(textUrl && textUrl !== url ? { textArxivUrl: textUrl } : {}),
    ...zh,
    exampleQuestion: t('zh', 'exampleQuestion', { name }),
    ...(rendered || english
      ? { en: { title: paper.headingEn ?? (english ? paper.heading : paper.titleEn), ...pick('en'), exampleQuestion: t('en', 'exampleQuestion', { name }) } }
      : {}),
    ...(own[0]?.digestTitle ? { digestTitle: own[0].digestTitle } : {}),
  };
}

/** Sentences with numbers and named things make good key points; list intros and fragments do not. */
function factWeight(sentence: string): number {
  const length = [...sentence].length;
  if (length < 20 || length > 180 || endsWithColon(sentence) || URL.test(sentence)) return 0;
  const numbers = sentence.match(/\d+(?:\.\d+)?/gu)?.length ?? 0;
  const names = sentence.match(/[A-Za-z][A-Za-z0-9-]{2,}/gu)?.length ?? 0;
  return 1 + numbers + 0.5 * names;
}

function takeUpTo(sentences: readonly string[], limit: number, separator: string): string {
  let text = '';
  for (const sentence of sentences) {
    if (text && [...text].length + [...sentence].length > limit) break;
    text += text ? `${separator}${sentence}` : sentence;
  }
  return text || (sentences[0] ?? '');
}
