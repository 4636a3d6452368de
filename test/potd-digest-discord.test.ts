/**
 * A server's own digests in its paper of the day, end to end: the real discord.js client, the real answering pool
 * (which reads the preview and indexes the digest) and the real scheduler, against the fake Discord. The scheduler's
 * clock is stepped from one daily slot to the next, so a whole rotation is posted without waiting for it: a server
 * that added a digest gets its papers among its posts, another server over the same slots never does, and once the
 * digest is removed its papers are posted nowhere.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { RunningBot } from '../src/discord/bot.ts';
import { setLogLevel } from '../src/log.ts';
import type { QaPool } from '../src/workers/qa-pool.ts';
import { ROOT, until } from './support/core.ts';
import { addDigest, clickDigestButton, privateReply, removeDigest, startDigestBot } from './support/digest-commands.ts';
import { FakeDiscord, type FakeUser } from './support/fake-discord.ts';
import { SteppedTime } from './support/locks.ts';
import { embedOf, waitForPosts } from './support/potd-posts.ts';

const NOTES_FILE = path.join(ROOT, 'test/fixtures/guild-digests/sequence-models.md');
const NOTES_TITLE = 'Sequence models after attention';
/** The papers of sequence-models.md (Mamba, RWKV, RetNet), none of which the global digests have. */
const OWN_PAPERS = ['https://arxiv.org/abs/2312.00752', 'https://arxiv.org/abs/2305.13048', 'https://arxiv.org/abs/2307.08621'];
/** One post a day at noon UTC: each step of the clock is one slot, far from midnight. */
const NOON_UTC = { POTD_CRON: '0 12 * * *', POTD_TZ: 'UTC' };
const DAY_MS = 24 * 60 * 60 * 1000;
const STEP_PAST_SLOT_MS = 60_000;

setLogLevel('error');

