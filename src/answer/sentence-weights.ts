import type { SentenceWeights } from './sentence-features.ts';

/**
 * How much each cue of a sentence (src/answer/select.ts `sentenceFeatures`) counts when choosing the sentences that
 * answer. Written by `npm run calibrate -- --digests <dir> --write` (src/cli/calibrate.ts), fitted on 218 questions
 * over 7 digests. Leave-one-digest-out (each digest with weights fitted on the others only), the share of
 * questions whose quotes state the asked facts, with the weights before and with the held-out fit:
 *   corpus: 148 questions, 0.90 → 0.88
 *   deepseek-base-models-en: 12 questions, 0.58 → 0.75
 *   hf-long-range-transformers-en: 12 questions, 0.75 → 0.75
 *   hf-long-range-transformers-zh: 12 questions, 0.75 → 0.83
 *   lilian-fast-object-detection-en: 12 questions, 0.58 → 0.67
 *   tds-four-dl-papers-2021-06-zh: 11 questions, 0.64 → 0.82
 *   tds-four-dl-papers-2021-08-zh: 11 questions, 0.82 → 0.82
 *   mean over digests: 0.72 → 0.79
 * `finding` (added later) stands at its prior: fitted on thirteen digests (2026-12-06) it comes to 0.085.
 * `subjectSection` (added 2026-12-06) is its fit on these seven digests from the prior 0.05: 0.055.
 * `answerName` (added 2026-12-07) is its fit on 77 of the digests of test/fixtures/checking/ (all weights refitted beside it; leave-one-digest-out
 *   0.87 with the weights as stored and 0.87 refitted, so the others were kept): 0.058.
 */
export const SENTENCE_WEIGHTS: SentenceWeights = {
  similarity: 1,
  coverage: 0.254,
  passageRank: -0.027,
  fragment: -0.099,
  askedByDigest: 0.094,
  digestQuestion: -0.026,
  subject: 0,
  otherSubject: -0.048,
  subjectSection: 0.055,
  figure: 0.108,
  unitMatch: 0.087,
  subjectFigure: 0.06,
  reason: 0.066,
  finding: 0.08,
  includedBecause: 0.3,
  definition: 0.234,
  expansion: 0.101,
  listMatch: 0.084,
  comparisonMatch: 0.08,
  maker: 0.2,
  answerName: 0.058,
  pointsBack: -0.004,
  opensPassage: -0.007,
  listItem: 0.041,
};
