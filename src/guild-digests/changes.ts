/**
 * What `/digest add` and `/digest remove` do to a server's list of digests, decided on the list alone (pure): the
 * file to write, the new list, or why nothing changes. Applied under the server's lock (./store.ts), so two members
 * adding at once are decided one after the other, each on the list the other left.
 */
import type { GuildDigest } from './store.ts';
import { readUpload, type UploadProblem, type UploadReading } from './upload.ts';

export type DigestChange =
  /** `replace`: a digest with the same title is replaced (the member confirmed it). */
  { kind: 'add'; fileName: string; bytes: Uint8Array; title?: string; replace?: boolean } | { kind: 'remove'; name: string };

export type ChangeRefusal =
  | { reason: 'unreadable'; problem: UploadProblem }
  | { reason: 'title-taken'; title: string }
  | { reason: 'limit'; limit: number }
  | { reason: 'not-found' };

export interface ChangeRules {
  /** GUILD_DIGEST_LIMIT. */
  limit: number;
  /** Names of the global digests: a server's digest is never named as one of them. */
  globalNames: ReadonlySet<string>;
  now: Date;
}

export type Decided = { digests: GuildDigest[]; file?: { name: string; bytes: Buffer }; digest?: GuildDigest } | { refused: ChangeRefusal };

/** The digest of `digests` with this title, compared as a member would (case and surrounding spaces aside). */
export function withTitle(digests: readonly GuildDigest[], title: string): GuildDigest | undefined {
  const wanted = title.trim().toLocaleLowerCase();
  return digests.find((digest) => digest.title.trim().toLocaleLowerCase() === wanted);
}

export function decideChange(digests: GuildDigest[], change: DigestChange, rules: ChangeRules): Decided {
  if (change.kind === 'remove') {
    const kept = digests.filter((digest) => digest.name !== change.name);
    return kept.length === digests.length ? { refused: { reason: 'not-found' } } : { digests: kept };
  }
  const bytes = Buffer.from(change.bytes);
  const read = readUpload(change.fileName, bytes, change.title);
  if (!read.ok) return { refused: { reason: 'unreadable', problem: read.problem } };
  const { preview } = read;
  const replaced = withTitle(digests, preview.title);
  if (replaced && !change.replace) return { refused: { reason: 'title-taken', title: replaced.title } };
  const others = digests.filter((digest) => digest !== replaced);
  if (others.length >= rules.limit) return { refused: { reason: 'limit', limit: rules.limit } };
  const name = uniqueName(preview.title, new Set([...rules.globalNames, ...others.map((digest) => digest.name)]));
  const extension = preview.fileName.endsWith('.txt') ? '.txt' : '.md';
  const digest: GuildDigest = {
    name,
    file: `${name}${extension}`,
    title: preview.title,
    language: preview.language,
    papers: preview.papers,
    passages: preview.passages,
    addedAt: rules.now.toISOString(),
  };
  return { digests: [...others, digest], file: { name: digest.file, bytes }, digest };
}

/** A file-safe name from the title ("Reading notes, week 3" → "reading-notes-week-3"), not among `taken`. */
export function uniqueName(title: string, taken: ReadonlySet<string>): string {
  const slug =
    title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/gu, '-')
      .replace(/^-+|-+$/gu, '')
      .slice(0, 40)
      .replace(/-+$/u, '') || 'digest';
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) if (!taken.has(`${slug}-${n}`)) return `${slug}-${n}`;
}

export type ChangeResult = { ok: true; digests: GuildDigest[]; digest?: GuildDigest } | { ok: false; refusal: ChangeRefusal };

/**
 * Where the bot sends `/digest` work: off the gateway's thread (the answering pool's workers, src/workers/qa-pool.ts),
 * or in-process where there is no gateway to keep alive.
 */
export interface DigestManager {
  /** Reads an attachment for the preview (parsing a 1 MB digest is work for a worker, not for the gateway). */
  previewDigest(fileName: string, bytes: Uint8Array, title?: string): Promise<UploadReading>;
  /** Applies a change and indexes the server's new digests; resolves once questions in that server use them. */
  changeDigests(guildId: string, change: DigestChange): Promise<ChangeResult>;
  /** Stops the indexing under way and refuses more (shutting down): a change stopped mid-build changes nothing. */
  cancelChanges?(): void;
}
