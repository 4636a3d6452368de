import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isSameLocalDay,
  localDate,
  nextSlot,
  parseScheduleInput,
  parseTimeZone,
  PotdConfigError,
  previousSlot,
  validateCron,
} from '../src/potd/schedule.ts';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | undefined) => date?.toISOString();

describe('slots in a time zone', () => {
  const shanghai = { cron: '0 9 * * *', timeZone: 'Asia/Shanghai' };

  it('puts 09:00 in Shanghai at 01:00 UTC', () => {
    assert.equal(iso(nextSlot(shanghai, at('2023-05-01T00:30:00Z'))), '2023-05-01T01:00:00.000Z');
    assert.equal(iso(previousSlot(shanghai, at('2023-05-01T00:30:00Z'))), '2023-04-30T01:00:00.000Z');
  });

  it('counts a slot as passed from its very instant, and the next one as strictly later', () => {
    const slot = at('2023-05-01T01:00:00.000Z');
    assert.equal(iso(previousSlot(shanghai, slot)), slot.toISOString());
    assert.equal(iso(nextSlot(shanghai, slot)), '2023-05-02T01:00:00.000Z');
    assert.equal(iso(previousSlot(shanghai, new Date(slot.getTime() - 1))), '2023-04-30T01:00:00.000Z');
  });

  it('defaults to UTC-like behaviour in UTC', () => {
    assert.equal(iso(nextSlot({ cron: '0 9 * * *', timeZone: 'UTC' }, at('2023-05-01T09:00:00Z'))), '2023-05-02T09:00:00.000Z');
  });

  // 2023-03-12 New York springs forward (02:00 EST → 03:00 EDT); 2023-11-05 it falls back (02:00 EDT → 01:00 EST).
  const newYorkCases = [
    [
      'keeps 09:00 local across spring-forward (14:00 → 13:00 UTC)',
      '0 9 * * *',
      '2023-03-11T00:00:00Z',
      ['2023-03-11T14:00:00.000Z', '2023-03-12T13:00:00.000Z'],
    ],
    [
      'posts a time missing on spring-forward day right after the gap, once',
      '30 2 * * *',
      '2023-03-11T12:00:00Z',
      ['2023-03-12T07:00:00.000Z', '2023-03-13T06:30:00.000Z'],
    ],
    [
      'posts a time that occurs twice on fall-back day only at its first occurrence',
      '30 1 * * *',
      '2023-11-05T04:00:00Z',
      ['2023-11-05T05:30:00.000Z', '2023-11-06T06:30:00.000Z'],
    ],
  ] as const;
  for (const [title, cron, from, expected] of newYorkCases) {
    it(title, () => {
      const schedule = { cron, timeZone: 'America/New_York' };
      const first = nextSlot(schedule, at(from));
      assert.deepEqual([iso(first), iso(nextSlot(schedule, first!))], expected);
    });
  }

  it('handles seconds-level crons', () => {
    const everyTwoSeconds = { cron: '*/2 * * * * *', timeZone: 'UTC' };
    assert.equal(iso(previousSlot(everyTwoSeconds, at('2023-05-01T00:00:03.500Z'))), '2023-05-01T00:00:02.000Z');
    assert.equal(iso(nextSlot(everyTwoSeconds, at('2023-05-01T00:00:03.500Z'))), '2023-05-01T00:00:04.000Z');
  });
});

describe('local days', () => {
  it('dates an instant in the zone, not in UTC', () => {
    assert.equal(localDate(at('2023-05-01T17:00:00Z'), 'Asia/Shanghai'), '2023-05-02');
    assert.equal(localDate(at('2023-05-01T17:00:00Z'), 'UTC'), '2023-05-01');
  });

  it('tells whether a missed slot is still the same local day', () => {
    const slot = at('2023-05-01T01:00:00Z'); // 09:00 in Shanghai
    assert.ok(isSameLocalDay(slot, at('2023-05-01T15:59:59Z'), 'Asia/Shanghai'));
    assert.ok(!isSameLocalDay(slot, at('2023-05-01T16:00:00Z'), 'Asia/Shanghai')); // 00:00 next day there
    assert.ok(isSameLocalDay(slot, at('2023-05-01T16:00:00Z'), 'UTC'));
  });
});

describe('validating what an admin typed', () => {
  it('turns a time of day into a daily cron', () => {
    assert.equal(parseScheduleInput('09:30'), '30 9 * * *');
    assert.equal(parseScheduleInput(' 9:05 '), '5 9 * * *');
    assert.equal(parseScheduleInput('21:05:30'), '30 5 21 * * *');
  });

  it('accepts cron expressions with or without seconds', () => {
    assert.equal(parseScheduleInput('0 9 * * 1-5'), '0 9 * * 1-5');
    assert.equal(parseScheduleInput('*/2  * * * * *'), '*/2 * * * * *');
  });

  it('rejects impossible times with the allowed ranges', () => {
    assert.throws(
      () => parseScheduleInput('25:00'),
      (error: Error) => {
        assert.ok(error instanceof PotdConfigError);
        assert.match(error.message, /"25:00" is not a time of day: hours go from 0 to 23/);
        return true;
      },
    );
  });

  it('rejects broken cron expressions and says what is accepted', () => {
    for (const [input, reason] of [
      ['61 * * * *', /Invalid value for minute: 61/],
      ['0 9 * *', /exactly five, six, or seven/],
      ['every day', /"every day" is not a valid schedule/],
      ['0 0 0 1 1 * 2030', /requires exactly 5 or 6 parts/],
    ] as const) {
      assert.throws(
        () => validateCron(input),
        (error: Error) => {
          assert.ok(error instanceof PotdConfigError, input);
          assert.match(error.message, reason);
          assert.match(error.message, /e\.g\. "30 9 \* \* \*"/);
          return true;
        },
      );
    }
  });

  it('rejects a cron that never fires', () => {
    assert.throws(() => validateCron('0 0 30 2 *'), /"0 0 30 2 \*" never fires/);
  });

  it('canonicalises known time zones and rejects unknown ones', () => {
    assert.equal(parseTimeZone('asia/shanghai'), 'Asia/Shanghai');
    assert.equal(parseTimeZone('UTC'), 'UTC');
    assert.throws(() => parseTimeZone('Mars/Olympus_Mons'), /"Mars\/Olympus_Mons" is not a time zone I know: use an IANA name/);
    assert.throws(() => parseTimeZone('  '), PotdConfigError);
  });

  it('says each refusal in Chinese too, its message staying the English one', () => {
    const said = (refuse: () => unknown) => {
      try {
        refuse();
      } catch (error) {
        assert.ok(error instanceof PotdConfigError);
        assert.equal(error.message, error.say('en'));
        return error.say('zh');
      }
      assert.fail('not refused');
    };
    assert.equal(
      said(() => parseScheduleInput('25:00')),
      '「25:00」不是一天中的时刻：小时为 0 到 23，分钟和秒为 0 到 59。',
    );
    assert.match(
      said(() => validateCron('every day')),
      /^「every day」不是有效的时间表：.+。请输入时刻，如 "09:30"/u,
    );
    assert.match(
      said(() => validateCron('0 0 30 2 *')),
      /^「0 0 30 2 \*」永远不会触发（没有这样的日期）。请输入时刻/u,
    );
    assert.match(
      said(() => parseTimeZone('Mars/Olympus_Mons')),
      /^我不认识「Mars\/Olympus_Mons」这个时区/u,
    );
  });
});
