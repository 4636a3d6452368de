/**
 * A fake Discord (REST + gateway) on 127.0.0.1 for driving the real discord.js client in tests.
 * See shared/notes/fake-discord.md for the facts it is built on. It records every REST call, answers only the
 * routes it knows (anything else is recorded in `unknownRoutes` and must fail the test), can inject a 429 or 5xx
 * or hold a response (a slow Discord), honours `enforce_nonce` on message creation, and routes guild events to the
 * shard that owns the guild, as real Discord does.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { PATIENCE_MS } from './core.ts';

const DISCORD_EPOCH = 1_420_070_400_000n;
/** A timestamp divisible by every small shard count, so guild i lands on shard i % count. */
const GUILD_ID_BASE_MS = 1_000_000_000_000n;
export const INTENTS = { Guilds: 1 << 0, GuildMessages: 1 << 9, MessageContent: 1 << 15 } as const;
const ALL_PERMISSIONS = '2199023255551';
/** How long Discord remembers an enforced nonce ("the past few minutes"). */
const NONCE_WINDOW_MS = 5 * 60_000;

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** 0 text channel, 11 public thread. */
  type: number;
  parentId?: string;
}

/** Option types as Discord numbers them. */
const OPTION_SUBCOMMAND = 1;
const OPTION_CHANNEL = 7;
const OPTION_ROLE = 8;
const OPTION_ATTACHMENT = 11;

export interface FakeOption {
  name: string;
  /** 3 string, 4 integer, 5 boolean, 7 channel, 8 role, 11 attachment (the last three sent along resolved, as Discord does). */
  type: number;
  value: string | boolean | number;
  focused?: boolean;
}

export interface InteractionInput {
  channelId?: string;
  user?: FakeUser;
  guildIndex?: number;
  /** The member's permission bits as a decimal string ("0": none); all permissions by default. */
  permissions?: string;
  /** The member's role ids; none by default. */
  roles?: string[];
  /** Sent from a direct message with the bot instead of from a guild channel. */
  dm?: boolean;
  /** The user's Discord client language (`locale`), e.g. "en-US"; "zh-CN" by default. */
  locale?: string;
}

function withSubcommand(subcommand: string | undefined, options: FakeOption[]): unknown[] {
  return subcommand ? [{ name: subcommand, type: OPTION_SUBCOMMAND, options }] : options;
}

/** A file a member attached, served by the fake on 127.0.0.1 as Discord's CDN serves attachments. */
export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}

/** How the fake serves an attachment: its bytes, an error status, or never an answer (a download that hangs). */
type AttachmentServing = { bytes: Buffer } | { status: number } | { hang: true };

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
}

export interface RecordedCall {
  method: string;
  /** Path below /api/v10, decoded ("/webhooks/1/tok/messages/@original"). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The JSON body; for a message with files (multipart), its payload_json with the files under `uploads`. */
  body: any;
  status: number;
  /** What the fake answered (e.g. the created message, whose `id` a test can reply to). */
  response?: any;
  /** When the request arrived (Date.now()), to check how often the bot edits. */
  at: number;
}

export interface InjectedFailure {
  status: number;
  /** Seconds, sent as the Retry-After header (429s). */
  retryAfter?: number;
  /** Discord JSON error code, e.g. 10062 Unknown interaction. */
  code?: number;
  message?: string;
}

export interface GatewaySession {
  shard: [number, number];
  intents: number;
  socket: WebSocket;
  seq: number;
}

export interface FakeDiscordOptions {
  /** The token the fake accepts; any other gets 401. */
  token?: string;
  guildCount?: number;
  /** `shards` recommended by GET /gateway/bot. */
  recommendedShards?: number;
  heartbeatIntervalMs?: number;
}

interface Route {
  method: string;
  pattern: RegExp;
  handle(match: RegExpExecArray, body: unknown): { status: number; body?: unknown };
}

