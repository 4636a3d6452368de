/**
 * A BibTeX entry, as reading lists fence one under each paper ("```bibtex" around "@inproceedings{key, title={…}, …}"):
 * the paper's authors, venue, pages and arXiv id, which a reader asks about. Read as one line of its fields, as a table
 * row is read ("title: …; author: …; year: 2022"), instead of being dropped as code.
 */

/** "@inproceedings{Zafrir_2019,": an entry's type and key, up to its first field. */
const ENTRY_START = /^\s*@\w+\s*\{[^,{}\s]*,/u;

/** The entry's fields in the order written, braces that only protect capitals dropped; undefined if `text` is no entry. */
export function bibtexFields(text: string): [string, string][] | undefined {
  const start = ENTRY_START.exec(text);
  if (!start) return undefined;
  const fields: [string, string][] = [];
  let at = start[0].length;
  while (at < text.length) {
    const equals = text.indexOf('=', at);
    if (equals < 0) break;
    const name = text.slice(at, equals).split(',').at(-1)!.trim();
    if (!name || name.includes('}')) break;
    const [value, end] = readValue(text, equals + 1);
    fields.push([name, value.replaceAll('{', '').replaceAll('}', '').split('\n').map((line) => line.trim()).join(' ')]);
    at = end;
  }
  return fields.length > 0 ? fields : undefined;
}

/** A field's value from `at` (after its "="): in braces (nested ones kept), in quotes, or bare up to the next comma. */
function readValue(text: string, at: number): [string, number] {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n') i++;
  const open = text[i];
  if (open === '{' || open === '"') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const char = text[j];
      if (char === '{') depth++;
      else if (char === '}') depth--;
      const closes = open === '{' ? depth === 0 : char === '"' && j > i && depth === 0;
      if (closes) return [text.slice(i + 1, j), j + 1];
    }
    return [text.slice(i + 1), text.length];
  }
  let j = i;
  while (j < text.length && text[j] !== ',' && text[j] !== '}' && text[j] !== '\n') j++;
  return [text.slice(i, j), j];
}

/** The entry as a line of text ("title: Q8BERT: Quantized 8Bit BERT; author: Zafrir, Ofir and …; year: 2019"). */
export function bibtexLine(fields: readonly [string, string][]): string {
  return fields
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
}

/** Where the entry says its paper is: its url, and its arXiv page from an arXiv eprint. */
export function bibtexLinks(fields: readonly [string, string][]): string[] {
  const field = (name: string) => fields.find(([key]) => key.toLowerCase() === name)?.[1];
  const eprint = field('eprint');
  const arxiv = eprint && (field('archiveprefix') ?? field('eprinttype'))?.toLowerCase() === 'arxiv' ? `https://arxiv.org/abs/${eprint}` : undefined;
  return [field('url'), arxiv].filter((link): link is string => Boolean(link));
}
