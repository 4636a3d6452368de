/** What `npm run eval -- --digests <dir>` reports: per digest and all together, and leave-one-digest-out. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDigests, type DigestsReport } from '../src/eval/digests.ts';
import { scoreAnswers, type AnswerQuestion, type ReadAnswer } from '../src/eval/metrics.ts';

const answer = (text: string, answered = true, section = 1): ReadAnswer => ({ answered, answer: text, citations: [{ section, text }] });

describe('the answer-level report of a digest', () => {
  const questions: AnswerQuestion[] = [
    { q: 'How big?', sections: [1], groups: [['48 GB']] },
    { q: 'Who made it?', sections: [1], groups: [['Meta']] },
    { q: 'Why?', sections: [1], groups: [['because']] },
    { q: 'Weather in Berlin?', refuse: true },
  ];

  it('counts the facts stated, the answerable questions refused and the off-topic ones refused', () => {
    const report = scoreAnswers(questions, [
      answer('It needs 48 GB.'),
      answer('The digest does not cover this.', false),
      answer('No reason given.'),
      answer('The digest does not cover this.', false),
    ]);
    assert.deepEqual([report.questions, report.factRate, report.falselyRefused, report.refused, report.refusable], [3, 1 / 3, 1, 1, 1]);
    assert.deepEqual(
      report.failures.map((f) => f.q),
      ['Who made it?', 'Why?'],
    );
  });

  it('is printed per digest, all together and held out', () => {
    const alone = scoreAnswers(questions, [answer('48 GB'), answer('Meta'), answer('because'), answer('no', false)]);
    const together = scoreAnswers(questions, [answer('48 GB'), answer('x', false), answer('x'), answer('sunny')]);
    const report: DigestsReport = {
      digests: [
        { digest: 'a', alone, together },
        { digest: 'b', alone: together, together },
      ],
      own: { file: 'test/fixtures/answers.jsonl', together: alone },
      heldOut: [
        { digest: 'a', questions: 3, current: 1, heldOut: 2 / 3 },
        { digest: 'b', questions: 3, current: 1 / 3, heldOut: 1 / 3 },
      ],
    };
    assert.deepEqual(describeDigests(report, false).slice(1), [
      'a | 1.00 (3/3), 0, 1/1 | 0.33 (1/3), 1, 0/1',
      'b | 0.33 (1/3), 1, 0/1 | 0.33 (1/3), 1, 0/1',
      'all 2 digests | mean 0.67, 1, 1/2 | mean 0.33, 2, 0/2',
      "answers.jsonl (the project's own digest) | - | 1.00 (3/3), 0, 1/1",
      '',
      'leave-one-digest-out, each digest alone | questions | quotes state the facts: current weights, weights fitted on the other digests',
      'a | 3 | 1.00, 0.67',
      'b | 3 | 0.33, 0.33',
      'mean | 6 | 0.67, 0.50',
    ]);
  });
});
