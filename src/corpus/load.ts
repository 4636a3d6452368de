import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { log } from '../log.ts';
import { FIELD_TERMS } from '../retrieval/field-terms.ts';
import { hasHan, isEnglishFunctionWord } from '../retrieval/function-words.ts';
import { escapeRegExp, SPACES } from '../util/regexp.ts';
import type { Language, Paper, Passage } from '../types.ts';
import { parseMarkdownDigest } from './markdown.ts';
import { parseDigest } from './parse.ts';
import { splitSentences } from './sentences.ts';
import { AUTHOR_YEAR, openingTitle, type ParsedDigest, type ParsedSection } from './sections.ts';
import { wordsAbbreviated, writtenLatinWords } from './acronyms.ts';
import { alignRendering } from './rendering.ts';
import { UserError } from '../user-error.ts';

/**
 * Loads every digest in the corpus folder, as groups publish them: `<name>.md` (Markdown, ./markdown.ts) or
 * `<name>.txt` (plain text, one paragraph a line, numbered paper headings, ./parse.ts), in Chinese or English, plus
 * optionally `<name>.papers.json` (its paper catalogue) and its rendering in the other language, line by line:
 * `<name>.en.txt` for a Chinese digest, `<name>.zh.txt` for an English one (`npm run translate-corpus` writes it). A digest without a catalogue works: its papers are named by their headings and their arXiv ids read
 * from its links. A file that cannot be read as a digest is skipped with one line saying why; the others still load.
 */

const arxivId = z.string().regex(/^\d{4}\.\d{4,5}$/u);
const catalogueSchema = z.object({
  title: z.string().optional(),
  titleEn: z.string().optional(),
  papers: z.array(
    z.object({
      section: z.number().int().positive(),
      /** The heading as the digest writes it: checked by nothing, kept so that older catalogues still load. */
      headingZh: z.string().optional(),
      titleEn: z.string().min(1),
      arxivId: arxivId.optional(),
      aliases: z.array(z.string().min(1)).default([]),
      links: z.array(z.url()).default([]),
      tags: z.object({ en: z.array(z.string().min(1)), zh: z.array(z.string().min(1)) }).default({ en: [], zh: [] }),
      discusses: z
        .array(z.object({
            titleEn: z.string().min(1),
            arxivId: arxivId.optional(),
            aliases: z.array(z.string().min(1)).default([]),
            textIsAbout: z.boolean().optional(),
          }),)
        .default([]),
    }),
  ),
});

export interface DigestInfo {
  name: string;
  /** The file it was read from, in the corpus folder. */
  file: string;
  title: string;
  titleEn?: string;
  language: Language;
  /** Whether an aligned rendering in the other language was loaded. */
  rendered: boolean;
  papers: number;
  passages: number;
}

/** A corpus file that was not loaded, and why, in one line a user can act on. */
export interface SkippedFile {
  file: string;
  problem: string;
}

export interface Corpus {
  /** SHA-256 over every corpus file's name and bytes: the index is rebuilt when it changes. */
  hash: string;
  digests: ParsedDigest[];
  info: DigestInfo[];
  papers: Paper[];
  passages: Passage[];
  skipped: SkippedFile[];
}

/** Why a file is no digest to read, for a reply in the reader's language (src/guild-digests/upload.ts). */
export type UnreadableReason = 'too-large' | 'binary' | 'not-utf8' | 'empty' | 'no-papers' | 'other';

export class CorpusError extends UserError {
  override name = 'CorpusError';

  constructor(
    message: string,
    readonly reason: UnreadableReason = 'other',
  ) {
    super(message);
  }
}

const ARXIV_LINK = /https?:\/\/arxiv\.org\/(?:abs|pdf)\/([0-9]{4}\.[0-9]{4,5}(?:v\d+)?)/gu;

/** The arXiv links in a text or list of URLs, each once, as abstract pages (a PDF link too). */
export function arxivLinks(text: string): string[] {
  return [...new Set([...text.matchAll(ARXIV_LINK)].map((match) => `https://arxiv.org/abs/${match[1]}`))];
}

/** The file rendering a digest written in `language` into the other language: "<name>.en.txt" or "<name>.zh.txt". */
export const renderingFile = (name: string, language: Language) => `${name}.${language === 'zh' ? 'en' : 'zh'}.txt`;
/** A digest is a page or a long post; a file this large is something else (a data dump, a book). */
export const MAX_DIGEST_BYTES = 2 * 1024 * 1024;

