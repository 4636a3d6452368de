/** The fake Discord itself, driven by a bare discord.js client: the ground the end-to-end tests stand on. */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Client, Events, GatewayIntentBits, type Message } from 'discord.js';
import { FakeDiscord, INTENTS } from './support/fake-discord.ts';

const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

async function connect(fake: FakeDiscord, options: { shards?: 'auto'; token?: string } = {}): Promise<Client> {
  const client = new Client({ intents, rest: { api: fake.apiBase }, ...(options.shards && { shards: options.shards }) });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(options.token ?? fake.token);
  await ready;
  return client;
}

describe('fake Discord', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('serves READY and GUILD_CREATE, records REST calls and identifies with the requested intents', async () => {
    const fake = await FakeDiscord.start();
    const client = await connect(fake);
    cleanups.push(
      () => fake.close(),
      () => client.destroy(),
    );

    assert.equal(client.user?.id, fake.botUser.id);
    assert.equal(client.application?.id, fake.applicationId);
    assert.ok(client.channels.cache.has(fake.channel('general').id));
    assert.equal(fake.sessions[0]!.intents, INTENTS.Guilds | INTENTS.GuildMessages | INTENTS.MessageContent);

    const received = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
    fake.sendMessage({ channelId: fake.channel('general').id, content: 'hello' });
    assert.equal((await received).content, 'hello');

    await (client.channels.cache.get(fake.channel('general').id) as { send(text: string): Promise<unknown> }).send('hi');
    const post = await fake.waitForCall((call) => call.method === 'POST', { since: 0 });
    assert.equal(post.path, `/channels/${fake.channel('general').id}/messages`);
    assert.equal(post.body.content, 'hi');
    fake.assertNoUnknownRoutes();
  });

  test('records unknown routes, retries an injected 429 and surfaces an injected 5xx after retries', async () => {
    const fake = await FakeDiscord.start();
    const client = await connect(fake);
    cleanups.push(
      () => fake.close(),
      () => client.destroy(),
    );

    await assert.rejects(client.rest.get('/nowhere'));
    assert.deepEqual(fake.unknownRoutes, ['GET /nowhere']);
    assert.throws(() => fake.assertNoUnknownRoutes(), /unknown REST routes/);
    fake.unknownRoutes.length = 0;

    const channelId = fake.channel('general').id;
    fake.failNext('POST', /\/messages$/, { status: 429, retryAfter: 0.05 });
    const since = fake.calls.length;
    await client.rest.post(`/channels/${channelId}/messages`, { body: { content: 'after 429' } });
    assert.deepEqual(
      fake.calls.slice(since).map((call) => call.status),
      [429, 200],
    );

    // discord.js retries a 5xx three times before giving up.
    for (let i = 0; i < 4; i++) fake.failNext('POST', /\/messages$/, { status: 502 });
    await assert.rejects(
      client.rest.post(`/channels/${channelId}/messages`, { body: { content: 'x' } }),
      (error: Error & { status?: number }) => error.status === 502,
    );
  });

  test('a wrong token is rejected with 401, which discord.js reports as TokenInvalid', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const client = new Client({ intents, rest: { api: fake.apiBase } });
    await assert.rejects(client.login('wrong.token.value'), (error: Error & { code?: string }) => error.code === 'TokenInvalid');
    await client.destroy();
  });

  test('honours shard: [id, count] — each shard gets only its own guilds and their events', async () => {
    const fake = await FakeDiscord.start({ guildCount: 4, recommendedShards: 2 });
    const client = await connect(fake, { shards: 'auto' });
    cleanups.push(
      () => fake.close(),
      () => client.destroy(),
    );

    assert.deepEqual(fake.sessions.map((s) => s.shard).sort(), [
      [0, 2],
      [1, 2],
    ]);
    assert.equal(client.guilds.cache.size, 4);
    for (const [index, guild] of fake.guilds.entries()) {
      assert.equal(client.guilds.cache.get(guild.id)?.shardId, index % 2, `guild ${index} on shard ${index % 2}`);
    }

    const received = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
    fake.sendMessage({ channelId: fake.channel('general', 3).id, content: 'to shard 1', guildIndex: 3 });
    const message = await received;
    assert.equal(message.guild?.shardId, 1);
  });
});
