import type { LineRole, PassageLine } from '../types.ts';
import { detectLanguage, opensLikeCaption, type ParsedDigest, type ParsedSection, passagesOf } from './sections.ts';
import { endsSentence, endsWithColon } from './sentence-end.ts';

/**
 * Turns a digest (plain UTF-8 text, one paragraph per line) into numbered paper sections, their
 * sub-headings and retrievable passages. Figure captions and list items are poor passages on their own,
 * so captions are folded into the paragraph they illustrate and lists into the sentence that introduces them.
 */

const SECTION_HEADING = /^(\d{1,2})\s*(?:[)）、]|[.．](?!\d))\s*(\S.{0,80})$/u;
const SENTENCE_PUNCTUATION = /[。！？!?；;：:，,、]|\.\s|\.$/u;
/** A link written out in the text. */
export const URL = /https?:\/\//u;
/** Words that mark a line as a figure caption rather than a heading, in both languages. */
const CAPTION_WORDS = /图|注释|来自|摘录|摘要|截图|figure|source|via/iu;
const SHORT_LINE = 60;
const LIST_ITEM_MAX = 90;

const length = (line: string) => [...line].length;

/**
 * A short line without sentence punctuation, links or caption words, standing between a finished sentence
 * and a new one (which rules out items of a list of titles).
 */
function looksLikeSubheading(line: string, previous: string | undefined, next: string | undefined): boolean {
  return (
    length(line) <= 32 &&
    (previous === undefined || endsSentence(previous)) &&
    !SENTENCE_PUNCTUATION.test(line) &&
    !URL.test(line) &&
    !CAPTION_WORDS.test(line) &&
    next !== undefined &&
    SENTENCE_PUNCTUATION.test(next)
  );
}

/** Figure captions: short lines, or lines that credit a figure to a linked source. */
function looksLikeCaption(line: string): boolean {
  return length(line) < SHORT_LINE || (URL.test(line) && CAPTION_WORDS.test(line) && length(line) < 130);
}

/** The role a line folded into a passage plays there; only body lines and list items may open an answer. */
function lineRole(line: string, folded: 'caption' | 'item' | undefined): LineRole {
  if (folded && URL.test(line)) return 'caption';
  if (folded === 'item') {
    // A list line without a sentence end is a title (a reading list) unless it is a sentence broken across lines.
    return endsSentence(line) || /[;；]$/u.test(line) || /[,，]/u.test(line) ? 'item' : 'title';
  }
  if (folded === 'caption' && (!endsSentence(line) || opensLikeCaption(line))) return 'caption';
  return 'body';
}

/** A file's lines, without a byte-order mark, whatever the line ends (LF or CRLF). */
export const textLines = (text: string): string[] => text.replace(/^\uFEFF/u, '').split(/\r?\n/u);

/** The digest's lines, blank ones dropped, each with its 0-based line number in the file (renderings align by it). */
export function digestLines(text: string): { text: string; line: number }[] {
  return textLines(text)
    .map((line, index) => ({ text: line.replace(/\s+$/u, ''), line: index }))
    .filter((entry) => entry.text.trim() !== '');
}

export function parseDigest(digest: string, text: string): ParsedDigest {
  const numbered = digestLines(text);
  const lines = numbered.map((entry) => entry.text);
  const sections: ParsedSection[] = [];
  let title = lines[0]?.trim() ?? digest;
  let current: ParsedSection | undefined;
  let subheading: string | undefined;
  let blocks: PassageLine[][] = [];
  let blockSubheadings: (string | undefined)[] = [];
  let subheadingLine: number | undefined;
  let blockSubheadingLines: (number | undefined)[] = [];
  let inList = false;

  const flushSection = () => {
    if (!current) return;
    const drafts = blocks.map((lines, i) => ({
      lines,
      ...(blockSubheadings[i] ? { subheading: blockSubheadings[i], subheadingLine: blockSubheadingLines[i] } : {}),
    }));
    current.passages = passagesOf(digest, current.section, current.heading, drafts);
    sections.push(current);
    blocks = [];
    blockSubheadings = [];
    blockSubheadingLines = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = SECTION_HEADING.exec(line);
    // Sections are numbered 1, 2, 3...; requiring the next number keeps "1.3B 参数..." from passing as one.
    if (heading && Number(heading[1]) === (current?.section ?? 0) + 1) {
      flushSection();
      current = {
        section: Number(heading[1]),
        heading: heading[2]!.trim(),
        headingLine: numbered[i]!.line,
        isPaper: true,
        subheadings: [],
        passages: [],
        links: [],
        leadLinks: [],
      };
      subheading = undefined;
      continue;
    }
    if (!current) {
      if (i === 0) title = line.trim();
      continue;
    }
    const isSubheading = looksLikeSubheading(line, i > 0 && !SECTION_HEADING.test(lines[i - 1]!) ? lines[i - 1] : undefined, lines[i + 1]);
    if (isSubheading) {
      subheading = line.trim();
      subheadingLine = numbered[i]!.line;
      current.subheadings.push(subheading);
      inList = false;
      continue;
    }
    const last = blocks.at(-1);
    const sameSubheading = blockSubheadings.at(-1) === subheading;
    const entry = (folded?: 'caption' | 'item'): PassageLine => ({ text: line, role: lineRole(line, folded), line: numbered[i]!.line });
    if (last && sameSubheading && inList && length(line) <= LIST_ITEM_MAX) {
      last.push(entry('item'));
    } else if (last && sameSubheading && looksLikeCaption(line) && !endsWithColon(line)) {
      last.push(entry('caption')); // a caption or stray short line belongs to the paragraph before it
      inList = false;
    } else {
      blocks.push([entry()]);
      blockSubheadings.push(subheading);
      blockSubheadingLines.push(subheadingLine);
      inList = false;
    }
    if (endsWithColon(line)) inList = true;
  }
  flushSection();
  return { digest, title, language: detectLanguage(text), sections };
}