/** A digest's name: its file name without `.md` or `.txt`. */
export const digestName = (file: string) => file.replace(/\.(md|txt)$/u, '');
/** A folder's README describes the folder; it is no digest. */
const isReadme = (file: string) => file.toLowerCase() === 'readme.md';

/** Digest files: every `*.md` but a README, and every `*.txt` that is not the rendering of another digest. */
export function digestFiles(dir: string): string[] {
  const files = fs.readdirSync(dir);
  const names = new Set(files);
  // "<name>.en.txt" or "<name>.zh.txt" beside a digest "<name>.md" or "<name>.txt".
  const base = (f: string) => f.slice(0, -'.en.txt'.length);
  const isRendering = (f: string) =>
    (f.endsWith('.en.txt') || f.endsWith('.zh.txt')) && (names.has(`${base(f)}.txt`) || names.has(`${base(f)}.md`));
  return files
    .filter((f) => (f.endsWith('.md') && !isReadme(f)) || (f.endsWith('.txt') && !isRendering(f)))
    .sort();
}

/** Files of the corpus folder that are neither digests nor their companions (renderings, catalogues, a README). */
function otherFiles(dir: string, digests: readonly string[]): string[] {
  const companions = new Set(
    digests.flatMap((file) => [renderingFile(digestName(file), 'zh'), renderingFile(digestName(file), 'en'), `${digestName(file)}.papers.json`]),
  );
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !digests.includes(entry.name) && !companions.has(entry.name))
    .map((entry) => entry.name)
    .filter((name) => !isReadme(name))
    .sort();
}

/** A digest's text, decoded once; a CorpusError saying why when `bytes` is no digest to read. */
function digestText(bytes: Buffer): string {
  if (bytes.length > MAX_DIGEST_BYTES) {
    throw new CorpusError(`${(bytes.length / 2 ** 20).toFixed(1)} MB, more than a digest (at most ${MAX_DIGEST_BYTES / 2 ** 20} MB)`, 'too-large');
  }
  if (bytes.includes(0)) throw new CorpusError('a binary file, not text: export it as Markdown (.md) or UTF-8 text (.txt)', 'binary');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CorpusError('not UTF-8 text: save it as UTF-8', 'not-utf8');
  }
  if (text.trim() === '') throw new CorpusError('empty', 'empty');
  return text; // TextDecoder has dropped a byte-order mark
}

const NO_PAPERS =
  'no paper sections found: expected a heading per paper (Markdown "## Title", any level) or numbered lines ("1) Title") in a text file';

/**
 * A digest file's text parsed as a digest (Markdown for `.md`, plain text otherwise); a CorpusError saying why when
 * it is none. What `/digest add` reads an attachment with, as loadCorpus reads a file of the corpus.
 */
export function parseDigestFile(file: string, bytes: Buffer): ParsedDigest {
  const text = digestText(bytes);
  const name = digestName(file);
  const digest = file.endsWith('.md') ? parseMarkdownDigest(name, text) : parseDigest(name, text);
  if (!digest.sections.some((section) => section.isPaper)) throw new CorpusError(NO_PAPERS, 'no-papers');
  return digest;
}

/** Another folder of digests loaded beside the corpus folder (a server's own digests), with titles that override the digests' own. */
export interface ExtraDigests {
  dir: string;
  titles?: Readonly<Record<string, string>>;
}

/**
 * The corpus folder's digests, then those of `extra` (a server's own: its scope, see src/guild-digests/). A digest
 * of `extra` named as one already loaded is skipped.
 */
