import fs from 'node:fs';
import path from 'node:path';

/**
 * Synthetic corpora for the scale benchmark: the real digests plus marked copies of them, every sentence of a copy
 * carrying its copy number so that no two passages and no two sentences are equal and nothing is embedded once
 * for many. A mark goes before a sentence's closing punctuation, so lines, sentences and sections stay as they were.
 * Copies carry the English rendering (marked the same way) but not the catalogue: a hundred catalogues giving the
 * same aliases would make every paper name ambiguous, which no real corpus of different digests does.
 */

/** A sentence's end, as `splitSentences` reads it, or a line's end (before a colon introducing a list). */
const SENTENCE_END = /(?:[。！？!?]+|\.(?=\s|$))[”’"')）]*|(?<=[^\s。！？!?.:：”’"')）])[:：]?$/gu;

/** `text` with every sentence of every non-empty line marked as copy `n`. */
export function markedCopy(text: string, n: number): string {
  return text
    .split('\n')
    .map((line) => (line.trim() ? line.replace(SENTENCE_END, (end) => `〔${n}〕${end}`) : line))
    .join('\n');
}

/** The digests of `sourceDir` (as received, renderings and catalogues included): a 1-digest corpus. */
export function copyCorpus(sourceDir: string, targetDir: string): void {
  fs.mkdirSync(targetDir, { recursive: true });
  for (const file of fs.readdirSync(sourceDir).filter((f) => f.endsWith('.txt') || f.endsWith('.papers.json'))) {
    fs.copyFileSync(path.join(sourceDir, file), path.join(targetDir, file));
  }
}

/** Adds copy `n` of every digest of `sourceDir` (text and rendering, marked) to `targetDir`. */
export function addMarkedCopy(sourceDir: string, targetDir: string, n: number): void {
  for (const file of fs.readdirSync(sourceDir).filter((f) => f.endsWith('.txt'))) {
    const [name, ...rest] = file.split('.');
    fs.writeFileSync(
      path.join(targetDir, [`${name}-copy${n}`, ...rest].join('.')),
      markedCopy(fs.readFileSync(path.join(sourceDir, file), 'utf8'), n),
    );
  }
}
