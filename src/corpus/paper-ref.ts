/**
 * The identity of a paper. Section numbers restart in every digest, so a section number alone names no paper: a
 * paper is its digest and its section, and every map, stored row and Discord choice that names one uses the key
 * built here, and only here.
 */
import type { Paper } from '../types.ts';

/** An alias written in plain ASCII, as Discord names and English text can show it. */
const ASCII = /^[\x20-\x7e]+$/u;

/** The name a paper is best known by, where it has one: what its section is really about, else an alias in ASCII. */
export const knownName = (paper: Pick<Paper, 'discusses' | 'aliases'>): string | undefined =>
  paper.discusses.find((d) => d.textIsAbout)?.aliases[0] ?? paper.aliases.find((alias) => ASCII.test(alias));

/** One paper of one digest (a numbered section). Papers, passages, citations and remembered turns all carry it. */
export interface PaperRef {
  readonly digest: string;
  readonly section: number;
}

declare const paperKeyBrand: unique symbol;
/** A PaperRef as one string, `<digest>:<section>`, for maps, SQLite rows and choice values. Made only by `paperKey`. */
export type PaperKey = string & { readonly [paperKeyBrand]: true };

export function paperKey(paper: PaperRef): PaperKey {
  return `${paper.digest}:${paper.section}` as PaperKey;
}

/** The digest a paper key names: everything before its last colon (a digest's name may hold colons). */
export function digestOfKey(key: PaperKey): string {
  return key.slice(0, key.lastIndexOf(':'));
}

export function samePaper(a: PaperRef, b: PaperRef): boolean {
  return a.digest === b.digest && a.section === b.section;
}

/** A passage id, `<digest>:<section>.<ordinal>`: its paper's key and its 1-based place in the section. */
export function passageId(paper: PaperRef, ordinal: number): string {
  return `${paperKey(paper)}.${ordinal}`;
}

/** The paper a passage id belongs to; undefined for a string that is not one. */
export function paperOfPassage(id: string): PaperRef | undefined {
  const match = /^(.+):(\d+)\.\d+$/su.exec(id);
  return match ? { digest: match[1]!, section: Number(match[2]) } : undefined;
}
