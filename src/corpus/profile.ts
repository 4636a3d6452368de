import type { Paper, PaperProfile, Passage } from '../types.ts';
import { splitSentences } from './sentences.ts';

/**
 * What the digest says about one paper, in a few lines: a summary from the section's opening and the
 * sentences that carry the most facts (figures, model names) as key points.
 */
const SUMMARY_CHARS = 220;
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
  const own = passages.filter((p) => p.digest === paper.digest && p.section === paper.section);
  const sentences = own.map((p) => splitSentences(p.text));
  const summary = takeUpTo(sentences[0] ?? [], SUMMARY_CHARS);
  const candidates = sentences
    .slice(1)
    .flat()
    .map((text, position) => ({ text, position, weight: factWeight(text) }))
    .filter((s) => s.weight > 0);
  const keyPoints = candidates
    .sort((a, b) => b.weight - a.weight || a.position - b.position)
    .slice(0, KEY_POINTS)
    .sort((a, b) => a.position - b.position)
    .map((s) => s.text);
  const name = paper.aliases.find((a) => /^[\x20-\x7e]+$/u.test(a)) ?? paper.headingZh;
  const url = arxivUrl(paper);
  return {
    ...paper,
    ...(url ? { arxivUrl: url } : {}),
    summary,
    keyPoints,
    exampleQuestion: `${name} 的主要贡献是什么?`,
  };
}

/** Sentences with numbers and named things make good key points; list intros and fragments do not. */
function factWeight(sentence: string): number {
  const length = [...sentence].length;
  if (length < 20 || length > 180 || /[:：]$/u.test(sentence) || /https?:\/\//u.test(sentence)) return 0;
  const numbers = sentence.match(/\d+(?:\.\d+)?/gu)?.length ?? 0;
  const names = sentence.match(/[A-Za-z][A-Za-z0-9-]{2,}/gu)?.length ?? 0;
  return 1 + numbers + 0.5 * names;
}

function takeUpTo(sentences: readonly string[], limit: number): string {
  let text = '';
  for (const sentence of sentences) {
    if (text && [...text].length + [...sentence].length > limit) break;
    text += sentence;
  }
  return text || (sentences[0] ?? '');
}
