/** The paper-of-the-day posts a test's bot made on the fake Discord: finding them, waiting for them, reading their embed. */
import { setTimeout as sleep } from 'node:timers/promises';
import { PATIENCE_MS } from './core.ts';
import type { FakeDiscord, RecordedCall } from './fake-discord.ts';

export const POTD_AUTHOR = '每日论文 · Paper of the day';
export const POTD_AUTHOR_EN = 'Paper of the day';

export const isPotdPost = (call: RecordedCall) =>
  call.method === 'POST' &&
  /^\/channels\/\d+\/messages$/u.test(call.path) &&
  call.status === 200 &&
  [POTD_AUTHOR, POTD_AUTHOR_EN].includes(call.body.embeds?.[0]?.author?.name);

export function potdPosts(fake: FakeDiscord, since: number): RecordedCall[] {
  return fake.calls.slice(since).filter(isPotdPost);
}

/** Resolves with the paper-of-the-day posts since `since` once there are `count` of them. */
export async function waitForPosts(fake: FakeDiscord, count: number, since: number, timeoutMs = PATIENCE_MS): Promise<RecordedCall[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const posts = potdPosts(fake, since);
    if (posts.length >= count) return posts;
    if (Date.now() > deadline) throw new Error(`expected ${count} posts, saw ${posts.length}:\n${fake.describeCalls(since)}`);
    await sleep(25);
  }
}

export interface PostedEmbed {
  author: { name: string };
  title: string;
  /** The paper's arXiv link, when it has one. */
  url?: string;
  description: string;
  timestamp: string;
  fields: { name: string; value: string }[];
}
export const embedOf = (call: RecordedCall) => call.body.embeds[0] as PostedEmbed;