interface Waiter {
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly guilds: FakeGuild[];
  readonly calls: RecordedCall[] = [];
  readonly unknownRoutes: string[] = [];
  readonly sessions: GatewaySession[] = [];
  /** Every message created through POST /channels/:id/messages, in order (a repeat answered by nonce adds none). */
  readonly createdMessages: any[] = [];
  /** When each heartbeat arrived (Date.now()), from any session: a stalled client event loop shows as a gap. */
  readonly heartbeats: number[] = [];
  /** Message creates that carried no enforced nonce: a send discord.js repeats after a timeout could post them twice. */
  readonly messagesWithoutNonce: string[] = [];
  /** Calls held by holdNext, as they arrived; each is recorded in `calls` only once answered. */
  readonly heldCalls: RecordedCall[] = [];
  /** Commands as last registered through PUT, by scope ("global" or a guild id). */
  readonly registeredCommands = new Map<string, { name: string }[]>();

  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly failures: { method: string; route: RegExp; failure: InjectedFailure }[] = [];
  private readonly holds: { method: string; route: RegExp; ms: number }[] = [];
  private readonly heldTimers = new Set<NodeJS.Timeout>();
  /** Every message the bot has posted (channel messages and interaction responses), by id: what a reply references. */
  private readonly botMessages = new Map<string, Record<string, unknown>>();
  /** Messages created with enforce_nonce, by nonce: Discord checks a nonce against the same author's (the bot's) messages. */
  private readonly nonces = new Map<string, { message: Record<string, unknown>; at: number }>();
  private readonly waiters: Waiter[] = [];
  private readonly routes: Route[];
  private readonly recommendedShards: number;
  private readonly heartbeatIntervalMs: number;
  /** Every session by its id, for RESUME. */
  private readonly sessionIds = new Map<string, GatewaySession>();
  private readonly attachmentPayloads = new Map<string, FakeAttachment>();
  private readonly attachmentServing = new Map<string, AttachmentServing>();
  private readonly roleNames = new Map<string, string>();
  /** Downloads left hanging (see attach), ended by close(). */
  private readonly hangingDownloads = new Set<http.ServerResponse>();
  private idSequence = 0n;
  private guildsCreated = 0;

