/**
 * Fitting the sentence weights (src/eval/fit-sentences.ts): what counts as a sentence stating the answer, that the fit
 * learns a cue which tells answering sentences apart, and that leave-one-digest-out scores each digest with weights
 * fitted on the others only.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Candidate, SelectInput } from '../src/answer/select.ts';
import { SENTENCE_FEATURES, type SentenceWeights } from '../src/answer/sentence-features.ts';
import { SENTENCE } from '../src/answer/settings.ts';
import { fitSentenceWeights, gain, leaveOneDigestOut, statedRate, type SentenceCase } from '../src/eval/fit-sentences.ts';
import type { Passage } from '../src/types.ts';

const passage = (digest: string, section: number): Passage => ({
  digest,
  section,
  id: `${digest}:${section}.1`,
  sectionTitle: `Section ${section}`,
  text: '',
  lines: [],
  language: 'en',
});

const sentence = (p: Passage, index: number, text: string, similarity: number, coverage = 0): Candidate => ({
  passage: p,
  rank: 0,
  text,
  role: 'body',
  lineIndex: 0,
  position: index,
  ofLine: 3,
  index,
  similarity,
  coverage,
  matched: [],
});

/** A how-many question whose answer states a figure but looks less like the question than a sentence without one. */
function quantityCase(digest: string, n: number): SentenceCase {
  const p = passage(digest, 1);
  const candidates = [
    // Further ahead than a sentence of the same section may fall behind and still be quoted with it.
    sentence(p, 0, 'The model is described at length in this section.', 0.65 + SENTENCE.samePaperMargin),
    sentence(p, 1, `Training took ${n * 100} GPUs for a week.`, 0.6),
    sentence(p, 2, 'The authors thank their reviewers.', 0.4),
  ];
  const input: SelectInput = {
    kind: 'quantity',
    subjects: [],
    knownNames: new Set(),
    subjectSections: new Set(),
    candidates,
    following: () => [],
  };
  return { digest, question: { q: `How many GPUs trained model ${n}?`, sections: [1], groups: [[`${n * 100} GPUs`]] }, input };
}

const zero = Object.fromEntries(SENTENCE_FEATURES.map((name) => [name, 0])) as Record<(typeof SENTENCE_FEATURES)[number], number>;
const similarityOnly: SentenceWeights = { ...zero, similarity: 1 };

describe('gain: how much of the asked facts a sentence states', () => {
  const p = passage('d', 2);
  test('the share of fact groups it holds, in its text or its rendering', () => {
    const c = { ...sentence(p, 0, '它有 7B 参数', 0.5), translation: 'It has 7B parameters, trained on 2T tokens' };
    assert.equal(gain({ q: 'sizes?', sections: [2], groups: [['7B'], ['2T tokens'], ['70B']] }, c), 2 / 3);
  });
  test('nothing outside the asked sections, nothing without facts', () => {
    const c = sentence(p, 0, 'It has 7B parameters', 0.5);
    assert.equal(gain({ q: 'sizes?', sections: [1], groups: [['7B']] }, c), 0);
    assert.equal(gain({ q: 'sizes?', sections: [2] }, c), 0);
  });
});

describe('fitSentenceWeights', () => {
  const cases = [1, 2, 3, 4, 5, 6].map((n) => quantityCase(`digest-${n % 3}`, n));

  test('learns that a figure answers a how-many question where similarity alone picks the wrong sentence', () => {
    assert.equal(statedRate(cases, similarityOnly), 0);
    const fitted = fitSentenceWeights(cases, similarityOnly);
    assert.ok(fitted.figure > 0.12, `figure weight ${fitted.figure}`);
    assert.equal(fitted.similarity, 1, 'scaled so that similarity weighs 1');
    assert.equal(statedRate(cases, fitted), 1);
  });

  test('a cue keeps the direction its meaning gives it, however the questions fell', () => {
    // Here the sentence with a figure never answers: the fit may drop the figure's weight, not turn it against figures.
    const misleading = cases.map((c) => ({ ...c, question: { ...c.question, groups: [['described at length']] } }));
    const fitted = fitSentenceWeights(misleading, { ...similarityOnly, figure: 0.1 }, { l2: 0.01 });
    assert.equal(fitted.figure, 0);
  });

  test('leave-one-digest-out reports every digest, scored with weights fitted without it', () => {
    const figures = leaveOneDigestOut(cases, similarityOnly, similarityOnly);
    assert.deepEqual(
      figures.map((f) => [f.digest, f.questions, f.current]),
      [
        ['digest-1', 2, 0],
        ['digest-2', 2, 0],
        ['digest-0', 2, 0],
      ],
    );
    for (const f of figures) assert.equal(f.heldOut, 1);
    // With a single digest there is nothing else to learn from: the held-out fit keeps the starting weights.
    const [alone] = leaveOneDigestOut(cases.slice(0, 1), similarityOnly, similarityOnly);
    assert.equal(alone!.heldOut, 0);
  });
});
