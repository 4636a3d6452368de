/**
 * Reading a file a member attached to `/digest add`: the checks and the parser `corpus/` uses (src/corpus/load.ts),
 * with what a preview shows. Pure: no Discord, no model.
 */
import { CorpusError, parseDigestFile, type UnreadableReason } from '../corpus/load.ts';
import type { Language } from '../types.ts';

/** An attachment is a digest, a page or a long post: a larger file is refused before and while it downloads. */
export const MAX_UPLOAD_BYTES = 1024 * 1024;

/** Why an attachment cannot be added, each said to the member in their language (src/messages/catalogue.ts). */
export type UploadProblem = 'not-text-format' | Exclude<UnreadableReason, 'other'>;

/** What the preview shows before a member confirms. */
export interface UploadPreview {
  /** The attachment's file name, lower-cased extension kept (`.md` or `.txt`). */
  fileName: string;
  title: string;
  language: Language;
  /** The headings of its papers, in order. */
  papers: string[];
  passages: number;
}

export type UploadReading = { ok: true; preview: UploadPreview } | { ok: false; problem: UploadProblem };

const EXTENSION = /\.(md|markdown|txt)$/iu;

/** Refused by its name alone (a PDF, a Word file, an image), before anything is downloaded. */
export function problemOfName(fileName: string): UploadProblem | undefined {
  return EXTENSION.test(fileName) ? undefined : 'not-text-format';
}

/** The file name a digest is parsed and stored under: `.md` (Markdown) or `.txt`. */
function normalisedName(fileName: string): string {
  const base = fileName.replace(/^.*[/\\]/u, '');
  return base.replace(EXTENSION, (extension) => (extension.toLowerCase() === '.txt' ? '.txt' : '.md'));
}

/** Reads an attachment as `corpus/` reads a digest; `title` (the command's option) replaces the digest's own. */
export function readUpload(fileName: string, bytes: Buffer, title?: string): UploadReading {
  const nameProblem = problemOfName(fileName);
  if (nameProblem) return { ok: false, problem: nameProblem };
  if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, problem: 'too-large' };
  const file = normalisedName(fileName);
  try {
    const digest = parseDigestFile(file, bytes);
    const papers = digest.sections.filter((section) => section.isPaper);
    return {
      ok: true,
      preview: {
        fileName: file,
        title: title?.trim() || digest.title,
        language: digest.language,
        papers: papers.map((section) => section.heading),
        passages: digest.sections.reduce((n, section) => n + section.passages.length, 0),
      },
    };
  } catch (error) {
    if (!(error instanceof CorpusError) || error.reason === 'other') throw error;
    return { ok: false, problem: error.reason };
  }
}