export function loadCorpus(dir: string, extra: ExtraDigests[] = []): Corpus {
  if (!fs.existsSync(dir)) throw new CorpusError(`Corpus folder not found: ${dir}`);
  const sources = [{ dir } as ExtraDigests, ...extra].flatMap((source) => digestFiles(source.dir).map((file) => ({ file, source })));
  const files = digestFiles(dir);
  // A PDF, a Word file or an image dropped beside the digests is said to be skipped, not silently ignored.
  const skipped: SkippedFile[] = otherFiles(dir, files).map((file) => ({
    file,
    problem: 'not a digest: export it as Markdown (.md) or UTF-8 text (.txt)',
  }));
  for (const { file, problem } of skipped) log.warn(`${file} skipped: ${problem}`);
  if (files.length === 0) throw new CorpusError(`No digest (*.md or *.txt) in ${dir}`);
  const hash = crypto.createHash('sha256');
  const digests: ParsedDigest[] = [];
  const info: DigestInfo[] = [];
  const papers: Paper[] = [];
  for (const { file, source } of sources) {
    const name = digestName(file);
    const readBytes = (file: string) => {
      const bytes = fs.readFileSync(path.join(source.dir, file));
      hash.update(file).update(bytes);
      return bytes;
    };
    const readText = (file: string) => digestText(readBytes(file));
    try {
      if (info.some((loaded) => loaded.name === name)) throw new CorpusError(`a digest named ${name} is already loaded`);
      const digest = parseDigestFile(file, readBytes(file));
      const { rendering, catalogue } = companions(source.dir, name, digest, file, readText, hash);
      const paperSections = digest.sections.filter((section) => section.isPaper);
      // Capitals mark a name only in English text: a Chinese digest writes "Attention" and "Transformer" as terms.
      const named = digest.language === 'en' ? paperSections : [];
      // A Chinese digest's rendering gives its papers and title in English.
      const english = digest.language === 'zh' ? rendering : undefined;
      const digestPapers = paperSections.map((section) => paperOf(name, section, paperSections, named, english, catalogue));
      if (rendering) for (const section of digest.sections) attachSectionRendering(section, rendering, digest.language);
      for (const passage of digest.sections.flatMap((section) => section.passages)) passage.language = digest.language;
      papers.push(...digestPapers);
      digests.push(digest);
      info.push({
        name,
        file,
        title: source.titles?.[name] ?? catalogue?.title ?? digest.title,
        ...((catalogue?.titleEn ?? english?.[0]) ? { titleEn: catalogue?.titleEn ?? english![0]!.trim() } : {}),
        language: digest.language,
        rendered: rendering !== undefined,
        papers: digestPapers.length,
        passages: digest.sections.reduce((n, section) => n + section.passages.length, 0),
      });
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      skipped.push({ file, problem: error.message });
      log.warn(`${file} skipped: ${error.message}`);
    }
  }
  if (digests.length === 0) {
    throw new CorpusError(`No readable digest in ${dir}: ${skipped.map((s) => `${s.file}: ${s.problem}`).join('; ')}`);
  }
  // With more than one digest, every citation names its digest as well as its section.
  if (digests.length > 1) {
    const titleOf = new Map(info.map((entry) => [entry.name, entry.title]));
    for (const passage of digests.flatMap((d) => d.sections.flatMap((s) => s.passages))) passage.digestTitle = titleOf.get(passage.digest);
  }
  // The parsed passages and their sentences are hashed too: a new parser or splitter rebuilds the index (reusing
  // the vectors of every text it already has), instead of serving sentences the index was not built from.
  const passages = digests.flatMap((d) => d.sections.flatMap((s) => s.passages));
  hash.update(JSON.stringify(passages.map((passage) => [passage.id, splitSentences(passage.text)])));
  return {
    hash: hash.digest('hex'),
    digests,
    info,
    papers,
    passages,
    skipped: skipped.sort((a, b) => a.file.localeCompare(b.file)),
  };
}

type Catalogue = z.infer<typeof catalogueSchema>;

/** A digest's optional rendering in the other language and paper catalogue. */
function companions(
  dir: string,
  name: string,
  digest: ParsedDigest,
  file: string,
  readText: (file: string) => string,
  hash: crypto.Hash,
): { rendering?: string[]; catalogue?: Catalogue } {
  const rendered = renderingFile(name, digest.language);
  let rendering: string[] | undefined;
  if (fs.existsSync(path.join(dir, rendered))) {
    const aligned = alignRendering(digest, readText(rendered));
    if (aligned.ok) rendering = aligned.lines;
    else log.warn(`${rendered} is not aligned with ${file} (${aligned.problem}); answering in the digest's language only.`);
  }
  const catalogueFile = path.join(dir, `${name}.papers.json`);
  if (!fs.existsSync(catalogueFile)) return { ...(rendering ? { rendering } : {}) };
  const raw = fs.readFileSync(catalogueFile);
  hash.update(`${name}.papers.json`).update(raw);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new CorpusError(`${name}.papers.json is not JSON (${(error as Error).message})`);
  }
  const parsed = catalogueSchema.safeParse(json);
  if (!parsed.success) throw new CorpusError(`${name}.papers.json: ${parsed.error.issues[0]?.message}`);
  return { ...(rendering ? { rendering } : {}), catalogue: parsed.data };
}

