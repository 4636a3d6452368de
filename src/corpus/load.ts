import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Paper, Passage } from '../types.ts';
import { parseDigest, type ParsedDigest } from './parse.ts';

/**
 * Loads every digest in the corpus folder: `<name>.txt` (the text as received) and, optionally,
 * `<name>.papers.json` (its paper catalogue). A digest without a catalogue still works: its papers are
 * named by their headings and their links are read from the text.
 */

const catalogueSchema = z.object({
  title: z.string().optional(),
  titleEn: z.string().optional(),
  papers: z.array(
    z.object({
      section: z.number().int().positive(),
      headingZh: z.string().min(1),
      titleEn: z.string().min(1),
      arxivId: z.string().regex(/^\d{4}\.\d{4,5}$/u).optional(),
      aliases: z.array(z.string().min(1)).default([]),
      links: z.array(z.url()).default([]),
    }),
  ),
});

export interface Corpus {
  /** SHA-256 over every corpus file's name and bytes: the index is rebuilt when it changes. */
  hash: string;
  digests: ParsedDigest[];
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

export function loadCorpus(dir: string): Corpus {
  if (!fs.existsSync(dir)) throw new CorpusError(`Corpus folder not found: ${dir}`);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  if (files.length === 0) throw new CorpusError(`No digest (*.txt) in ${dir}`);
  const hash = crypto.createHash('sha256');
  const digests: ParsedDigest[] = [];
  const papers: Paper[] = [];
  for (const file of files) {
    const name = file.slice(0, -'.txt'.length);
    const bytes = fs.readFileSync(path.join(dir, file));
    hash.update(file).update(bytes);
    const digest = parseDigest(name, new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (digest.sections.length === 0) throw new CorpusError(`${file}: no numbered sections ("1) Title") found`);
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
      papers.push({
        digest: name,
        section: section.section,
        headingZh: section.heading,
        titleEn: entry?.titleEn ?? section.heading,
        ...(entry?.arxivId ? { arxivId: entry.arxivId } : {}),
        aliases: entry?.aliases ?? [],
        links: entry?.links ?? arxivLinks(sectionText),
      });
    }
    digests.push(digest);
  }
  return {
    hash: hash.digest('hex'),
    digests,
    papers,
    passages: digests.flatMap((d) => d.sections.flatMap((s) => s.passages)),
  };
}
