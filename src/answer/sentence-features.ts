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
  'figure',
  'unitMatch',
  'subjectFigure',
  'reason',
  'includedBecause',
  'definition',
  'expansion',
  'listMatch',
  'comparisonMatch',
  'maker',
  'pointsBack',
  'opensPassage',
  'listItem',
] as const;
export type SentenceFeature = (typeof SENTENCE_FEATURES)[number];
export type SentenceWeights = Readonly<Record<SentenceFeature, number>>;