  private constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? 'fake-token.for-tests-only.0123456789';
    this.recommendedShards = options.recommendedShards ?? 1;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 30_000;
    this.applicationId = this.snowflake();
    this.botUser = { id: this.applicationId, username: 'paperbot', bot: true };
    this.guilds = Array.from({ length: options.guildCount ?? 1 }, () => this.newGuild());
    this.routes = this.buildRoutes();
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    });
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  private get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** What to pass as the client's `rest.api` (DISCORD_API_BASE). */
  get apiBase(): string {
    return `${this.origin}/api`;
  }

  /** A fresh snowflake with the current timestamp. */
  snowflake(): string {
    this.idSequence = (this.idSequence + 1n) & 0xfffn;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | this.idSequence).toString();
  }

  /** A guild the bot is not in yet (see joinGuild). */
  createGuild(): FakeGuild {
    return this.newGuild();
  }

  /** The bot joins `guild` now: its GUILD_CREATE goes to the shard that owns it, as after an invite. */
  joinGuild(guild: FakeGuild): void {
    this.guilds.push(guild);
    this.dispatch('GUILD_CREATE', this.guildPayload(guild), guild.id);
  }

  channel(name: string, guildIndex = 0): FakeChannel {
    const channel = this.guilds[guildIndex]?.channels.find((c) => c.name === name);
    if (!channel) throw new Error(`no channel ${name} in guild ${guildIndex}`);
    return channel;
  }

  /** Makes the next call matching `method` and `route` (a regexp over the path) fail once. */
  failNext(method: string, route: RegExp, failure: InjectedFailure): void {
    this.failures.push({ method: method.toUpperCase(), route, failure });
  }

  /**
   * Handles the next call matching `method` and `route` as usual but answers it only after `ms`: the effect has
   * happened (a message is created) while the client, as against a slow Discord, is left waiting.
   */
  holdNext(method: string, route: RegExp, ms: number): void {
    this.holds.push({ method: method.toUpperCase(), route, ms });
  }

  /** Resolves with the first call matching `predicate` among those recorded from index `since` on. */
  waitForCall(
    predicate: (call: RecordedCall) => boolean,
    { since = this.calls.length, timeoutMs = PATIENCE_MS }: { since?: number; timeoutMs?: number } = {},
  ): Promise<RecordedCall> {
    const already = this.calls.slice(since).find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for a REST call; calls so far:\n${this.describeCalls(since)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  describeCalls(since = 0): string {
    return this.calls
      .slice(since)
      .map((call) => `  ${call.method} ${call.path} -> ${call.status}`)
      .join('\n');
  }

  /** Throws when the client used a REST route the fake does not know: such calls would fail against real Discord too. */
  assertNoUnknownRoutes(): void {
    if (this.unknownRoutes.length > 0) throw new Error(`unknown REST routes used:\n  ${this.unknownRoutes.join('\n  ')}`);
  }

  /** Throws when the bot created a channel message without an enforced nonce (see `messagesWithoutNonce`). */
  assertEveryMessageNonced(): void {
    if (this.messagesWithoutNonce.length > 0) {
      throw new Error(`messages created without an enforced nonce:\n  ${this.messagesWithoutNonce.join('\n  ')}`);
    }
  }

  // ---- gateway events --------------------------------------------------------------------------------------------

  /** Sends a dispatch to the session owning `guildId` (shard = (guild_id >> 22) % shard_count), or to every session. */
  dispatch(type: string, data: unknown, guildId?: string): void {
    for (const session of this.sessions) {
      if (guildId && !this.ownsGuild(session, guildId)) continue;
      if (type === 'MESSAGE_CREATE' && !(session.intents & INTENTS.GuildMessages)) continue;
      this.send(session, { op: 0, t: type, s: ++session.seq, d: this.visibleTo(session, type, data) });
    }
  }

  /** Pushes a user's message; resolves nothing itself — await `waitForCall` for the answer. */
  sendMessage(input: {
    channelId: string;
    content: string;
    author?: FakeUser;
    mentionBot?: boolean;
    replyTo?: { messageId: string; channelId: string };
    guildIndex?: number;
  }): { id: string; since: number } {
    const guild = this.guilds[input.guildIndex ?? 0]!;
    const author = input.author ?? this.user('asker');
    const id = this.snowflake();
    const since = this.calls.length;
    this.dispatch(
      'MESSAGE_CREATE',
      {
        ...this.messagePayload({ id, channelId: input.channelId, author, content: input.content, type: input.replyTo ? 19 : 0 }),
        guild_id: guild.id,
        member: { roles: [], joined_at: new Date().toISOString() },
        mention_everyone: /@everyone|@here/u.test(input.content),
        mentions: input.mentionBot ? [this.botUser] : [],
        ...(input.replyTo && {
          message_reference: { message_id: input.replyTo.messageId, channel_id: input.replyTo.channelId, guild_id: guild.id },
          // As Discord: the replied-to message comes along when it still exists (discord.js reads its author).
          ...(this.botMessages.has(input.replyTo.messageId) && { referenced_message: this.botMessages.get(input.replyTo.messageId) }),
        }),
      },
      guild.id,
    );
    return { id, since };
  }

  /**
   * A message the bot posted before the test began (say, before its data was lost): the bot has no record of it, but
   * a reply to it references it as to any of the bot's messages. Returns its id, for `sendMessage`'s `replyTo`.
   */
  earlierBotMessage(channelId: string, content: string): string {
    return this.botMessage(channelId, { content }).id as string;
  }

  /** Starts a public thread under `parentId`; `id` defaults to a new id, pass the starter message id for a thread from a message. */
  createThread(input: { parentId: string; id?: string; name?: string; guildIndex?: number }): FakeChannel {
    const guild = this.guilds[input.guildIndex ?? 0]!;
    const thread: FakeChannel = { id: input.id ?? this.snowflake(), name: input.name ?? 'thread', type: 11, parentId: input.parentId };
    guild.channels.push(thread);
    this.dispatch('THREAD_CREATE', { ...this.channelPayload(thread, guild.id), newly_created: true }, guild.id);
    return thread;
  }

  sendSlashCommand(input: InteractionInput & { name: string; subcommand?: string; options?: FakeOption[] }): FakeInteraction {
    const options = input.options ?? [];
    const data = { id: this.snowflake(), name: input.name, type: 1, options: withSubcommand(input.subcommand, options) };
    const named = (type: number) => options.filter((option) => option.type === type).map((option) => String(option.value));
    const channels = named(OPTION_CHANNEL).map((id) => this.channelById(id));
    // Discord sends the channels, roles and attachments named in options along, resolved.
    const resolved = {
      ...(channels.length > 0 && {
        channels: Object.fromEntries(channels.map((c) => [c.id, { id: c.id, name: c.name, type: c.type, permissions: ALL_PERMISSIONS }])),
      }),
      ...(named(OPTION_ROLE).length > 0 && { roles: Object.fromEntries(named(OPTION_ROLE).map((id) => [id, this.rolePayload(id)])) }),
      ...(named(OPTION_ATTACHMENT).length > 0 && {
        attachments: Object.fromEntries(named(OPTION_ATTACHMENT).map((id) => [id, this.attachmentPayloads.get(id)])),
      }),
    };
    return this.sendInteraction(2, { ...data, ...(Object.keys(resolved).length > 0 && { resolved }) }, input);
  }

  /**
   * A file a member attaches to a command, served at its `url` on this fake's address: its bytes, or an error
   * status, or a response that never comes. Pass its `id` as the value of an attachment option (type 11).
   */
  attach(filename: string, serving: AttachmentServing, declaredSize?: number): FakeAttachment {
    const id = this.snowflake();
    const url = `${this.origin}/attachments/${id}/${encodeURIComponent(filename)}`;
    const size = declaredSize ?? ('bytes' in serving ? serving.bytes.length : 0);
    const attachment: FakeAttachment = { id, filename, size, url, proxy_url: url };
    this.attachmentPayloads.set(id, attachment);
    this.attachmentServing.set(id, serving);
    return attachment;
  }

  /** A role a member can be given (`roles`) or an option can name; only its id and name matter to the bot. */
  role(name: string): { id: string; name: string } {
    const id = this.snowflake();
    this.roleNames.set(id, name);
    return { id, name };
  }

  private rolePayload(id: string): Record<string, unknown> {
    return {
      id,
      name: this.roleNames.get(id) ?? 'role',
      color: 0,
      hoist: false,
      position: 1,
      permissions: '0',
      managed: false,
      mentionable: true,
      flags: 0,
    };
  }

  sendAutocomplete(input: InteractionInput & { name: string; subcommand?: string; option: string; value: string }): FakeInteraction {
    const options = withSubcommand(input.subcommand, [{ name: input.option, type: 3, value: input.value, focused: true }]);
    return this.sendInteraction(4, { id: this.snowflake(), name: input.name, type: 1, options }, input);
  }

  sendButton(
    input: Pick<InteractionInput, 'user' | 'locale' | 'guildIndex' | 'permissions' | 'roles'> & {
      customId: string;
      messageId: string;
      channelId?: string;
    },
  ): FakeInteraction {
    const channelId = input.channelId ?? this.channel('general', input.guildIndex).id;
    const message = this.messagePayload({ id: input.messageId, channelId, author: this.botUser, content: '' });
    return this.sendInteraction(3, { custom_id: input.customId, component_type: 2 }, { ...input, channelId }, { message });
  }

  user(username: string): FakeUser {
    return { id: this.snowflake(), username };
  }

  /** Closes every gateway connection with `code` (4004: token revoked; 4000: the client resumes). */
  closeGateway(code: number, reason = ''): void {
    for (const session of this.sessions) session.socket.close(code, reason);
  }

  async close(): Promise<void> {
    for (const timer of this.heldTimers) clearTimeout(timer);
    for (const download of this.hangingDownloads) download.destroy();
    for (const session of this.sessions) session.socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- internals --------------------------------------------------------------------------------------------------

  private sendInteraction(type: number, data: unknown, input: InteractionInput, extra: Record<string, unknown> = {}): FakeInteraction {
    const guild = this.guilds[input.guildIndex ?? 0]!;
    const channelId = input.channelId ?? this.channel('general', input.guildIndex).id;
    const id = this.snowflake();
    const token = `interaction-token-${id}`;
    const since = this.calls.length;
    const channel = guild.channels.find((c) => c.id === channelId);
    const user = input.user ?? this.user('asker');
    // In a DM there is no guild or member, only the user, and the channel is the DM channel (type 1).
    const where = input.dm
      ? { channel_id: channelId, channel: { id: channelId, type: 1 }, user, context: 1 }
      : {
          guild_id: guild.id,
          channel_id: channelId,
          channel: { id: channelId, type: channel?.type ?? 0, guild_id: guild.id },
          member: {
            user,
            roles: input.roles ?? [],
            permissions: input.permissions ?? ALL_PERMISSIONS,
            joined_at: new Date().toISOString(),
            deaf: false,
            mute: false,
            flags: 0,
          },
          guild_locale: 'zh-CN',
          context: 0,
        };
    this.dispatch(
      'INTERACTION_CREATE',
      {
        id,
        application_id: this.applicationId,
        type,
        token,
        version: 1,
        ...where,
        app_permissions: ALL_PERMISSIONS,
        locale: input.locale ?? 'zh-CN',
        data,
        entitlements: [],
        authorizing_integration_owners: {},
        ...extra,
      },
      input.dm ? undefined : guild.id,
    );
    const webhook = `/webhooks/${this.applicationId}/${token}`;
    return {
      id,
      token,
      since,
      callback: (timeoutMs) => this.waitForCall((c) => c.path === `/interactions/${id}/${token}/callback`, { since, timeoutMs }),
      editedOriginal: (timeoutMs) =>
        this.waitForCall((c) => c.method === 'PATCH' && c.path === `${webhook}/messages/@original`, { since, timeoutMs }),
      followUp: (timeoutMs) => this.waitForCall((c) => c.method === 'POST' && c.path === webhook, { since, timeoutMs }),
    };
  }

  private newGuild(): FakeGuild {
    const index = this.guildsCreated++;
    return {
      id: ((GUILD_ID_BASE_MS + BigInt(index)) << 22n).toString(),
      name: `guild-${index}`,
      channels: [
        { id: this.snowflake(), name: 'general', type: 0 },
        { id: this.snowflake(), name: 'ask', type: 0 },
      ],
    };
  }

  private channelById(id: string): FakeChannel {
    const channel = this.guilds.flatMap((guild) => guild.channels).find((c) => c.id === id);
    if (!channel) throw new Error(`no channel ${id}`);
    return channel;
  }

  private messagePayload(input: {
    id: string;
    channelId: string;
    author: FakeUser;
    content: string;
    embeds?: unknown[];
    components?: unknown[];
    type?: number;
    flags?: number;
  }): Record<string, unknown> {
    return {
      id: input.id,
      channel_id: input.channelId,
      author: input.author,
      content: input.content,
      embeds: input.embeds ?? [],
      components: input.components ?? [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      type: input.type ?? 0,
      flags: input.flags ?? 0,
    };
  }

  private ownsGuild(session: GatewaySession, guildId: string): boolean {
    const [id, count] = session.shard;
    return Number((BigInt(guildId) >> 22n) % BigInt(count)) === id;
  }

  /** Real Discord blanks message content without the MessageContent intent unless the bot is mentioned. */
  private visibleTo(session: GatewaySession, type: string, data: unknown): unknown {
    if (type !== 'MESSAGE_CREATE' || session.intents & INTENTS.MessageContent) return data;
    const message = data as { mentions: FakeUser[] };
    if (message.mentions.some((user) => user.id === this.botUser.id)) return data;
    return { ...message, content: '' };
  }

  private send(session: GatewaySession, payload: unknown): void {
    if (session.socket.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(payload));
  }

  private onConnection(socket: WebSocket): void {
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
    socket.on('message', (raw) => {
      const packet = JSON.parse(raw.toString()) as { op: number; d: any };
      if (packet.op === 1) {
        this.heartbeats.push(Date.now());
        socket.send(JSON.stringify({ op: 11 }));
      }
      if (packet.op === 2) this.identify(socket, packet.d);
      if (packet.op === 6) this.resume(socket, packet.d);
    });
    socket.on('close', () => {
      const index = this.sessions.findIndex((session) => session.socket === socket);
      if (index >= 0) this.sessions.splice(index, 1);
    });
  }

  private identify(socket: WebSocket, identify: { token: string; intents: number; shard?: [number, number] }): void {
    if (identify.token !== this.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const session: GatewaySession = { shard: identify.shard ?? [0, 1], intents: identify.intents, socket, seq: 0 };
    this.sessions.push(session);
    const sessionId = `session-${session.shard[0]}-${Date.now()}`;
    this.sessionIds.set(sessionId, session);
    const own = this.guilds.filter((guild) => this.ownsGuild(session, guild.id));
    this.send(session, {
      op: 0,
      t: 'READY',
      s: ++session.seq,
      d: {
        v: 10,
        user: { ...this.botUser, discriminator: '0', avatar: null, global_name: null },
        guilds: own.map((guild) => ({ id: guild.id, unavailable: true })),
        application: { id: this.applicationId, flags: 0 },
        session_id: sessionId,
        resume_gateway_url: this.gatewayUrl,
        shard: session.shard,
      },
    });
    for (const guild of own) this.send(session, { op: 0, t: 'GUILD_CREATE', s: ++session.seq, d: this.guildPayload(guild) });
  }

  /** RESUME of a session this fake started (found by its session id): it continues on the new socket; nothing was missed. */
  private resume(socket: WebSocket, resume: { token: string; session_id: string }): void {
    const previous = this.sessionIds.get(resume.session_id);
    if (resume.token !== this.token || !previous) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    const session: GatewaySession = { ...previous, socket };
    this.sessionIds.set(resume.session_id, session);
    this.sessions.push(session);
    this.send(session, { op: 0, t: 'RESUMED', s: ++session.seq, d: {} });
  }

  private get gatewayUrl(): string {
    return `${this.origin.replace('http', 'ws')}/gateway`;
  }

  private guildPayload(guild: FakeGuild): unknown {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: this.snowflake(),
      unavailable: false,
      large: false,
      member_count: 2,
      features: [],
      roles: [
        {
          id: guild.id,
          name: '@everyone',
          permissions: ALL_PERMISSIONS,
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      channels: guild.channels.filter((c) => c.type !== 11).map((c) => this.channelPayload(c, guild.id)),
      threads: guild.channels.filter((c) => c.type === 11).map((c) => this.channelPayload(c, guild.id)),
      members: [{ user: this.botUser, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
      presences: [],
      voice_states: [],
      emojis: [],
      stickers: [],
      stage_instances: [],
      guild_scheduled_events: [],
      joined_at: new Date().toISOString(),
    };
  }

  /** A message posted by the bot with the fields of a create or edit request `body`, remembered for replies to it. */
  private botMessage(channelId: string, body: any): Record<string, unknown> {
    const created = this.messagePayload({
      id: this.snowflake(),
      channelId,
      author: this.botUser,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      type: body?.message_reference ? 19 : 0,
      flags: body?.flags ?? 0,
    });
    // As Discord: the message echoes the nonce it was sent with.
    if (body?.nonce !== undefined) created.nonce = body.nonce;
    this.botMessages.set(created.id as string, created);
    return created;
  }

  private channelPayload(channel: FakeChannel, guildId: string): Record<string, unknown> {
    return {
      id: channel.id,
      type: channel.type,
      name: channel.name,
      guild_id: guildId,
      position: 0,
      permission_overwrites: [],
      ...(channel.parentId && {
        parent_id: channel.parentId,
        owner_id: this.snowflake(),
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
      }),
    };
  }

  private buildRoutes(): Route[] {
    const putCommands = (scope: string, body: unknown) => {
      const commands = (body as { name: string }[]).map((command) => ({
        ...command,
        id: this.snowflake(),
        application_id: this.applicationId,
        version: this.snowflake(),
      }));
      this.registeredCommands.set(scope, commands);
      return { status: 200, body: commands };
    };
    return [
      {
        method: 'GET',
        pattern: /^\/gateway\/bot$/,
        handle: () => ({
          status: 200,
          body: {
            url: this.gatewayUrl,
            shards: this.recommendedShards,
            session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 16 },
          },
        }),
      },
      {
        method: 'GET',
        pattern: /^\/applications\/@me$/,
        handle: () => ({ status: 200, body: { id: this.applicationId, name: 'paperbot', flags: 0, bot: this.botUser } }),
      },
      {
        method: 'PUT',
        pattern: /^\/applications\/(\d+)\/commands$/,
        handle: (_, body) => putCommands('global', body),
      },
      {
        method: 'PUT',
        pattern: /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/,
        handle: (match, body) => putCommands(match[2]!, body),
      },
      { method: 'POST', pattern: /^\/channels\/(\d+)\/typing$/, handle: () => ({ status: 204 }) },
      { method: 'POST', pattern: /^\/channels\/(\d+)\/messages$/, handle: (match, body) => this.createMessage(match[1]!, body) },
      {
        // Editing a message (a written answer streamed into its reply): the stored message, changed.
        method: 'PATCH',
        pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
        handle: (match, body) => this.editMessage(match[2]!, body),
      },
      { method: 'POST', pattern: /^\/interactions\/(\d+)\/([^/]+)\/callback$/, handle: () => ({ status: 204 }) },
      {
        method: 'PATCH',
        pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
        handle: (_, body) => ({ status: 200, body: this.botMessage(this.channel('general').id, body) }),
      },
      {
        method: 'POST',
        pattern: /^\/webhooks\/(\d+)\/([^/]+)$/,
        handle: (_, body) => ({ status: 200, body: this.botMessage(this.channel('general').id, body) }),
      },
    ];
  }

  /**
   * As Discord: with `enforce_nonce`, a create repeating a nonce the bot used within the past few minutes returns the
   * message created then instead of a new one; a nonce over 25 characters is refused.
   */
  private editMessage(id: string, body: any): { status: number; body: unknown } {
    const message = this.botMessages.get(id);
    if (!message) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    for (const field of ['content', 'embeds', 'components'] as const) if (body?.[field] !== undefined) message[field] = body[field];
    message.edited_timestamp = new Date().toISOString();
    return { status: 200, body: message };
  }

  private createMessage(channelId: string, body: any): { status: number; body: unknown } {
    const nonce = body?.nonce === undefined ? undefined : String(body.nonce);
    if (nonce !== undefined && nonce.length > 25) {
      return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { nonce: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } };
    }
    if (nonce === undefined || !body.enforce_nonce) this.messagesWithoutNonce.push(`in ${channelId}: ${JSON.stringify(body?.content ?? '')}`);
    const earlier = nonce !== undefined && body.enforce_nonce ? this.nonces.get(nonce) : undefined;
    if (earlier && Date.now() - earlier.at < NONCE_WINDOW_MS) return { status: 200, body: earlier.message };
    const created = this.botMessage(channelId, body);
    this.createdMessages.push(created);
    if (nonce !== undefined && body.enforce_nonce) this.nonces.set(nonce, { message: created, at: Date.now() });
    return { status: 200, body: created };
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    const attachment = /^\/attachments\/(\d+)\//u.exec(url.pathname);
    if (attachment) {
      this.serveAttachment(this.attachmentServing.get(attachment[1]!), res);
      return;
    }
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    const call: RecordedCall = {
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      body: await parseBody(bytes, req.headers['content-type']),
      status: 0,
      at: Date.now(),
    };

    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      call.response = body;
      this.record(call);
      // A 204 must not claim a JSON body, or the REST client tries to parse ''.
      if (body === undefined) res.writeHead(status, headers).end();
      else res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };

    const route = this.routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) {
      this.unknownRoutes.push(`${method} ${path}`);
      reply(404, { message: '404: Not Found', code: 0 });
      return;
    }
    const interactionCall = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
    if (!interactionCall && req.headers.authorization !== `Bot ${this.token}`) {
      reply(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const failureIndex = this.failures.findIndex((f) => f.method === method && f.route.test(path));
    if (failureIndex >= 0) {
      const { failure } = this.failures.splice(failureIndex, 1)[0]!;
      const headers: Record<string, string> = {};
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      const body =
        failure.status === 429
          ? { message: 'You are being rate limited.', retry_after: failure.retryAfter ?? 0, global: false }
          : { message: failure.message ?? `${failure.status}: injected failure`, code: failure.code ?? 0 };
      reply(failure.status, body, headers);
      return;
    }
    const result = route.handle(route.pattern.exec(path)!, call.body);
    const holdIndex = this.holds.findIndex((h) => h.method === method && h.route.test(path));
    if (holdIndex >= 0) {
      const { ms } = this.holds.splice(holdIndex, 1)[0]!;
      this.heldCalls.push(call);
      const timer = setTimeout(() => {
        this.heldTimers.delete(timer);
        reply(result.status, result.body);
      }, ms);
      this.heldTimers.add(timer);
      return;
    }
    reply(result.status, result.body);
  }

  private serveAttachment(serving: AttachmentServing | undefined, res: http.ServerResponse): void {
    if (!serving) res.writeHead(404).end();
    else if ('bytes' in serving) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(serving.bytes);
    else if ('status' in serving) res.writeHead(serving.status).end();
    else {
      res.writeHead(200).flushHeaders();
      this.hangingDownloads.add(res);
    }
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  }
}

/** A file sent with a message, as Discord receives it (multipart/form-data). */
export interface UploadedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** JSON as JSON; a message with files as Discord reads it: the `payload_json` part, the files beside it under `uploads`. */
async function parseBody(bytes: Buffer, contentType: string | undefined): Promise<unknown> {
  if (bytes.length > 0 && contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
    const uploads: UploadedFile[] = [];
    for (const value of form.values()) {
      if (typeof value !== 'string') uploads.push({ name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
    const payload = form.get('payload_json');
    return { ...(typeof payload === 'string' ? (JSON.parse(payload) as object) : {}), uploads };
  }
  const raw = bytes.toString('utf8');
  return raw && contentType?.includes('json') ? JSON.parse(raw) : raw;
}

export interface FakeInteraction {
  id: string;
  token: string;
  since: number;
  /** POST /interactions/:id/:token/callback (reply, defer, autocomplete result). Each waits `timeoutMs` (default PATIENCE_MS). */
  callback(timeoutMs?: number): Promise<RecordedCall>;
  /** PATCH of the original response (editReply). */
  editedOriginal(timeoutMs?: number): Promise<RecordedCall>;
  /** POST of a follow-up message. */
  followUp(timeoutMs?: number): Promise<RecordedCall>;
}
