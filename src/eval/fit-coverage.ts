import { isCovered, type CoverageEvidence, type Thresholds } from '../answer/pipeline.ts';
import type { Language } from '../types.ts';

/**
 * Choosing the "not covered" thresholds (src/retrieval/settings.ts COVERAGE) on labelled questions over many digests:
 * a grid search for the settings that answer the most answerable questions and the fewest off-topic ones, checked
 * leave-one-digest-out. Pure: each question's evidence comes in already retrieved.
 */

/** One question that reached the decision, with what decides it. */
export interface CoverageCase {
  digest: string;
  q: string;
  offTopic: boolean;
  evidence: CoverageEvidence;
  /** How much closer unrelated questions in its language come to its corpus's passages of each language than to the seed's (coverageThresholds). */
  passageShift: Partial<Record<Language, number>>;
}

/** The thresholds as a corpus applies them: with its shifts per passage language. */
export function shifted(t: Thresholds, passageShift: Partial<Record<Language, number>>): Thresholds {
  return { ...t, passageShift };
}

export interface ThresholdResult {
  t: Thresholds;
  answeredOffTopic: CoverageCase[];
  falseRefusals: CoverageCase[];
  /** An answered off-topic question costs twice a false refusal: a made-up answer costs a reader more than a refusal naming the nearest sections. */
  cost: number;
}

export function evaluateThresholds(cases: readonly CoverageCase[], t: Thresholds): ThresholdResult {
  const answeredOffTopic = cases.filter((c) => c.offTopic && isCovered(c.evidence, shifted(t, c.passageShift)));
  const falseRefusals = cases.filter((c) => !c.offTopic && !isCovered(c.evidence, shifted(t, c.passageShift)));
  return { t, answeredOffTopic, falseRefusals, cost: 2 * answeredOffTopic.length + falseRefusals.length };
}

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Number((from + i * step).toFixed(3)));

/** Every setting of the grid, best first; among equally good ones the most conservative (the highest bar for answering). */
export function searchThresholds(cases: readonly CoverageCase[]): ThresholdResult[] {
  // A sentence similarity alone never answers below 0.60: unrelated questions reach that much with this model.
  const results = range(0.6, 0.7, 0.01).flatMap((strongSentence) =>
    range(0.45, 0.6, 0.01)
      .filter((s) => s <= strongSentence)
      .flatMap((sentence) =>
        range(0.2, 0.6, 0.05).flatMap((lexical) =>
          range(0.6, 1, 0.1).flatMap((strongLexical) =>
            range(0.4, 0.55, 0.05)
              .filter((floor) => floor <= sentence)
              .map((sentenceFloor) => evaluateThresholds(cases, { strongSentence, sentence, lexical, strongLexical, sentenceFloor })),
          ),
        ),
      ),
  );
  const bar = (t: Thresholds) => [t.strongSentence, t.sentence, t.lexical, t.strongLexical, t.sentenceFloor];
  return results.sort((a, b) => a.cost - b.cost || bar(b.t).reduce((d, x, i) => d || x - bar(a.t)[i]!, 0));
}

export interface HeldOutCoverage {
  digest: string;
  answerable: number;
  offTopic: number;
  /** False refusals and answered off-topic questions with the current thresholds, and with those chosen on the other digests. */
  current: { falseRefusals: number; answeredOffTopic: number };
  heldOut: { falseRefusals: number; answeredOffTopic: number };
}

/** Each digest decided with the current thresholds and with the ones the search chooses on the other digests only. */
export function leaveOneDigestOutCoverage(cases: readonly CoverageCase[], current: Thresholds): HeldOutCoverage[] {
  const digests = [...new Set(cases.map((c) => c.digest))];
  const counts = (r: ThresholdResult) => ({ falseRefusals: r.falseRefusals.length, answeredOffTopic: r.answeredOffTopic.length });
  return digests.map((digest) => {
    const own = cases.filter((c) => c.digest === digest);
    const [best] = searchThresholds(cases.filter((c) => c.digest !== digest));
    return {
      digest,
      answerable: own.filter((c) => !c.offTopic).length,
      offTopic: own.filter((c) => c.offTopic).length,
      current: counts(evaluateThresholds(own, current)),
      heldOut: counts(evaluateThresholds(own, best!.t)),
    };
  });
}
