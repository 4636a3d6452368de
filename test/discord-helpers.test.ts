/** The small pure helpers of the Discord layer: mentions, rate limiting, button ids. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFeedbackId } from '../src/discord/components/feedback.ts';
import { originalButton, parseOriginalId } from '../src/discord/components/original.ts';
import { questionFromContent, quoteUserText, stripBotMention } from '../src/discord/mentions.ts';
import { RateLimiter } from '../src/discord/rate-limit.ts';
import { ChannelTyping } from '../src/discord/typing.ts';

const BOT = '123456789012345678';

describe('mentions', () => {
  test('stripBotMention removes both mention forms anywhere in the text', () => {
    assert.equal(stripBotMention(`<@${BOT}> QLoRA 是什么？`, BOT), 'QLoRA 是什么？');
    assert.equal(stripBotMention(`QLoRA <@!${BOT}> 是什么？`, BOT), 'QLoRA 是什么？');
    assert.equal(stripBotMention('<@999999999999999999> hi', BOT), '<@999999999999999999> hi');
  });

  test('questionFromContent drops other mentions and defuses @everyone/@here', () => {
    assert.equal(
      questionFromContent(`<@${BOT}> @everyone <@&234567890123456789> <@345678901234567890> <#456789012345678901> 问 @here`, BOT),
      '@\u200beveryone 问 @\u200bhere',
    );
    assert.equal(questionFromContent(`<@${BOT}>`, BOT), '');
  });

  test('zero-width characters are removed, not made spaces: they neither split words nor hide a mention', () => {
    assert.equal(questionFromContent(`<@${BOT}> Q\u200bL\u200co\u200dR\u2060A\ufeff 是什么\u00ad？`, BOT), 'QLoRA 是什么？');
    assert.equal(questionFromContent(`<@${BOT}>\u200b`, BOT), '');
    assert.equal(questionFromContent(`@\u200beveryone <@\u200b${BOT}> hi`, BOT), '@\u200beveryone hi');
    // Other control characters stay, for cleanQuestion to make them spaces.
    assert.equal(stripBotMention(`<@${BOT}> QLoRA\tvs\u0007LoRA`, BOT), 'QLoRA\tvs\u0007LoRA');
  });

  test('quoteUserText repeats text as typed but inert: Markdown, masked links and mentions shown as text', () => {
    assert.equal(
      quoteUserText(
        '[click](https://evil.example) **bold** `code` ||spoiler|| @everyone @here <@234567890123456789> <@&345678901234567890> <#456789012345678901>',
      ),
      '\\[click](https://evil.example) \\*\\*bold\\*\\* \\`code\\` \\|\\|spoiler\\|\\| @\u200beveryone @\u200bhere ' +
        '<@\u200b234567890123456789> <@&\u200b345678901234567890> <#\u200b456789012345678901>',
    );
    assert.equal(quoteUserText('QLoRA 2305.14314'), 'QLoRA 2305.14314');
  });
});

describe('RateLimiter', () => {
  test('allows N questions per window per user, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(2, 60_000, () => now);
    assert.deepEqual(limiter.take('a'), { allowed: true });
    now += 10_000;
    assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterMs: 50_000, notify: true });
    assert.deepEqual(limiter.take('b'), { allowed: true }, 'other users are not affected');
    now += 50_000;
    assert.deepEqual(limiter.take('a'), { allowed: true }, 'the oldest question left the window');
  });

  test('tells a user once per window that they are limited, then refuses silently', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    const decisions = Array.from({ length: 60 }, () => limiter.take('spammer'));
    assert.equal(decisions.filter((decision) => decision.allowed).length, 2);
    assert.equal(decisions.filter((decision) => !decision.allowed && decision.notify).length, 1);
    assert.deepEqual(decisions[2], { allowed: false, retryAfterMs: 60_000, notify: true });
    now = 59_999;
    assert.deepEqual(limiter.take('spammer'), { allowed: false, retryAfterMs: 1, notify: false }, 'still the same window');
    now = 60_000;
    assert.deepEqual(limiter.take('spammer'), { allowed: true });
    assert.deepEqual(limiter.take('spammer'), { allowed: true });
    assert.deepEqual(limiter.take('spammer'), { allowed: false, retryAfterMs: 60_000, notify: true }, 'a new window, a new notice');
  });

  test('a notice given less than a window ago is not repeated, even once the user had room again', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 10_000, () => now);
    limiter.take('a');
    now = 9_000;
    assert.equal(limiter.take('a').allowed, false, 'noticed at 9 s');
    now = 10_000;
    assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterMs: 10_000, notify: false });
    now = 19_000;
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterMs: 1_000, notify: true });
  });

  test('forgets users idle for a whole window', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1000, () => now);
    for (let i = 0; i < 100; i++) limiter.take(`user-${i}`);
    now += 1000;
    limiter.take('late');
    assert.equal(limiter.trackedUsers, 1);
  });
});

describe('ChannelTyping', () => {
  test('one typing request per channel however many questions are pending there, again once all are answered', async () => {
    const requests: string[] = [];
    const channel = (id: string) => ({ id, sendTyping: async () => void requests.push(id) });
    const typing = new ChannelTyping();
    let finish!: () => void;
    const open = new Promise<void>((resolve) => (finish = resolve));
    const pending = [typing.during(channel('a'), () => open), typing.during(channel('a'), () => open), typing.during(channel('b'), () => open)];
    finish();
    await Promise.all(pending);
    assert.deepEqual(requests, ['a', 'b']);
    assert.equal(await typing.during(channel('a'), async () => 'answer'), 'answer');
    assert.deepEqual(requests, ['a', 'b', 'a']);
  });
});

describe('feedback custom ids', () => {
  test('parses up/down votes and rejects anything else', () => {
    assert.deepEqual(parseFeedbackId('feedback:up:0f8c-42'), { vote: 'up', answerId: '0f8c-42' });
    assert.deepEqual(parseFeedbackId('feedback:down:abc'), { vote: 'down', answerId: 'abc' });
    assert.equal(parseFeedbackId('feedback:maybe:abc'), undefined);
    assert.equal(parseFeedbackId('potd:up:abc'), undefined);
  });

  test('"Show original" names the answer, and parses back to it', () => {
    const id = '0f8c2d1e-9b7a-4c3d-8e5f-1a2b3c4d5e6f';
    const customId = originalButton(id, 'en').toJSON();
    assert.ok('custom_id' in customId);
    assert.equal(parseOriginalId(customId.custom_id), id);
    assert.ok(customId.custom_id.length <= 100);
    assert.equal(parseOriginalId('feedback:up:abc'), undefined);
    assert.equal(parseOriginalId('original:'), undefined);
  });
});