describe('a server’s own digests in its paper of the day', () => {
  let fake: FakeDiscord;
  let pool: QaPool;
  let bot: RunningBot;
  let time: SteppedTime;
  let admin: FakeUser;
  /** The guild that adds the digest (A) and one that does not (B), with the channel each posts to. */
  const guilds: { id: string; channelId: string; guildIndex: number }[] = [];
  /** The noon of the last slot the clock was stepped to. */
  let lastSlot: Date;

  before(async () => {
    fake = await FakeDiscord.start({ guildCount: 2 });
    time = new SteppedTime();
    ({ pool, bot } = await startDigestBot(fake, NOON_UTC, { potdTime: time }));
    admin = fake.user('admin');
    // Each server picks its channel, as an admin does; posting starts from the next slot.
    for (const guildIndex of [0, 1]) {
      const channelId = fake.channel('general', guildIndex).id;
      const set = fake.sendSlashCommand({
        name: 'potd-config',
        subcommand: 'channel',
        options: [{ name: 'channel', type: 7, value: channelId }],
        guildIndex,
      });
      await set.callback();
      await set.editedOriginal();
      guilds.push({ id: fake.guilds[guildIndex]!.id, channelId, guildIndex });
    }
    // The latest noon before now: the first step goes to the next one, after the channels were set.
    const now = time.clock.now();
    lastSlot = new Date(now);
    lastSlot.setUTCHours(12, 0, 0, 0);
    if (lastSlot >= now) lastSlot = new Date(lastSlot.getTime() - DAY_MS);
  });

  after(async () => {
    await bot.stop();
    await pool.close();
    await fake.close();
  });

  afterEach(() => {
    fake.assertNoUnknownRoutes();
    fake.assertEveryMessageNonced();
  });

  const [serverA, serverB] = [0, 1];

  /** The size of guild `index`'s rotation: the global papers and its own. */
  const rotationOf = (index: number) => bot.context.guildDigests.papersInScope(pool.papers, guilds[index]!.id).length;

  /**
   * Steps the clock over `slots` daily slots, one at a time; returns the arXiv links each guild posted, in order, and
   * the link `/potd` showed in each guild after each slot.
   */
  async function postSlots(slots: number): Promise<{ posted: string[][]; shown: string[][] }> {
    const posted: string[][] = guilds.map(() => []);
    const shown: string[][] = guilds.map(() => []);
    for (let slot = 0; slot < slots; slot++) {
      const at = new Date(lastSlot.getTime() + DAY_MS);
      // A little past the slot: a timer falls due a moment after the slot it was set for (SteppedTime counts its delay
      // from when it was set), and the slot posted is still the one at noon.
      const stepTo = new Date(at.getTime() + STEP_PAST_SLOT_MS);
      // The job arms the next slot's timer as it runs (or when a channel is set): stepping before would skip the slot.
      await until(() => time.dueBy(stepTo) > 0, `the timer of the slot at ${at.toISOString()}`);
      const since = fake.calls.length;
      await time.jumpTo(stepTo);
      lastSlot = at;
      const posts = await waitForPosts(fake, guilds.length, since);
      assert.equal(posts.length, guilds.length, 'one post per server per slot');
      for (const [index, guild] of guilds.entries()) {
        const post = posts.find((call) => call.path === `/channels/${guild.channelId}/messages`);
        assert.ok(post, `server ${index} posted in its channel at ${at.toISOString()}`);
        assert.equal(embedOf(post).timestamp, at.toISOString());
        posted[index]!.push(embedOf(post).url!);
        const today = await fake.sendSlashCommand({ name: 'potd', guildIndex: guild.guildIndex, locale: 'en-US' }).callback();
        shown[index]!.push(today.body.data.embeds[0].url);
      }
    }
    return { posted, shown };
  }

  const ownAmong = (links: readonly string[]) => links.filter((link) => OWN_PAPERS.includes(link));

  it('posts the papers of a server’s own digest in that server over a rotation, and never in another server', async () => {
    // A slot before the digest is added, so the rotation it continues was started without it.
    const before = await postSlots(1);
    const preview = await privateReply(addDigest(fake, fake.attach('sequence-models.md', { bytes: fs.readFileSync(NOTES_FILE) }), { user: admin }));
    assert.equal(
      await clickDigestButton(fake, preview.buttons[0]!, { user: admin }),
      `Added “${NOTES_TITLE}” (3 papers). Questions in this server now use it.`,
    );
    assert.equal(rotationOf(serverA), pool.papers.length + OWN_PAPERS.length);
    assert.equal(rotationOf(serverB), pool.papers.length);

    // The rest of A's rotation, which now has the digest's papers too: every paper once, its own three among them.
    const added = await postSlots(rotationOf(serverA) - 1);
    const posted = guilds.map((_, index) => [...before.posted[index]!, ...added.posted[index]!]);
    const shown = guilds.map((_, index) => [...before.shown[index]!, ...added.shown[index]!]);
    assert.equal(new Set(posted[serverA]).size, rotationOf(serverA), 'no paper twice within the rotation');
    assert.deepEqual(ownAmong(posted[serverA]!).sort(), [...OWN_PAPERS].sort());
    // B, over the same slots, went round its own rotation (and into the next) without any of them.
    assert.deepEqual(ownAmong(posted[serverB]!), []);
    assert.equal(new Set(posted[serverB]).size, pool.papers.length);
    assert.deepEqual(ownAmong(shown[serverB]!), [], '/potd in B');
    // /potd shows the paper posted that day.
    assert.deepEqual(shown, posted);
  });

  it('stops posting a digest’s papers once the server removes it', async () => {
    const [digest] = bot.context.guildDigests.list(guilds[serverA]!.id);
    const asked = await privateReply(removeDigest(fake, digest!.name, { user: admin }));
    assert.equal(await clickDigestButton(fake, asked.buttons[0]!, { user: admin }), `Removed “${NOTES_TITLE}”: answers no longer quote it.`);
    assert.equal(rotationOf(serverA), pool.papers.length);

    // More than a rotation of A, so it crosses into a new cycle too.
    const { posted, shown } = await postSlots(pool.papers.length + 1);
    assert.deepEqual(ownAmong(posted[serverA]!), []);
    assert.deepEqual(ownAmong(shown[serverA]!), [], '/potd in A');
    assert.deepEqual(ownAmong(posted[serverB]!), []);
    assert.equal(new Set(posted[serverA]).size, pool.papers.length, 'every global paper still comes up');
  });
});
