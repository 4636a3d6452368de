/** Text as a pattern that matches it literally (Node 20 has no `RegExp.escape`). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
