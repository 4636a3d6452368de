/**
 * Sloppy input: invisible characters in questions (answered end to end in test/ops-discord.test.ts), and POTD_CRON
 * written the way /potd-config time takes it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanQuestion } from '../src/answer/question.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { InvalidQuestionError } from '../src/types.ts';

describe('cleanQuestion', () => {
  test('removes zero-width characters and soft hyphens instead of splitting words at them', () => {
    assert.equal(cleanQuestion('Q\u200bL\u200bo\u200bR\u200bA 是什么？'), 'QLoRA 是什么？');
    assert.equal(cleanQuestion('\ufeffMix\u00adtral\u2060 has how many experts?\u200c\u200d'), 'Mixtral has how many experts?');
  });

  test('still makes other control and format characters spaces', () => {
    assert.equal(cleanQuestion('QLoRA\u0007vs\u202eLoRA\tmemory'), 'QLoRA vs LoRA memory');
  });

  test('a question of nothing but invisible characters is empty', () => {
    assert.throws(
      () => cleanQuestion('\u200b\u200b\ufeff'),
      (error: unknown) => error instanceof InvalidQuestionError && error.reason === 'empty',
    );
  });
});

describe('POTD_CRON', () => {
  test('takes a time of day as /potd-config time does, and a cron expression as before', () => {
    assert.equal(loadConfig({ POTD_CRON: '09:30' }).potd.cron, '30 9 * * *');
    assert.equal(loadConfig({ POTD_CRON: '21:05:30' }).potd.cron, '30 5 21 * * *');
    assert.equal(loadConfig({ POTD_CRON: '０９：３０' }).potd.cron, '30 9 * * *', 'typed with a Chinese input method');
    assert.equal(loadConfig({ POTD_CRON: '0 9 * * 1-5' }).potd.cron, '0 9 * * 1-5');
  });

  for (const [value, reason] of [
    ['25:00', /"25:00" is not a time of day: hours go from 0 to 23/u],
    ['9:30pm', /"9:30pm" is not a valid schedule/u],
    ['every morning', /"every morning" is not a valid schedule/u],
    ['61 9 * * *', /"61 9 \* \* \*" is not a valid schedule/u],
  ] as const) {
    test(`refuses ${JSON.stringify(value)} naming the variable, without recommending the value it refused`, () => {
      assert.throws(
        () => loadConfig({ POTD_CRON: value }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /POTD_CRON: /u);
          assert.match(error.message, reason);
          assert.equal(error.message.split(`"${value}"`).length - 1, 1, error.message);
          return true;
        },
      );
    });
  }
});
