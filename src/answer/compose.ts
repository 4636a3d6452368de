import { splitSentences } from '../corpus/sentences.ts';
import type { IndexedSentence } from '../retrieval/index-store.ts';
import type { Retrieval, RetrievedPassage } from '../retrieval/hybrid.ts';
import type { Answer, Citation, Language, PaperProfile } from '../types.ts';
import { dot } from '../retrieval/vector.ts';

/**
 * Extractive answers, no language model: the sentences of the top passages closest to the question,
 * each followed by the number of the citation it comes from. Framing text follows the question's
 * language; quoted sentences stay exactly as the digest has them.
 */

/**
 * "Not covered" calibration (cosine similarities of bge-small-zh-v1.5, IDF-weighted token coverage).
 * Questions that name a paper are covered. Otherwise a question is covered when its best sentence match
 * is strong, or fairly strong and backed by shared distinctive words. Chosen on 135 questions of our own
 * (test/fixtures plus a harder paraphrase set, 108 answerable, 27 off-topic; not the dev set): 1 false
 * refusal and 1 answered off-topic question ("Transformer 的注意力公式是什么?", similarity 0.65), where the
 * previous thresholds (0.65 / 0.5 / 0.15) had 4 and 5. Off-topic questions measure up to 0.60 when unnamed.
 */
export const COVERAGE = { strongSentence: 0.62, sentence: 0.53, lexical: 0.35, nearestHint: 0.5 } as const;

export function isCovered(retrieval: Retrieval): boolean {
  return (
    retrieval.namedPapers.length > 0 ||
    retrieval.sentenceTop >= COVERAGE.strongSentence ||
    (retrieval.sentenceTop >= COVERAGE.sentence && retrieval.lexicalCoverage >= COVERAGE.lexical)
  );
}

const CITATIONS = 3;
const ANSWER_SENTENCES = 2;
const ANSWER_CHARS = 360;

export interface ComposeInput {
  question: string;
  language: Language;
  retrieval: Retrieval;
  sentencesByPassage: ReadonlyMap<string, IndexedSentence[]>;
  paperOf: (hit: RetrievedPassage) => PaperProfile | undefined;
  /** Share of what the question asks (its words beyond the paper's name) that `text` contains (0..1). */
  coverage: (text: string) => number;
}

export function composeAnswer(input: ComposeInput): Answer {
  const { question, language, retrieval, paperOf } = input;
  if (!isCovered(retrieval)) {
    return { question, answered: false, answer: notCovered(language, retrieval, paperOf), citations: [], language };
  }
  const cited = retrieval.hits.slice(0, CITATIONS);
  const citations: Citation[] = cited.map((hit, i) => {
    const paper = paperOf(hit);
    return {
      n: i + 1,
      section: hit.passage.section,
      title: paper?.titleEn && paper.titleEn !== hit.passage.sectionTitle ? `${hit.passage.sectionTitle} (${paper.titleEn})` : hit.passage.sectionTitle,
      passageId: hit.passage.id,
      text: hit.passage.text,
      score: Number(hit.score.toFixed(4)),
      ...(hit.passage.subheading ? { subheading: hit.passage.subheading } : {}),
      ...(paper?.arxivUrl ? { arxivUrl: paper.arxivUrl } : {}),
    };
  });
  const picked = pickSentences(input, cited);
  const body = picked.map((s) => `${s.text} [${s.citation}]`).join(' ');
  const lead = cited[0]!;
  const where = `§${lead.passage.section} ${lead.passage.sectionTitle}`;
  const answer =
    language === 'zh' ? `根据摘要(${where}):${body}` : `According to the digest (${where}), quoted as written: ${body}`;
  return { question, answered: true, answer, citations, language };
}

interface PickedSentence {
  text: string;
  citation: number;
  score: number;
  order: number;
}

/**
 * Scores every sentence of the cited passages by similarity to the question and by the question's words it
 * contains, favouring better-ranked passages and full sentences over captions, list intros and titles,
 * and keeps the best one or two (in reading order) within a length budget.
 */
function pickSentences({ retrieval, sentencesByPassage, coverage }: ComposeInput, cited: readonly RetrievedPassage[]): PickedSentence[] {
  const scored: PickedSentence[] = [];
  cited.forEach((hit, rank) => {
    const indexed = sentencesByPassage.get(hit.passage.id);
    const texts = indexed?.map((s) => s.text) ?? splitSentences(hit.passage.text);
    texts.forEach((text, i) => {
      const similarity = indexed ? dot(retrieval.queryVector, indexed[i]!.vector) : 0;
      const fragment = /[:：]$/u.test(text) || !/[。！？!?.;；)）”]$/u.test(text) ? 0.12 : 0;
      const question = /[?？]$/u.test(text) ? 0.06 : 0; // the digest's own questions; their answers follow them
      const score = similarity + 0.3 * coverage(text) - 0.04 * rank - fragment - question;
      scored.push({ text, citation: rank + 1, score, order: rank * 1000 + i });
    });
  });
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return [];
  const chosen = [best];
  let length = [...best.text].length;
  for (const candidate of scored.slice(1)) {
    if (chosen.length >= ANSWER_SENTENCES) break;
    const fits = length + [...candidate.text].length <= ANSWER_CHARS;
    if (fits && candidate.score >= best.score - 0.08) {
      chosen.push(candidate);
      length += [...candidate.text].length;
    }
  }
  return chosen.sort((a, b) => a.order - b.order);
}

function notCovered(language: Language, retrieval: Retrieval, paperOf: ComposeInput['paperOf']): string {
  const nearest: string[] = [];
  if (retrieval.sentenceTop >= COVERAGE.nearestHint && retrieval.lexicalCoverage > 0) {
    for (const hit of retrieval.hits) {
      const label = `§${hit.passage.section} ${hit.passage.sectionTitle}`;
      if (!nearest.includes(label) && paperOf(hit)) nearest.push(label);
      if (nearest.length === 2) break;
    }
  }
  if (language === 'zh') {
    return `这份论文摘要没有涉及这个问题,我不想凭空编造答案。${nearest.length ? `最接近的章节:${nearest.join(';')}。` : ''}`;
  }
  return `The digest does not cover this, so I won't make up an answer.${nearest.length ? ` Nearest sections: ${nearest.join('; ')}.` : ''}`;
}
