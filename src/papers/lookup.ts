import { paperKey, samePaper } from '../corpus/paper-ref.ts';
import type { PaperProfile } from '../types.ts';

/**
 * Finding a paper from what a user typed: a Chinese or English title, an alias, a section number or an arXiv id,
 * possibly misspelt or in full-width characters. Pure functions over the catalogue, no Discord.
 */

export type PaperLookup = { found: true; paper: PaperProfile } | { found: false; suggestions: PaperProfile[] };

export interface RankedPaper {
  paper: PaperProfile;
  score: number;
}

/** Below this a match is noise rather than a plausible "did you mean". */
const MIN_SUGGESTION_SCORE = 0.3;
/** A fuzzy match this good, and better than any other, is taken as the answer. */
const CONFIDENT_SCORE = 0.75;

/** Case-, width- and punctuation-insensitive form used for every comparison ("ＱＬｏＲＡ：" → "qlora"). */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Cf}\s]+/gu, '');
}

/** "4", "§4", "#4", "第4篇" → 4. */
export function parseSectionNumber(query: string): number | undefined {
  const match = /^(?:§|#|第|no\.?|section)?\s*(\d{1,3})\s*(?:篇|节|章)?$/iu.exec(query.normalize('NFKC').trim());
  return match ? Number(match[1]) : undefined;
}

/** Resolves `query` to one paper, or explains what the user may have meant. */
export function findPaper(papers: readonly PaperProfile[], query: string): PaperLookup {
  const trimmed = query.trim();
  // A paper key, or its end: an autocomplete choice's value is a key cut to the last 100 characters Discord allows.
  const byKey =
    papers.find((paper) => paperKey(paper) === trimmed) ??
    (trimmed.includes(':') ? papers.find((paper) => paperKey(paper).endsWith(trimmed)) : undefined);
  if (byKey) return { found: true, paper: byKey };

  const section = parseSectionNumber(trimmed);
  if (section !== undefined) {
    const inSection = papers.filter((paper) => paper.section === section);
    if (inSection.length === 1) return { found: true, paper: inSection[0]! };
    if (inSection.length > 1) return { found: false, suggestions: inSection };
  }

  const ranked = rankPapers(papers, trimmed);
  const [best, second] = ranked;
  // One paper in two digests is one answer: the first digest's card, which lists the other.
  const sameAsBest = second && best?.paper.alsoIn?.some((ref) => samePaper(ref, second.paper));
  if (best && best.score >= CONFIDENT_SCORE && (!second || best.score > second.score || sameAsBest)) {
    return { found: true, paper: best.paper };
  }
  return { found: false, suggestions: ranked.slice(0, 3).map((entry) => entry.paper) };
}

/** Papers matching `query`, best first, for autocomplete; an empty query lists the catalogue in order. */
export function suggestPapers(papers: readonly PaperProfile[], query: string, limit: number): PaperProfile[] {
  if (!normalise(query)) return papers.slice(0, limit);
  const section = parseSectionNumber(query);
  const sectionMatches = section === undefined ? [] : papers.filter((paper) => paper.section === section);
  const fuzzy = rankPapers(papers, query).map((entry) => entry.paper);
  return [...new Set([...sectionMatches, ...fuzzy])].slice(0, limit);
}

/** Every paper scoring at least MIN_SUGGESTION_SCORE against `query`, best first (ties keep corpus order). */
export function rankPapers(papers: readonly PaperProfile[], query: string): RankedPaper[] {
  const q = normalise(query);
  if (!q) return [];
  return papers
    .map((paper) => ({ paper, score: Math.max(0, ...searchTerms(paper).map((term) => matchScore(q, term))) }))
    .filter((entry) => entry.score >= MIN_SUGGESTION_SCORE)
    .sort((a, b) => b.score - a.score);
}

function searchTerms(paper: PaperProfile): string[] {
  const discussed = paper.discusses.flatMap((d) => [d.titleEn, ...d.aliases, d.arxivId ?? '']);
  return [paper.heading, paper.headingEn ?? '', paper.titleEn, ...paper.aliases, paper.arxivId ?? '', ...discussed]
    .map(normalise)
    .filter((term) => term.length > 0);
}

/** How well normalised query `q` matches normalised `term`, from 0 to 1. */
export function matchScore(q: string, term: string): number {
  if (q === term) return 1;
  if (q.length >= 2 && term.startsWith(q)) return 0.9;
  if (q.length >= 2 && term.includes(q)) return 0.8;
  if (term.length >= 3 && q.includes(term)) return 0.75;
  const editSimilarity = 1 - levenshtein(q, term) / Math.max([...q].length, [...term].length);
  return 0.9 * Math.max(editSimilarity, bigramSimilarity(q, term));
}

/**
 * Edit distance over code points (one Chinese character counts as one edit), with a swap of two adjacent
 * characters counting as one edit ("qlroa" is one typo away from "qlora"): optimal string alignment distance.
 * Kept here: fastest-levenshtein and leven count that swap as two edits, and damerau-levenshtein counts UTF-16 units
 * and gives up past 4 edits (returning a length instead), which would change how far-off titles score.
 */
export function levenshtein(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  const rows: number[][] = [Array.from({ length: right.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= left.length; i++) {
    const row = [i];
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[left.length]![right.length]!;
}

/** Dice coefficient over character bigrams: robust to word order and partial titles. */
export function bigramSimilarity(a: string, b: string): number {
  const left = bigrams(a);
  const right = bigrams(b);
  if (left.length === 0 || right.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const gram of right) pool.set(gram, (pool.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of left) {
    const count = pool.get(gram) ?? 0;
    if (count > 0) {
      shared++;
      pool.set(gram, count - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

function bigrams(text: string): string[] {
  const chars = [...text];
  return chars.slice(1).map((char, i) => chars[i]! + char);
}
