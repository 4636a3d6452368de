import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StreamedReply, type ReplyPart, type ReplySurface } from '../src/discord/streamed-reply.ts';

/** A surface that records what it was asked to do and when; `failFirstSend` makes the first send throw after it "arrived". */
function recordingSurface(failFirstSend = false) {
  const calls: { op: 'send' | 'edit'; id: string; part: ReplyPart; at: number }[] = [];
  let failed = false;
  const surface: ReplySurface = {
    async send(part, index) {
      calls.push({ op: 'send', id: `m${index}`, part, at: Date.now() });
      if (failFirstSend && !failed) {
        failed = true;
        throw new Error('timed out (the message was created all the same)');
      }
      return `m${index}`;
    },
    async edit(id, part) {
      calls.push({ op: 'edit', id, part, at: Date.now() });
    },
  };
  return { surface, calls };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a reply a written answer streams into', () => {
  it('sends the first text at once, edits the newest text at most once per interval, ends with the final parts', async () => {
    const { surface, calls } = recordingSurface();
    let typingStopped = 0;
    const reply = new StreamedReply(surface, 100, () => typingStopped++);
    reply.update('One.');
    await wait(10);
    // Text arriving faster than the interval: only the newest is edited in, once the interval has passed.
    for (const text of ['One. Two.', 'One. Two. Three.', 'One. Two. Three. Four.']) reply.update(text);
    await wait(150);
    const ids = await reply.finish([{ content: 'One. Two. Three. Four.', embeds: [{ title: 'Sources' }] }, { content: 'more' }]);
    assert.equal(typingStopped, 1);
    assert.deepEqual(ids, ['m0', 'm1']);
    assert.deepEqual(
      calls.map((c) => [c.op, c.id, c.part.content]),
      [
        ['send', 'm0', 'One. …'],
        ['edit', 'm0', 'One. Two. Three. Four. …'],
        ['edit', 'm0', 'One. Two. Three. Four.'],
        ['send', 'm1', 'more'],
      ],
    );
    for (let i = 1; i < 3; i++) assert.ok(calls[i]!.at - calls[i - 1]!.at >= 95, `write ${i} kept the interval`);
    assert.deepEqual(calls[2]!.part.embeds, [{ title: 'Sources' }]);
  });

  it('without streamed text it only sends the parts', async () => {
    const { surface, calls } = recordingSurface();
    assert.deepEqual(await new StreamedReply(surface, 100).finish([{ content: 'quoted' }]), ['m0']);
    assert.deepEqual(
      calls.map((c) => c.op),
      ['send'],
    );
  });

  it('a first send that failed on our side is completed by editing what the repeated send returns', async () => {
    const { surface, calls } = recordingSurface(true);
    const reply = new StreamedReply(surface, 50);
    reply.update('One.');
    await wait(10);
    await reply.finish([{ content: 'final' }]);
    assert.deepEqual(
      calls.map((c) => [c.op, c.part.content]),
      [
        ['send', 'One. …'],
        ['send', 'final'],
        ['edit', 'final'],
      ],
    );
  });
});
