import type { Citation } from '../types.ts';
import { trimPassage } from './text.ts';

/** "[2] §4 QLoRA：…· 小标题" — how every front end names a source. */
export function citationHeading(citation: Citation): string {
  const sub = citation.subheading ? ` · ${citation.subheading}` : '';
  return `[${citation.n}] §${citation.section} ${citation.title}${sub}`;
}

/** The quoted passage, cut after a whole sentence where possible; whitespace runs collapsed to keep it compact. */
export function citationQuote(citation: Citation, max: number): string {
  return trimPassage(citation.text.replace(/\s*\n\s*/gu, ' '), max);
}
