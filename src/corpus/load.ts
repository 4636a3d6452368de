import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { log } from '../log.ts';
import type { Paper, Passage } from '../types.ts';
import { parseDigest, type ParsedDigest } from './parse.ts';
import { alignRendering } from './rendering.ts';

/**
 * Loads every digest in the corpus folder: `<name>.txt` (the text as received) and, optionally,
 * `<name>.papers.json` (its paper catalogue) and `<name>.en.txt` (its English rendering, line by line).
 * A digest without a catalogue still works: its papers are named by their headings and their links are read
 * from the text; one without a rendering is answered in its own language.
 */

const arxivId = z.string().regex(/^\d{4}\.\d{4,5}$/u);
const catalogueSchema = z.object({
  title: z.string().optional(),
  titleEn: z.string().optional(),
  papers: z.array(
    z.object({
      section: z.number().int().positive(),
      headingZh: z.string().min(1),
      titleEn: z.string().min(1),
      arxivId: arxivId.optional(),
      aliases: z.array(z.string().min(1)).default([]),
      links: z.array(z.url()).default([]),
      tags: z.object({ en: z.array(z.string().min(1)), zh: z.array(z.string().min(1)) }).default({ en: [], zh: [] }),
      discusses: z
        .array(z.object({
            titleEn: z.string().min(1),
            arxivId: arxivId.optional(),
            aliases: z.array(z.string().min(1)).default([]),
            textIsAbout: z.boolean().optional(),
          }),)
        .default([]),
    }),
  ),
});

export interface DigestInfo {
  name: string;
  title: string;
  titleEn?: string;
  /** Whether an aligned English rendering was loaded. */
  rendered: boolean;
}

export interface Corpus {
  /** SHA-256 over every corpus file's name and bytes: the index is rebuilt when it changes. */
  hash: string;
  digests: ParsedDigest[];
  info: DigestInfo[];
  papers: Paper[];
  passages: Passage[];
}

export class CorpusError extends Error {
  override name = 'CorpusError';
}

const ARXIV_LINK = /https?:\/\/arxiv\.org\/(?:abs|pdf)\/[0-9]{4}\.[0-9]{4,5}(?:v\d+)?/gu;

export function arxivLinks(text: string): string[] {
  return [...new Set(text.match(ARXIV_LINK) ?? [])];
}

export const RENDERING = '.en.txt';

/** Digest files: every `*.txt` that is not the English rendering of another digest file. */
export function digestFiles(dir: string): string[] {
  const texts = fs.readdirSync(dir).filter((f) => f.endsWith('.txt'));
  const names = new Set(texts);
  return texts.filter((f) => !(f.endsWith(RENDERING) && names.has(`${f.slice(0, -RENDERING.length)}.txt`))).sort();
}

export function loadCorpus(dir: string): Corpus {
  if (!fs.existsSync(dir)) throw new CorpusError(`Corpus folder not found: ${dir}`);
  const files = digestFiles(dir);
  if (files.length === 0) throw new CorpusError(`No digest (*.txt) in ${dir}`);
  const hash = crypto.createHash('sha256');
  const digests: ParsedDigest[] = [];
  const info: DigestInfo[] = [];
  const papers: Paper[] = [];
  const readText = (file: string) => {
    const bytes = fs.readFileSync(path.join(dir, file));
    hash.update(file).update(bytes);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  };
  for (const file of files) {
    const name = file.slice(0, -'.txt'.length);
    const digest = parseDigest(name, readText(file));
    if (digest.sections.length === 0) throw new CorpusError(`${file}: no numbered sections ("1) Title") found`);
    const renderingFile = `${name}${RENDERING}`;
    let rendering: string[] | undefined;
    if (fs.existsSync(path.join(dir, renderingFile))) {
      const aligned = alignRendering(digest, readText(renderingFile));
      if (aligned.ok) rendering = aligned.lines;
      else log.warn(`${renderingFile} is not aligned with ${file} (${aligned.problem}); answering in the digest's language only.`);
    }
    const catalogueFile = path.join(dir, `${name}.papers.json`);
    let catalogue: z.infer<typeof catalogueSchema> | undefined;
    if (fs.existsSync(catalogueFile)) {
      const raw = fs.readFileSync(catalogueFile);
      hash.update(`${name}.papers.json`).update(raw);
      const parsed = catalogueSchema.safeParse(JSON.parse(raw.toString('utf8')));
      if (!parsed.success) throw new CorpusError(`${catalogueFile}: ${parsed.error.issues[0]?.message}`);
      catalogue = parsed.data;
    }
    for (const section of digest.sections) {
      const entry = catalogue?.papers.find((p) => p.section === section.section);
      const sectionText = section.passages.map((p) => p.text).join('\n');
      const headingEn = rendering?.[section.headingLine]?.replace(/^\s*\d{1,2}\s*[)）.．、]\s*/u, '').trim();
      if (rendering) for (const passage of section.passages) attachRendering(passage, rendering, headingEn);
      papers.push({
        digest: name,
        section: section.section,
        headingZh: section.heading,
        ...(headingEn ? { headingEn } : {}),
        titleEn: entry?.titleEn ?? headingEn ?? section.heading,
        ...(entry?.arxivId ? { arxivId: entry.arxivId } : {}),
        aliases: entry?.aliases ?? [],
        links: entry?.links ?? arxivLinks(sectionText),
        tags: entry?.tags ?? { en: [], zh: [] },
        discusses: entry?.discusses ?? [],
      });
    }
    digests.push(digest);
    info.push({
      name,
      title: catalogue?.title ?? digest.title,
      ...((catalogue?.titleEn ?? rendering?.[0]) ? { titleEn: catalogue?.titleEn ?? rendering![0]!.trim() } : {}),
      rendered: rendering !== undefined,
    });
  }
  return {
    hash: hash.digest('hex'),
    digests,
    info,
    papers,
    passages: digests.flatMap((d) => d.sections.flatMap((s) => s.passages)),
  };
}

function attachRendering(passage: Passage, rendering: readonly string[], headingEn: string | undefined): void {
  for (const line of passage.lines) line.translation = rendering[line.line]!.trim();
  passage.translation = passage.lines.map((line) => line.translation).join('\n');
  if (headingEn) passage.sectionTitleEn = headingEn;
  if (passage.subheadingLine !== undefined) passage.subheadingEn = rendering[passage.subheadingLine]!.trim();
}