function paperOf(
  digest: string,
  section: ParsedSection,
  /** The digest's paper sections. */
  sections: readonly ParsedSection[],
  /** The paper sections whose text tells names (namesInText): an English digest's. */
  papers: readonly ParsedSection[],
  rendering: readonly string[] | undefined,
  catalogue: Catalogue | undefined,
): Paper {
  const entry = catalogue?.papers.find((p) => p.section === section.section);
  const headingEn = rendering && renderedHeading(section, rendering);
  const links = entry?.links ?? arxivLinks([...section.links, ...section.passages.map((p) => p.text)].join('\n'));
  const arxivFromLinks = arxivLinks(section.leadLinks.join('\n'))[0]?.split('/abs/')[1]?.replace(/v\d+$/u, '');
  const arxivId = entry?.arxivId ?? (catalogue ? undefined : arxivFromLinks);
  // The title its text opens on, where the heading names a module or method of it ("## PAM and CAM").
  const opening = openingTitle(section);
  return {
    digest,
    section: section.section,
    heading: section.heading,
    ...(headingEn ? { headingEn } : {}),
    titleEn: entry?.titleEn ?? headingEn ?? titleIn(section.heading) ?? opening ?? section.heading,
    ...(arxivId ? { arxivId } : {}),
    aliases:
      entry?.aliases ??
      [
        ...new Set([
          ...headingNames(section.heading),
          ...(opening ? headingNames(opening) : []),
          ...(papers.includes(section) ? namesInText(section, papers) : []),
          // An acronym is written alike in either language ("CMC 这篇 paper" under "Contrastive MultiView Coding").
          ...acronymsInText(section, sections),
          ...repositoryNames(section, sections),
          ...versionedNames(section, sections),
        ]),
      ],
    links,
    tags: entry?.tags ?? { en: [], zh: [] },
    discusses: entry?.discusses ?? [],
  };
}

/**
 * The short names a paper heading gives its paper, for a digest without a catalogue: the name before its first colon or
 * spaced dash ("HyperFast：表格数据的即时分类" → HyperFast, "Longformer - The Long-Document Transformer" → Longformer, "MaIR: A Locality-… Mamba" → MaIR) and an acronym it spells out in
 * parentheses ("… Enhanced Audio Semantics (DDESeg)" → DDESeg). A venue with its year ("（CVPR 2025）") is no name.
 */
