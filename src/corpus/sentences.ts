/**
 * Splits text into sentences at Chinese and Western sentence ends (keeping the punctuation and any closing
 * quote or bracket with the sentence), and at line breaks, which in a digest separate list items.
 */
const SENTENCE = /[^。！？!?\n]+?(?:[。！？!?]+[”’"')）]*|\.(?=\s|$)[”’"')）]*|(?=\n)|$)/gu;

export function splitSentences(text: string): string[] {
  return (text.match(SENTENCE) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}
