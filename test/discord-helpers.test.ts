/** The small pure helpers of the Discord layer: mentions, rate limiting, conversation memory, feedback ids. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFeedbackId } from '../src/discord/components/feedback.ts';
import { ConversationMemory } from '../src/discord/conversation.ts';
import { questionFromContent, stripBotMention } from '../src/discord/mentions.ts';
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
});

describe('RateLimiter', () => {
  test('allows N questions per window per user, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(2, 60_000, () => now);
    assert.deepEqual(limiter.take('a'), { allowed: true });
    now += 10_000;
    assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterMs: 50_000 });
    assert.deepEqual(limiter.take('b'), { allowed: true }, 'other users are not affected');
    now += 50_000;
    assert.deepEqual(limiter.take('a'), { allowed: true }, 'the oldest question left the window');
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

describe('ConversationMemory', () => {
  const turn = (question: string) => ({ question, citations: [{ section: 3 }] });

  test('recalls by any of the keys it was stored under, first match wins', () => {
    const memory = new ConversationMemory();
    memory.remember(['m1', 'm2', 'thread'], turn('QLoRA?'));
    assert.equal(memory.recall(undefined, 'm2')?.question, 'QLoRA?');
    assert.equal(memory.recall('nope'), undefined);
    memory.remember(['thread'], turn('显存?'));
    assert.equal(memory.recall('thread')?.question, '显存?');
    assert.equal(memory.recall('m1')?.question, 'QLoRA?');
  });

  test('is bounded, evicting the least recently used entry', () => {
    const memory = new ConversationMemory(2);
    memory.remember(['a'], turn('a'));
    memory.remember(['b'], turn('b'));
    memory.recall('a');
    memory.remember(['c'], turn('c'));
    assert.equal(memory.size, 2);
    assert.equal(memory.recall('b'), undefined);
    assert.ok(memory.recall('a') && memory.recall('c'));
  });
});

describe('feedback custom ids', () => {
  test('parses up/down votes and rejects anything else', () => {
    assert.deepEqual(parseFeedbackId('feedback:up:0f8c-42'), { vote: 'up', answerId: '0f8c-42' });
    assert.deepEqual(parseFeedbackId('feedback:down:abc'), { vote: 'down', answerId: 'abc' });
    assert.equal(parseFeedbackId('feedback:maybe:abc'), undefined);
    assert.equal(parseFeedbackId('potd:up:abc'), undefined);
  });
});