export function headingNames(heading: string): string[] {
  const names: string[] = [];
  // A year opening a heading dates its paper ("2014 Learning Factored Representations…", "2020 GShard: …").
  heading = heading.replace(LEADING_YEAR, '');
  // Authors and year opening it cite the paper ("Zhang et al., 2021. Mr. TyDi: …"): its name is in what follows, or,
  // with nothing after them ("Zhu et al. 2025"), the authors are what a reader calls it by.
  const citation = AUTHOR_YEAR.exec(heading);
  if (citation) {
    const rest = heading.slice(citation[0].length).trim();
    if (!rest) return [citation[1]!];
    heading = rest;
  }
  const written = heading;
  // A Latin name: a Chinese phrase before a colon is a title's first half ("不留任何上下文：…"), not a name.
  const hasLatin = (text: string) => /[A-Za-z]/u.test(text);
  const wordsOf = (text: string) => text.split(SPACES);
  const isName = (part: string) => hasLatin(part) && !hasHan(part) && wordsOf(part).length <= SHORT_NAME_WORDS;
  // A short heading before its citation is the paper's name: "Switch Transformer (Fedus et al. 2021)", "RETRO (…, 2021)".
  const cited = heading.replace(CITATION_AFTER, '').trim();
  if (cited !== heading.trim()) {
    const plain = !/[()（）:：]/u.test(cited) && !wordsOf(cited).some((word) => isEnglishFunctionWord(word.toLowerCase()));
    if (isName(cited) && plain) names.push(cited);
    heading = cited;
  }
  // A name before its expansion in brackets: "GPT (Generative Pre-training)", "BERT (Bidirectional Encoder …)".
  const expanded = /^(\S+)\s*[(（][^()（）]*\s[^()（）]*[)）]$/u.exec(heading.trim())?.[1];
  if (expanded && NAME_SHAPED.test(expanded)) names.push(expanded);
  // Two models one heading covers: "Wav2vec 2.0 / XLSR-53", "UniSpeech-SAT / WavLM".
  const alternatives = heading.split(/\s+\/\s+/u);
  if (alternatives.length > 1 && alternatives.every(isName)) names.push(...alternatives);
  // A dash stands for the colon a file name cannot hold: "AdapterBias- Parameter-efficient…", "BLIP - Bootstrapping…".
  const [beforeColon, ...afterColon] = heading.split(/\s*[:：]\s*|(?<=\S)[-–—]\s+(?=\p{Lu})|\s+[-–—]\s+/u).map((part) => part.trim());
  const short = beforeColon ?? '';
  // After a description, the names it labels: "Masked Action Modeling: BERT4Rec", "One-Stage: DIN (2018) and DIEN (2019)".
  const labelled = (afterColon[0] ?? '')
    .replace(/\s*[(（](?:19|20)\d{2}[)）]/gu, '')
    .split(/\s+(?:and|&)\s+/u);
  if (afterColon.length === 1 && labelled.every((name) => NAME_SHAPED.test(name)) && !short.split(' ').some((word) => NAME_SHAPED.test(word)))
    names.push(...labelled);
  else if (short !== heading.trim() && isName(short)) names.push(short);
  // After a Chinese phrase, the name it introduces: "畅游多模态领域：GLIDE", "高调进军视频领域：《Video Diffusion Models》".
  if (!hasLatin(short)) {
    names.push(...afterColon.map((part) => titleIn(part) ?? part).filter(isName));
  }
  // A title opening with a name and no colon ("DeepSeek-V3 Technical Report", "DeepSeek LLM Scaling Open-Source…"):
  // its leading words shaped as names, one of them with a digit or an inner capital (not a title's "AI" or "New").
  const words = heading.split(' ').filter(Boolean);
  // A dash closing a word closes the name, as a colon does ("AdapterBias- Parameter-efficient…").
  const nameEnd = words.findIndex((word) => '-–—'.includes(word.at(-1)!));
  if (nameEnd >= 0) words.splice(nameEnd + 1);
  const leading = words.slice(0, Math.max(0, words.findIndex((word) => !NAME_SHAPED.test(word))));
  if (leading.some((word) => word !== word.toUpperCase() || [...word].some((c) => c >= '0' && c <= '9'))) names.push(leading.join(' '));
  // A Latin name set apart from a Chinese remark by a space or a dash: "ScaleDet-重点", "Mamba 模型解读"; closing the
  // heading, shaped as a name ("清华 AdaThinking", not "…上下文 Transformer").
  if (hasHan(heading)) {
    const opening = LEADING_LATIN.exec(heading)?.[1];
    const closing = TRAILING_LATIN.exec(heading)?.[1];
    if (opening && opening !== opening.toLowerCase() && isName(opening)) names.push(opening);
    if (closing && isName(closing) && closing.split(' ').some((word) => NAME_SHAPED.test(word))) names.push(closing);
  }
  // An acronym spelled out in brackets, with its venue or year or not: "… Enhanced Audio Semantics (DDESeg)", "(TIM, 2024)",
  // "(SiamRPN, CVPR2018)".
  for (const [, acronym] of written.matchAll(/[(（]([A-Za-z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)(?:\s*[,，]\s*[A-Za-z]*\s*(?:19|20)\d{2})?[)）]/gu)) {
    if (!VENUE_YEAR.test(acronym!)) names.push(acronym!);
  }
  return [...new Set(names)];
}
/** Latin words opening or closing a Chinese heading, apart from its Chinese by a space or a dash. */
const LEADING_LATIN = /^([A-Za-z][A-Za-z0-9.+]*(?:[ -][A-Za-z0-9.+]+)*?)(?:\s*[-–—_]\s*|\s+)\p{Script=Han}/u;
const TRAILING_LATIN = /\p{Script=Han}\s+([A-Za-z][A-Za-z0-9.+-]*(?: [A-Za-z0-9.+-]+)*)$/u;
/** A GitHub repository's name in a link: "https://github.com/facebookresearch/DiT" → DiT. */
const REPOSITORY = /^https?:\/\/github\.com\/[\w.-]+\/([\w.-]+?)(?:\.git)?\/?(?:[#?].*)?$/u;

/**
 * The names of the code repositories a paper section links ("[GitHub地址](https://github.com/facebookresearch/DiT)"),
 * where shaped as a name and linked from no other paper section: a paper's code is published under the paper's name,
 * which the digest may write nowhere else.
 */
export function repositoryNames(section: ParsedSection, sections: readonly ParsedSection[]): string[] {
  const named = (s: ParsedSection) => s.links.flatMap((link) => REPOSITORY.exec(link)?.[1] ?? []).filter((name) => NAME_SHAPED.test(name));
  const elsewhere = new Set(sections.filter((other) => other !== section).flatMap(named));
  return named(section).filter((name) => !elsewhere.has(name));
}
/** An English title between Chinese title marks: "DDPM奠基之作：《Denoising Diffusion Probabilistic Models》". */
const titleIn = (heading: string) => /《([^《》\p{Script=Han}]+)》/u.exec(heading)?.[1]?.trim();
/** Parentheses that close a heading and hold a year: its authors or venue ("(Lewis et al., 2021)", "（CVPR 2023）"). */
const CITATION_AFTER = /\s*[(（][^()（）]*\b(?:19|20)\d{2}[a-z]?[^()（）\d]*[)）]\s*$/u;
/** A year and the space or dash after it, opening a heading ("2020 GShard: …", "2022 - VideoINR: …"). */
const LEADING_YEAR = /^(?:19|20)\d{2}(?:\s+[-–—])?\s+(?=\S)/u;
/** A venue with its year written as one word ("(EMNLP2019)", "（AAAI2020）"): no name. */
const VENUE_YEAR = /^[A-Za-z]+-?(?:19|20)\d{2}$/u;
/** A word written as a name: with a digit, an inner capital or capitals first ("GPT-3", "DeepSeek", "LLM", "YOLOv2"). */
const NAME_SHAPED = /^(?=[A-Za-z0-9.+-]*(?:\d|[a-z][A-Z]|^[A-Z]{2}))[A-Za-z0-9][A-Za-z0-9.+-]*$/u;
/** Longest name before a heading's colon, in words: beyond it the part is a title ("Segment Anything in the Wild"). */
const SHORT_NAME_WORDS = 3;

/**
 * The words of a paper heading that the digest's text uses as a name on their own: written alone in its section (not
 * inside the whole title) at least twice, capitalised far more often than not, in no other paper heading, and at least as often in this section as in all the others
 * ("Rethinking Attention with Performers" → Performer, "Megatron-Turing NLG" → Megatron, "Longformer - The
 * Long-Document Transformer" → Longformer). A title's ordinary words ("Rethinking", "Dynamic") are not written alone,
 * or are as often written in lower case; acronyms come from parentheses (headingNames).
 */
export function namesInText(section: ParsedSection, papers: readonly ParsedSection[]): string[] {
  const headingWords = writtenLatinWords(section.heading);
  if (headingWords.length < 2) return []; // the heading is the name
  const textWords = (s: ParsedSection) => s.passages.flatMap((passage) => writtenLatinWords(passage.text));
  const here = textWords(section);
  const others = papers.filter((other) => other !== section);
  const elsewhere = others.flatMap(textWords);
  const otherHeadings = new Set(others.flatMap((other) => writtenLatinWords(other.heading).map((word) => word.toLowerCase())));
  // Pairs of adjacent heading words: a word quoted inside the whole title stands beside one of them.
  const titlePairs = new Set(headingWords.slice(1).map((word, i) => `${headingWords[i]} ${word}`.toLowerCase()));
  const count = (word: string, words: readonly string[]) => words.filter((w) => w === word).length;
  const names: string[] = [];
  for (const word of headingWords) {
    for (const form of word.endsWith('s') ? [word, word.slice(0, -1)] : [word]) {
      // A term of the field ("Transformer") is no paper's name, however a digest capitalises it.
      if (form.length < 3 || !/^[A-Z][a-z]/u.test(form) || form.toLowerCase() in FIELD_TERMS) continue;
      if (otherHeadings.has(form.toLowerCase())) continue;
      const [inText, inOthers] = [count(form, here), count(form, elsewhere)];
      if (count(form.toLowerCase(), [...here, ...elsewhere]) * 2 >= inText + inOthers) continue;
      const alone = here.filter(
        (w, i) => w === form && !titlePairs.has(`${here[i - 1]} ${w}`.toLowerCase()) && !titlePairs.has(`${w} ${here[i + 1]}`.toLowerCase()),
      ).length;
      if (alone >= 2 && inText >= inOthers) names.push(form);
    }
  }
  return names;
}

/** A word in capitals, or capitals and digits, that may abbreviate a title: "MAE", "RAG", "BYOL", "RigL". */
const ACRONYM = /(?<![A-Za-z0-9-])[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?![A-Za-z0-9-])/gu;
/** Shortest and longest acronym taken: two letters abbreviate too many things. */
const ACRONYM_LETTERS = [3, 8] as const;

/**
 * A version of the paper's name that its section writes and no other section's heading names ("InceptionV3",
 * "Inception-v3" under "## Inception"): a reader asks by the version the text discusses.
 */
export function versionedNames(section: ParsedSection, sections: readonly ParsedSection[]): string[] {
  const names = [section.heading, ...headingNames(section.heading)].filter((name) => /^[A-Za-z][A-Za-z-]{2,}$/u.test(name));
  if (names.length === 0) return [];
  const text = section.passages.map((passage) => passage.text).join('\n');
  const otherHeadings = sections.filter((other) => other !== section).map((other) => other.heading.toLowerCase());
  return [
    ...new Set(
      names.flatMap((name) =>
        [...text.matchAll(new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?:[-\\s]?v\\d{1,2}|-?\\d{1,2})(?:\\.\\d)?(?![\\w.-])`, 'giu'))].map(([written]) => written),
      ),
    ),
  ].filter((written) => !otherHeadings.some((heading) => heading.includes(written.toLowerCase())));
}

/**
 * Acronyms a paper's section writes that abbreviate the start of its title ("Masked Autoencoders Are Scalable Vision
 * Learners" → "MAE", "Rigging the Lottery" → "RigL", "Bootstrap Your Own Latent" → "BYOL"): each word of that start
 * gives the acronym its first letter and maybe more of its letters in order, function words may give none. Not a word
 * of the title itself ("BERT" in "BEiT: BERT Pre-Training…"), nor one other sections write as often ("LLM").
 */
export function acronymsInText(section: ParsedSection, papers: readonly ParsedSection[]): string[] {
  const title = writtenLatinWords(section.heading);
  if (title.length < 2) return [];
  const here = acronymsWritten(section);
  const elsewhere = papers.filter((other) => other !== section).flatMap(acronymsWritten);
  const titleText = title.join('').toLowerCase();
  return [...new Set(here)].filter(
    (acronym) =>
      acronym.length >= ACRONYM_LETTERS[0] &&
      acronym.length <= ACRONYM_LETTERS[1] &&
      !titleText.includes(acronym.toLowerCase()) &&
      here.filter((word) => word === acronym).length > elsewhere.filter((word) => word === acronym).length &&
      wordsAbbreviated(acronym, title, 1) !== undefined,
  );
}

/** The acronym-shaped words a section's text writes, found once per section: every paper of its digest counts them. */
const acronymsBySection = new WeakMap<ParsedSection, string[]>();
function acronymsWritten(section: ParsedSection): string[] {
  let words = acronymsBySection.get(section);
  if (!words) {
    words = [...section.passages.map((passage) => passage.text).join('\n').matchAll(ACRONYM)].map(([word]) => word);
    acronymsBySection.set(section, words);
  }
  return words;
}

/** Each line's rendering; the English headings of a Chinese digest (an English digest's own headings are English). */
function attachSectionRendering(section: ParsedSection, rendering: readonly string[], language: Language): void {
  const headingEn = language === 'zh' ? renderedHeading(section, rendering) : undefined;
  for (const passage of section.passages) {
    for (const line of passage.lines) line.translation = rendering[line.line]!.trim();
    passage.translation = passage.lines.map((line) => line.translation).join('\n');
    if (headingEn) passage.sectionTitleEn = headingEn;
    if (language === 'zh' && passage.subheadingLine !== undefined) passage.subheadingEn = rendering[passage.subheadingLine]!.trim();
  }
}

/** The English rendering of a section's heading, without its number. */
function renderedHeading(section: ParsedSection, rendering: readonly string[]): string | undefined {
  return rendering[section.headingLine]?.replace(/^\s*\d{1,2}\s*[)）.．、]\s*/u, '').trim();
}
