import type { PassageLine } from '../types.ts';

/** A surname as headings and bylines write it: "Gerstgrasser", "Ramé", "O'Neill". */
const SURNAME = String.raw`\p{Lu}[\p{L}'’-]+`;
/** "Hodel & West", "Vu, Reeves & Wenger", "Xia and Bouganis", each maybe followed by "et al.". */
const AUTHOR_LIST = String.raw`${SURNAME}(?:(?:,\s*|,?\s+(?:and|&)\s+)${SURNAME})*(?:,?\s+et al\.?)?`;
/** A heading opening with its authors and year: "Gerstgrasser et al. 2024 — Is Model Collapse Inevitable?". */
const OPENING_AUTHORS = new RegExp(String.raw`^(${AUTHOR_LIST}),?\s*[(（]?(?:19|20)\d{2}`, 'u');
/** A heading closing with them: "Faster R-CNN (Ren et al. 2017)", "BASE layers (Lewis et al., 2021)". */
const CLOSING_AUTHORS = new RegExp(String.raw`[(（](${AUTHOR_LIST}),?\s*(?:19|20)\d{2}[a-z]?[)）]\s*$`, 'u');
/** A byline: "Authors: Stanislav Fort, Huiyi Hu, Balaji Lakshminarayanan", "作者：…". */
const BYLINE = /^(?:authors?|作者)\s*[:：]\s*(.+)$/iu;
/** How far into a section its byline may stand, in lines. */
const BYLINE_LINES = 6;

/**
 * The surnames of a paper's authors, in lower case, as its digest gives them: a heading opening or closing with them,
 * or a byline near the start of its section. A reader calls a paper by them ("what do Fort et al. say…").
 */
export function authorSurnames(heading: string, lines: readonly Pick<PassageLine, 'text'>[]): string[] {
  const fromHeading = (OPENING_AUTHORS.exec(heading) ?? CLOSING_AUTHORS.exec(heading))?.[1];
  const listed = fromHeading ? fromHeading.replace(/,?\s+et al\.?$/u, '').split(/,\s*|\s+(?:and|&)\s+/u) : [];
  const byline = lines
    .slice(0, BYLINE_LINES)
    .map((line) => BYLINE.exec(line.text.trim())?.[1])
    .find((names) => names !== undefined);
  // Each name's last word, affiliations in brackets left out: "Guoxuan Xia, Christos-Savvas Bouganis (Imperial…)".
  const named = (byline ?? '')
    .replace(/[(（][^)）]*[)）]/gu, '')
    .split(/[,，、;；&]|\band\b/u)
    .map((name) => name.trim().split(/\s+/u).at(-1) ?? '')
    .filter((surname) => new RegExp(`^${SURNAME}$`, 'u').test(surname));
  return [...new Set([...listed, ...named].map((surname) => surname.toLowerCase()))];
}
