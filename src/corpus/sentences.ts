import type { LineRole, Passage } from '../types.ts';
import { endsSentence, sentencesOf } from './sentence-end.ts';

/** The sentences of a text (see sentencesOf), the one splitter the index, answers and renderings share. */
export const splitSentences = sentencesOf;

/** A sentence of a passage with what answering needs to know about it. */
export interface PassageSentence {
  text: string;
  /** The matching sentence of the rendering in the other language (or the whole rendered line when sentences do not align). */
  translation?: string;
  role: LineRole;
  /** Index of its line within the passage. */
  lineIndex: number;
  /** Position within its line (0 = the line's first sentence). */
  position: number;
  /** The line it is on has this many sentences. */
  ofLine: number;
}

/** The sentences of a passage, in the order `splitSentences(passage.text)` gives them. */
export function passageSentences(passage: Passage): PassageSentence[] {
  return passage.lines.flatMap((line, lineIndex) => {
    const sentences = splitSentences(line.text);
    const rendered = line.translation ? splitSentences(line.translation) : [];
    const aligned = rendered.length === sentences.length;
    return sentences.map((text, position) => ({
      text,
      ...(line.translation ? { translation: aligned ? rendered[position]! : line.translation } : {}),
      role: sentenceRole(line.role, text, sentences.length),
      lineIndex,
      position,
      ofLine: sentences.length,
    }));
  });
}

/**
 * A caption line may hold a sentence of running text before the figure credit ("SAM 旨在实现高效的基于提示的图像
 * 分割。带注释的屏幕截图来自…"): a complete sentence of a longer caption line, with no link and no credit, is text.
 */
function sentenceRole(lineRole: LineRole, text: string, sentencesInLine: number): LineRole {
  if (lineRole !== 'caption' || sentencesInLine < 2) return lineRole;
  return endsSentence(text) && !/https?:\/\/|来自|截图|注释/u.test(text) ? 'body' : 'caption';
}
