import type { SentenceWeights } from './sentence-features.ts';

/**
 * How much each cue of a sentence (src/answer/select.ts `sentenceFeatures`) counts when choosing the sentences that
 * answer. Written by `npm run calibrate -- --digests <dir> --write` (src/cli/calibrate.ts), fitted on 218 questions over
 * corpus, deepseek-base-models-en, hf-long-range-transformers-en, hf-long-range-transformers-zh, lilian-fast-object-detection-en, tds-four-dl-papers-2021-06-zh, tds-four-dl-papers-2021-08-zh. Leave-one-digest-out, the quotes stated the asked facts for
 * 0.80 of the questions per digest on average (0.72 with the weights before).
 */
export const SENTENCE_WEIGHTS: SentenceWeights = {
  similarity: 1,
  coverage: 0.25,
  passageRank: -0.06,
  fragment: -0.067,
  askedByDigest: -0.034,
  digestQuestion: 0.014,
  subject: -0.056,
  otherSubject: -0.054,
  figure: 0.059,
  unitMatch: 0.182,
  subjectFigure: 0.084,
  reason: 0.07,
  includedBecause: 0.07,
  definition: 0.081,
  expansion: 0.06,
  listMatch: 0.062,
  comparisonMatch: 0.098,
  maker: 0.042,
  pointsBack: -0.025,
  opensPassage: -0.004,
  listItem: 0.06,
};
