/** A run of white space, to split words at. */
export const SPACES = /\s+/u;
/** Every run of white space, to close up. */
export const SPACE_RUNS = /\s+/gu;

/** Text as a pattern that matches it literally (Node 20 has no `RegExp.escape`). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
