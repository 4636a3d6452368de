import type { Passage } from '../types.ts';

/**
 * Turns a digest (plain UTF-8 text, one paragraph per line) into numbered paper sections, their
 * sub-headings and retrievable passages. Figure captions and list items are poor passages on their own,
 * so captions are folded into the paragraph they illustrate and lists into the sentence that introduces them.
 */

export interface ParsedSection {
  section: number;
  heading: string;
  subheadings: string[];
  passages: Passage[];
}

export interface ParsedDigest {
  digest: string;
  title: string;
  sections: ParsedSection[];
}

const SECTION_HEADING = /^(\d{1,2})\s*(?:[)）、]|[.．](?!\d))\s*(\S.{0,80})$/u;
const SENTENCE_PUNCTUATION = /[。！？!?；;：:，,、]|\.\s|\.$/u;
const SENTENCE_END = /[。！？!?.][”"’'）)]*$/u;
const URL = /https?:\/\//u;
/** Words that mark a line as a figure caption rather than a heading, in both languages. */
const CAPTION_WORDS = /图|注释|来自|摘录|摘要|截图|figure|source|via/iu;
const LIST_INTRO = /[：:]\s*$/u;
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
    (previous === undefined || SENTENCE_END.test(previous)) &&
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

export function parseDigest(digest: string, text: string): ParsedDigest {
  const lines = text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .map((line) => line.replace(/\s+$/u, ''))
    .filter((line) => line.trim() !== '');
  const sections: ParsedSection[] = [];
  let title = lines[0]?.trim() ?? digest;
  let current: ParsedSection | undefined;
  let subheading: string | undefined;
  let blocks: string[][] = [];
  let blockSubheadings: (string | undefined)[] = [];
  let inList = false;

  const flushSection = () => {
    if (!current) return;
    current.passages = blocks.map((block, i) => ({
      id: `${digest}:${current!.section}.${i + 1}`,
      digest,
      section: current!.section,
      sectionTitle: current!.heading,
      ...(blockSubheadings[i] ? { subheading: blockSubheadings[i] } : {}),
      text: block.join('\n'),
    }));
    sections.push(current);
    blocks = [];
    blockSubheadings = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = SECTION_HEADING.exec(line);
    // Sections are numbered 1, 2, 3...; requiring the next number keeps "1.3B 参数..." from passing as one.
    if (heading && Number(heading[1]) === (current?.section ?? 0) + 1) {
      flushSection();
      current = { section: Number(heading[1]), heading: heading[2]!.trim(), subheadings: [], passages: [] };
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
      current.subheadings.push(subheading);
      inList = false;
      continue;
    }
    const last = blocks.at(-1);
    const sameSubheading = blockSubheadings.at(-1) === subheading;
    if (last && sameSubheading && inList && length(line) <= LIST_ITEM_MAX) {
      last.push(line);
    } else if (last && sameSubheading && looksLikeCaption(line) && !LIST_INTRO.test(line)) {
      last.push(line); // a caption or stray short line belongs to the paragraph before it
      inList = false;
    } else {
      blocks.push([line]);
      blockSubheadings.push(subheading);
      inList = false;
    }
    if (LIST_INTRO.test(line)) inList = true;
  }
  flushSection();
  return { digest, title, sections };
}
