/**
 * /digest and /digest-config end to end: the real discord.js client and the real answering pool (a worker thread with
 * the model, which reads previews and builds indexes), against the fake Discord with attachments served from it on
 * 127.0.0.1. A digest added in one server answers there within the same test, and appears in no other server's
 * answers, /paper, autocomplete or catalogue; bad input gets a clear private reply and changes nothing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import type { RunningBot } from '../src/discord/bot.ts';
import { GuildDigestStore } from '../src/guild-digests/store.ts';
import { MAX_UPLOAD_BYTES } from '../src/guild-digests/upload.ts';
import type { QaPool } from '../src/workers/qa-pool.ts';
import path from 'node:path';
import { ROOT } from './support/core.ts';
import { addDigest, clickDigestButton, privateReply, removeDigest, startDigestBot, type DigestActor } from './support/digest-commands.ts';
import { FakeDiscord, type FakeInteraction, type FakeUser } from './support/fake-discord.ts';

const NOTES_FILE = path.join(ROOT, 'test/fixtures/guild-digests/sequence-models.md');
const NOTES_TITLE = 'Sequence models after attention';
const MAMBA_QUESTION = 'How much higher is the inference throughput of Mamba than that of Transformers?';
const GUILD_LIMIT = 2;

describe('/digest end to end', () => {
  let fake: FakeDiscord;
  let pool: QaPool;
  let bot: RunningBot;
  let store: GuildDigestStore;
  let admin: FakeUser;
  let member: FakeUser;

  before(async () => {
    fake = await FakeDiscord.start({ guildCount: 2 });
    const started = await startDigestBot(fake, { GUILD_DIGEST_LIMIT: String(GUILD_LIMIT), DIGEST_DOWNLOAD_TIMEOUT_SECONDS: '1' });
    ({ pool, bot } = started);
    store = new GuildDigestStore(started.config.dataDir);
    admin = fake.user('admin');
    member = fake.user('member');
  });

  after(async () => {
    await bot.stop();
    await pool.close();
    await fake.close();
  });

  afterEach(() => fake.assertNoUnknownRoutes());

  /** /digest add with `file` attached, in the English client of `admin` unless told otherwise. */
  const add = (attachment: { id: string }, extra: Partial<DigestActor> & { title?: string } = {}) =>
    addDigest(fake, attachment, { user: admin, ...extra });
  const click = (customId: string, extra: Partial<DigestActor> = {}) => clickDigestButton(fake, customId, { user: admin, ...extra });

  /** /ask in guild `guildIndex`: the whole answer, every part of it (the last one carries the feedback buttons). */
  async function ask(question: string, guildIndex: number): Promise<string> {
    const interaction = fake.sendSlashCommand({
      name: 'ask',
      options: [{ name: 'question', type: 3, value: question }],
      guildIndex,
      locale: 'en-US',
    });
    await interaction.callback();
    const parts = [(await interaction.editedOriginal()).body];
    const webhook = `/webhooks/${fake.applicationId}/${interaction.token}`;
    for (let since = interaction.since; !parts.at(-1).components?.length;) {
      const followUp = await fake.waitForCall((c) => c.method === 'POST' && c.path === webhook, { since });
      since = fake.calls.indexOf(followUp) + 1;
      parts.push(followUp.body);
    }
    return parts.map((part: { content: string }) => part.content).join('\n');
  }

  async function paper(query: string, guildIndex: number) {
    const reply = await fake
      .sendSlashCommand({ name: 'paper', options: [{ name: 'query', type: 3, value: query }], guildIndex, locale: 'en-US' })
      .callback();
    return reply.body.data as { content?: string; embeds?: { title: string }[] };
  }

  async function suggestions(typed: string, guildIndex: number): Promise<string[]> {
    const reply = await fake.sendAutocomplete({ name: 'paper', option: 'query', value: typed, guildIndex, locale: 'en-US' }).callback();
    return (reply.body.data.choices as { name: string }[]).map((choice) => choice.name);
  }

  it('previews an attachment, adds it on Confirm, and answers from it in that server at once', async () => {
    assert.doesNotMatch(await ask(MAMBA_QUESTION, 0), /five times/u);
    const preview = await privateReply(add(fake.attach('sequence-models.md', { bytes: fs.readFileSync(NOTES_FILE) })));
    assert.match(preview.content, new RegExp(`^“${NOTES_TITLE}” \\(English \\(en\\)\\), 3 papers found:\\n1\\. Mamba: Linear-Time`, 'u'));
    assert.match(preview.content, /3\. Retentive Network/u);
    const [confirm, cancel] = preview.buttons;
    assert.match(confirm!, /^digest:add:/u);
    assert.match(cancel!, /^digest:cancel:/u);
    assert.deepEqual(store.list(fake.guilds[0]!.id), [], 'nothing is added before the confirm');

    assert.equal(await click(confirm!), `Added “${NOTES_TITLE}” (3 papers). Questions in this server now use it.`);
    assert.match(await ask(MAMBA_QUESTION, 0), /five times higher/u);
    // A second click on the same Confirm adds nothing.
    assert.match(await click(confirm!), /^This preview has expired/u);
    assert.equal(store.list(fake.guilds[0]!.id).length, 1);
  });

  it('keeps the digest out of every other server: answers, /paper, autocomplete and the catalogue', async () => {
    assert.doesNotMatch(await ask(MAMBA_QUESTION, 1), /five times/u);
    assert.match((await paper('Mamba', 0)).embeds?.[0]?.title ?? '', /Mamba/u);
    assert.equal((await paper('Mamba', 1)).embeds, undefined);
    assert.ok((await suggestions('Mamba', 0)).some((name) => name.includes('Mamba')));
    assert.ok(!(await suggestions('Mamba', 1)).some((name) => name.includes('Mamba')));
    assert.match(await ask('What are all the papers?', 0), new RegExp(`“${NOTES_TITLE}” covers 3 papers`, 'u'));
    assert.doesNotMatch(await ask('What are all the papers?', 1), /Sequence models|Mamba/u);
    // What the paper of the day draws from in each server (the scheduler is given exactly this).
    const potdPapers = (guildIndex: number) => bot.context.guildDigests.papersInScope(pool.papers, fake.guilds[guildIndex]!.id);
    assert.ok(potdPapers(0).some((p) => p.arxivId === '2312.00752'));
    assert.ok(!potdPapers(1).some((p) => p.arxivId === '2312.00752'));
  });

  it('lists and shows the digests of the server asked in', async () => {
    const list = await privateReply(fake.sendSlashCommand({ name: 'digest', subcommand: 'list', user: member, locale: 'en-US', permissions: '0' }));
    assert.match(
      list.content,
      new RegExp(`^This server's own digests \\(1\\):\\n• “${NOTES_TITLE}” · English \\(en\\) · 3 papers · added \\d{4}-\\d\\d-\\d\\d$`, 'u'),
    );
    const elsewhere = await privateReply(fake.sendSlashCommand({ name: 'digest', subcommand: 'list', guildIndex: 1, locale: 'en-US' }));
    assert.match(elsewhere.content, /^This server has no digests of its own yet/u);
    const choices = await fake.sendAutocomplete({ name: 'digest', subcommand: 'show', option: 'digest', value: 'seq', locale: 'en-US' }).callback();
    const [choice] = choices.body.data.choices as { name: string; value: string }[];
    assert.equal(choice?.name, NOTES_TITLE);
    const shown = await privateReply(
      fake.sendSlashCommand({ name: 'digest', subcommand: 'show', options: [{ name: 'digest', type: 3, value: choice.value }] }),
    );
    assert.match(shown.content, /^《Sequence models after attention》收录 3 篇论文：\n1\. Mamba/u);
  });

  it('refuses bad input privately and changes nothing', async () => {
    const refusal = async (interaction: FakeInteraction) => (await privateReply(interaction)).content;
    assert.match(await refusal(add(fake.attach('paper.pdf', { bytes: Buffer.from('%PDF-1.7') }))), /export it as Markdown or text/u);
    assert.match(await refusal(add(fake.attach('notes.docx', { bytes: Buffer.from('PK') }))), /export it as Markdown or text/u);
    assert.match(await refusal(add(fake.attach('figure.png', { bytes: Buffer.from([0x89]) }))), /export it as Markdown or text/u);
    assert.match(await refusal(add(fake.attach('big.md', { bytes: Buffer.alloc(10) }, MAX_UPLOAD_BYTES + 1))), /over 1 MB/u);
    // Declared small, but more comes: counted while downloading.
    assert.match(await refusal(add(fake.attach('liar.md', { bytes: Buffer.alloc(MAX_UPLOAD_BYTES + 10, 'a') }, 100))), /over 1 MB/u);
    assert.match(
      await refusal(add(fake.attach('prose.md', { bytes: Buffer.from('Only a paragraph.\n\nAnother.\n') }))),
      /No paper sections found: each paper needs a heading/u,
    );
    assert.match(await refusal(add(fake.attach('latin1.txt', { bytes: Buffer.from([0x31, 0x29, 0x20, 0xe9, 0x74, 0xe9]) }))), /not UTF-8/u);
    assert.match(await refusal(add(fake.attach('gone.md', { status: 404 }))), /could not be downloaded/u);
    assert.match(await refusal(add(fake.attach('slow.md', { hang: true }))), /more than 1 s to download/u);
    assert.match(
      await refusal(add(fake.attach('n.md', { bytes: fs.readFileSync(NOTES_FILE) }), { permissions: '0' })),
      /^Only members with the Manage Server permission/u,
    );
    assert.equal(store.list(fake.guilds[0]!.id).length, 1);
    assert.deepEqual(store.list(fake.guilds[1]!.id), []);
  });

  it('offers to replace a digest of the same title, and refuses past the limit', async () => {
    const again = await privateReply(add(fake.attach('sequence-models.md', { bytes: fs.readFileSync(NOTES_FILE) })));
    assert.match(again.content, new RegExp(`This server already has a digest called “${NOTES_TITLE}”. Replace it with this file\\?$`, 'u'));
    assert.match(again.buttons[0]!, /^digest:replace:/u);
    assert.equal(await click(again.buttons[0]!), `Added “${NOTES_TITLE}” (3 papers). Questions in this server now use it.`);
    assert.equal(store.list(fake.guilds[0]!.id).length, 1);

    const second = await privateReply(add(fake.attach('n.md', { bytes: fs.readFileSync(NOTES_FILE) }), { title: 'Second copy' }));
    // Two previews confirmed one after the other: the limit (2) is reached by the first.
    const third = await privateReply(add(fake.attach('n.md', { bytes: fs.readFileSync(NOTES_FILE) }), { title: 'Third copy' }));
    const [one, two] = await Promise.all([click(second.buttons[0]!), click(third.buttons[0]!)]);
    assert.deepEqual([one, two].sort(), [
      'Added “Second copy” (3 papers). Questions in this server now use it.',
      `This server has ${GUILD_LIMIT} digests, its limit. Remove one with /digest remove first.`,
    ]);
    assert.equal(store.list(fake.guilds[0]!.id).length, GUILD_LIMIT);
  });

  it('of two members adding the same title at once, adds one and offers the other a replacement', async () => {
    const preview = () => privateReply(add(fake.attach('n.md', { bytes: fs.readFileSync(NOTES_FILE) }), { title: 'Same title', guildIndex: 1 }));
    const [first, second] = [await preview(), await preview()];
    const replies = await Promise.all([click(first.buttons[0]!, { guildIndex: 1 }), click(second.buttons[0]!, { guildIndex: 1 })]);
    assert.deepEqual(replies.sort(), [
      'Added “Same title” (3 papers). Questions in this server now use it.',
      'This server already has a digest called “Same title”. Replace it with this file?',
    ]);
    // The one told offers Replace: the edit of its reply carries the button.
    const offer = fake.calls.filter((call) => call.method === 'PATCH' && /Replace it with this file\?$/u.test(call.body?.content ?? '')).at(-1)!;
    const replace = offer.body.components[0].components[0].custom_id as string;
    assert.match(replace, /^digest:replace:/u);
    assert.equal(await click(replace, { guildIndex: 1 }), 'Added “Same title” (3 papers). Questions in this server now use it.');
    assert.deepEqual(
      store.list(fake.guilds[1]!.id).map((d) => d.title),
      ['Same title'],
    );
  });

  it('lets a role chosen with /digest-config manage digests, and cancels on Cancel', async () => {
    const editors = fake.role('editors');
    const set = await privateReply(
      fake.sendSlashCommand({ name: 'digest-config', subcommand: 'role', options: [{ name: 'role', type: 8, value: editors.id }], locale: 'en-US' }),
    );
    assert.equal(set.content, `Saved: members with <@&${editors.id}> may add and remove digests too.`);
    const preview = await privateReply(
      add(fake.attach('n.md', { bytes: fs.readFileSync(NOTES_FILE) }), { title: 'By an editor', permissions: '0', roles: [editors.id] }),
    );
    assert.match(preview.buttons[1]!, /^digest:cancel:/u);
    assert.equal(await click(preview.buttons[1]!), 'Cancelled: nothing changed.');
    assert.ok(!store.list(fake.guilds[0]!.id).some((d) => d.title === 'By an editor'));
  });

  it('removes digests after a confirm, and the server no longer answers from them', async () => {
    const guild = fake.guilds[0]!.id;
    for (const title of [NOTES_TITLE, 'Second copy']) {
      const { name } = store.list(guild).find((d) => d.title === title)!;
      const asked = await privateReply(removeDigest(fake, name, { user: admin }));
      assert.equal(asked.content, `Remove “${title}”? Its notes will no longer be used in answers.`);
      assert.deepEqual(asked.buttons, [`digest:remove:${name}`, 'digest:cancel:-']);
      assert.ok(
        store.list(guild).some((d) => d.name === name),
        'nothing removed before the confirm',
      );
      assert.equal(await click(asked.buttons[0]!), `Removed “${title}”: answers no longer quote it.`);
      assert.ok(!store.list(guild).some((d) => d.name === name));
    }
    assert.doesNotMatch(await ask(MAMBA_QUESTION, 0), /five times/u);
    assert.equal((await paper('Mamba', 0)).embeds, undefined);
  });
});
