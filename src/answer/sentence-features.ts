/**
 * The cues of a sentence that choosing the answer weighs (src/answer/select.ts \`sentenceFeatures\` computes them):
 * general cues of the question's kind and of the sentence, in either language, never the words of one digest.
 * Their weights are fitted across digests by \`npm run calibrate -- --digests <dir>\` (src/answer/sentence-weights.ts).
 */
export const SENTENCE_FEATURES = [
  'similarity',
  'coverage',
  'passageRank',
  'fragment',
  'askedByDigest',
  'digestQuestion',
  'subject',
  'otherSubject',
  'subjectSection',
  'figure',
  'unitMatch',
  'subjectFigure',
  'reason',
  'finding',
  'includedBecause',
  'definition',
  'expansion',
  'listMatch',
  'comparisonMatch',
  'maker',
  'answerName',
  'pointsBack',
  'opensPassage',
  'listItem',
] as const;
export type SentenceFeature = (typeof SENTENCE_FEATURES)[number];
export type SentenceWeights = Readonly<Record<SentenceFeature, number>>;

/**
 * What each cue was set to by hand, on the seed digest, before any fit: the fit starts from these and is pulled back
 * to them (L2) where the labelled digests say little, so a cue that few questions exercise (who made it, why the
 * author included it) keeps its intended weight instead of shrinking to nothing.
 */
export const SENTENCE_PRIOR: SentenceWeights = {
  similarity: 1,
  coverage: 0.3,
  passageRank: -0.04,
  fragment: -0.12,
  askedByDigest: 0.1,
  digestQuestion: -0.06,
  subject: 0.05,
  otherSubject: -0.1,
  subjectSection: 0.05,
  figure: 0.12,
  unitMatch: 0.06,
  subjectFigure: 0.06,
  reason: 0.08,
  finding: 0.08,
  includedBecause: 0.3,
  definition: 0.25,
  expansion: 0.1,
  listMatch: 0.08,
  comparisonMatch: 0.08,
  maker: 0.2,
  answerName: 0.08,
  pointsBack: 0,
  opensPassage: 0,
  listItem: 0,
};
