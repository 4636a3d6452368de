/**
 * Choosing the "not covered" thresholds (src/eval/fit-coverage.ts): a corpus's shift lowers the similarity of sentences
 * of its passage language only, an answered off-topic question costs twice a false refusal, and leave-one-digest-out decides each
 * digest with thresholds chosen on the others only.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Thresholds } from '../src/answer/pipeline.ts';
import { isCovered } from '../src/answer/pipeline.ts';
import { evaluateThresholds, leaveOneDigestOutCoverage, searchThresholds, shifted, type CoverageCase } from '../src/eval/fit-coverage.ts';

const THRESHOLDS: Thresholds = { strongSentence: 0.63, sentence: 0.58, lexical: 0.35, strongLexical: 0.6, sentenceFloor: 0.5 };

const question = (digest: string, offTopic: boolean, sentenceTop: number, lexicalCoverage: number, shift = 0): CoverageCase => ({
  digest,
  q: `${digest} ${sentenceTop} ${lexicalCoverage}`,
  offTopic,
  evidence: { sentenceTop, sentenceTopByLanguage: { en: sentenceTop }, lexicalCoverage, namesPaper: false, mentionsName: false },
  passageShift: { en: shift },
});

describe('the "not covered" thresholds', () => {
  test("a corpus's shift counts against sentences of its passage language only", () => {
    const evidence = { sentenceTop: 0.66, lexicalCoverage: 0, namesPaper: false, mentionsName: false };
    const overEnglish = { ...evidence, sentenceTopByLanguage: { en: 0.66, zh: 0.5 } };
    const overChinese = { ...evidence, sentenceTopByLanguage: { zh: 0.66, en: 0.6 } };
    // Unrelated English questions come 0.14 closer to this corpus's English passages than to the seed's Chinese ones.
    const beside = shifted(THRESHOLDS, { en: 0.14 });
    assert.equal(isCovered(overEnglish, beside), false, '0.66 over English text is 0.52 as the seed measures it');
    assert.equal(isCovered(overChinese, beside), true, 'a sentence of the Chinese digest keeps its similarity');
    assert.equal(isCovered(overEnglish, THRESHOLDS), true);
  });

  test('counts false refusals and answered off-topic questions, each under its own corpus shift', () => {
    const cases = [
      question('a', false, 0.65, 0), // strong sentence: answered
      question('a', false, 0.65, 0, 0.05), // the same over a corpus where unrelated questions look closer: refused
      question('a', true, 0.59, 0.4), // off-topic, answered by similarity and words together
      question('a', true, 0.4, 0.1), // off-topic, refused
    ];
    const result = evaluateThresholds(cases, THRESHOLDS);
    assert.deepEqual(result.falseRefusals, [cases[1]]);
    assert.deepEqual(result.answeredOffTopic, [cases[2]]);
    assert.equal(result.cost, 3, 'an answered off-topic question counts twice');
  });

  test('the search finds a setting that separates separable questions, and leave-one-digest-out uses only the others', () => {
    const digest = (name: string) => [question(name, false, 0.66, 0.5), question(name, false, 0.61, 0.5), question(name, true, 0.55, 0.1)];
    const cases = [...digest('a'), ...digest('b'), ...digest('c')];
    const [best] = searchThresholds(cases);
    assert.equal(best!.cost, 0);
    // Current thresholds too strict for the 0.61 questions; chosen on the other two digests, each digest is decided right.
    const strict = { ...THRESHOLDS, strongSentence: 0.7, sentence: 0.65 };
    for (const figure of leaveOneDigestOutCoverage(cases, strict)) {
      assert.deepEqual(figure.current, { falseRefusals: 1, answeredOffTopic: 0 }, figure.digest);
      assert.deepEqual(figure.heldOut, { falseRefusals: 0, answeredOffTopic: 0 }, figure.digest);
      assert.deepEqual([figure.answerable, figure.offTopic], [2, 1]);
    }
  });
});
