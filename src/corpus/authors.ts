import type { PassageLine } from '../types.ts';

/** A surname as headings and bylines write it: "Gerstgrasser", "Ramé", "O'Neill". */
const SURNAME = String.raw`\p{Lu}[\p{L}'’-]+`;
/** "Hodel & West", "Vu, Reeves & Wenger", "Xia and Bouganis" (captured), each maybe followed by "et al.". */
const AUTHOR_LIST = String.raw`(${SURNAME}(?:(?:,\s*|,?\s+(?:and|&)\s+)${SURNAME})*)(?:,?\s+et al\.?)?`;
/**
 * A heading or a citation line opening with its authors and year, maybe a venue between: "Gerstgrasser et al. 2024 — Is
 * Model Collapse Inevitable?", "Guo et al, 2019", "Hofstätter et al., SIGIR 2021", "by Guo et al, ACM 2017".
 */
const OPENING_AUTHORS = new RegExp(String.raw`^(?:by\s+)?${AUTHOR_LIST},?\s*(?:\p{Lu}[\p{L}'’]*\.?,?\s+)?[(（]?((?:19|20)\d{2})`, 'u');
/** A heading closing with them: "Faster R-CNN (Ren et al. 2017)", "BASE layers (Lewis et al., 2021)". */
const CLOSING_AUTHORS = new RegExp(String.raw`[(（]${AUTHOR_LIST},?\s*((?:19|20)\d{2})[a-z]?[)）]\s*$`, 'u');
/** A heading opening with the year and the authors in brackets: "[2019 | Liang, Rakhlin] Just Interpolate: …". */
const BRACKETED_AUTHORS = new RegExp(String.raw`^[[(（【]\s*((?:19|20)\d{2})\s*[|,:：]\s*${AUTHOR_LIST}\s*[\])）】]`, 'u');
/** A surname with its initials, as a reference list writes it: "MacKay, D. J.", "Van Camp, D.", "Hernández-Lobato, J. M.". */
const APA_AUTHOR = String.raw`(${SURNAME}(?:\s${SURNAME})?),\s*(?:\p{Lu}\.\s*)+`;
/** Each author of such a reference, one match apiece. */
const APA_AUTHORS = new RegExp(APA_AUTHOR, 'gu');
/** A reference in that style, its authors, then the year: "Hinton, G. E., & Van Camp, D. (1993)", "Neal, R. M. (2012)". */
const APA_REFERENCE = new RegExp(String.raw`^(?:${APA_AUTHOR},?\s*(?:(?:&|and)\s+)?)+[(（]((?:19|20)\d{2})`, 'u');
/** A byline: "Authors: Stanislav Fort, Huiyi Hu, Balaji Lakshminarayanan", "作者：…", "by Ryoma Sato, Makoto Yamada". */
const BYLINE = /^(?:(?:authors?|作者)\s*[:：]|by\s)\s*(.+)$/iu;
/** What stands between two authors' names: "Hodel & West", "Vu, Reeves and Wenger", "Fort、Hu". */
const BETWEEN_NAMES = /\s*(?:[,，、;；&]|\band\b)\s*/u;
/** A word of a person's name: capitalised, or an initial ("Christos-Savvas", "M."). */
const NAME_PART = /^\p{Lu}[\p{L}'’.-]*$/u;
/** The most words a person's name has. */
const NAME_WORDS = 4;
/** How far into a section its byline may stand, in lines. */
const BYLINE_LINES = 6;

/** Who wrote a paper and when, as its digest gives them. */
export interface Authorship {
  /** The authors' surnames, in lower case. */
  surnames: string[];
  /** The year beside them, where one is. */
  year?: number;
}

/**
 * A paper's authors as its digest gives them: a heading opening or closing with them, or, near the start of its
 * section, a line citing them with the year or a byline. A reader calls a paper by them ("what do Fort et al. say…",
 * "Guo 等人 2019 年那篇").
 */
export function authorship(heading: string, lines: readonly Pick<PassageLine, 'text'>[]): Authorship {
  const opening = lines.slice(0, BYLINE_LINES).map((line) => line.text.trim());
  const bracketed = BRACKETED_AUTHORS.exec(heading);
  const fromHeading = bracketed ? [bracketed[0], bracketed[2], bracketed[1]] : (OPENING_AUTHORS.exec(heading) ?? CLOSING_AUTHORS.exec(heading));
  // Else the first opening line citing it: by surnames and year, or as a reference list does ("### MacKay, D. J. (1992)"
  // under the paper's heading, "Hinton, G. E., & Van Camp, D. (1993)").
  const citing = fromHeading ? undefined : opening.find((line) => OPENING_AUTHORS.test(line) || APA_REFERENCE.test(line));
  const reference = citing === undefined ? null : APA_REFERENCE.exec(citing);
  const cited = fromHeading ?? (citing === undefined || reference ? null : OPENING_AUTHORS.exec(citing));
  const listed = cited ? cited[1]!.split(BETWEEN_NAMES) : [];
  const byline = opening.map((line) => BYLINE.exec(line)?.[1]).find((names) => names !== undefined);
  // Each name's last word, affiliations in brackets left out: "Guoxuan Xia, Christos-Savvas Bouganis (Imperial…)". The
  // list ends where a part goes on past a name ("Christian Sohler / Proceedings of…", "Hisashi Kashima arXiv:…"); a
  // part opening with no name is no byline at all ("By training the encoder…").
  const named: string[] = [];
  const parts = (byline ?? '')
    .replace(/[(（][^)）]*[)）]/gu, '')
    .split(BETWEEN_NAMES)
    .filter(Boolean);
  for (const part of parts) {
    const words = part.split(' ').filter(Boolean);
    const end = words.findIndex((word) => !NAME_PART.test(word));
    const name = words.slice(0, Math.min(end < 0 ? words.length : end, NAME_WORDS));
    if (name.length === 0) break;
    // A surname of two words ("Manlio De Domenico") is called by either; an initial ("Nils M. Kriege") is none.
    named.push(...name.slice(1).filter((word) => !word.endsWith('.')));
    if (name.length < words.length) break;
  }
  const referenced = reference ? [...reference[0].matchAll(APA_AUTHORS)].map((match) => match[1]!) : [];
  // A surname of two words ("Van Camp") is called by either or both ("hinton & van camp").
  const surnames = [
    ...new Set([...listed, ...named, ...referenced].flatMap((surname) => [surname, ...surname.split(' ')]).map((surname) => surname.toLowerCase())),
  ];
  const year = cited?.[2] ?? reference?.at(-1);
  return year ? { surnames, year: Number(year) } : { surnames };
}
