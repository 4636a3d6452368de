import type { Corpus } from '../corpus/load.ts';
import { paperKey, type PaperKey, type PaperRef } from '../corpus/paper-ref.ts';
import type { Language, Paper, Passage } from '../types.ts';
import { passageSentences, type PassageSentence } from '../corpus/sentences.ts';
import { Bm25, topHits } from './bm25.ts';
import type { Embeddings } from '@langchain/core/embeddings';
import { LRUCache } from 'lru-cache';
import { stemmer } from 'stemmer';
import { abbreviableTitles, abbreviatedTitle, looksLikeAcronym, writtenLatinWords, type AbbreviableTitle } from '../corpus/acronyms.ts';
import { authorship, type Authorship } from '../corpus/authors.ts';
import { passageContext, type PassageIndex } from './index-store.ts';
import { Lexicon } from './lexicon.ts';
import { hasHan, isEnglishFunctionWord } from './function-words.ts';
import { englishTokens, namePattern, normalize, PLAIN_WORD, taggedWords, tokenize } from './tokenize.ts';
import { dot } from './vector.ts';
import { detectLanguage } from '../corpus/sections.ts';
import { RETRIEVAL } from './settings.ts';

/**
 * Hybrid retrieval: dense similarity of passages (HNSW store) and of their best sentence (HNSW store of sentences),
 * and BM25 over jieba tokens (and over the English renderings for an English question), fused by reciprocal rank
 * fusion plus a term for how decisive the lexical match is, with a boost for passages of a paper the question
 * names (title or alias from the catalogue). Every list is read to a bounded k and only its candidates are fused,
 * so a question costs about the same whatever the corpus size. It hands answering the best passages with their
 * sentences scored, and the evidence the "not covered" decision needs.
 */

/** A sentence of a retrieved passage, scored against the question by retrieval so answering need not be. */
export interface ScoredSentence extends PassageSentence {
  /** Index among its passage's sentences. */
  index: number;
  /** Cosine similarity of its vector (from the sentence store) to the question's. */
  similarity: number;
  /** Share of what the question asks (its words beyond the paper's name) the sentence or its rendering contains (0..1). */
  coverage: number;
  /** Which of those words it (or its rendering) contains: what a second quote can add to the first. */
  matched: readonly string[];
}

/** A passage with its sentences in reading order, scored. */
export interface ScoredPassage {
  passage: Passage;
  sentences: ScoredSentence[];
}

export interface RetrievedPassage extends ScoredPassage {
  /** Fused score: higher is better, comparable only within one retrieval. */
  score: number;
}

/** What the "not covered" decision needs from retrieval. */
export interface RetrievalEvidence {
  /** Highest cosine similarity between the question and any single sentence. */
  sentenceTop: number;
  /** The same among the sentences of each language's passages (of the nearest sentences found). */
  sentenceTopByLanguage?: Partial<Record<Language, number>>;
  /** Share of the question's informative tokens (weighted by IDF) found in one of the top lexical passages. */
  lexicalCoverage: number;
  /** Whether the question (or the turn it continues) names a paper. */
  namesPaper: boolean;
}

export interface Retrieval {
  hits: RetrievedPassage[];
  /** With `wholeTopSection`, or for a question naming a paper: every passage of the best hit's section, scored (else empty). */
  topSection: ScoredPassage[];
  evidence: RetrievalEvidence;
  /** Papers the question names, as `digest:section` keys. */
  namedPapers: PaperKey[];
}

export interface RetrieveOptions {
  limit?: number;
  /** The previous turn, for follow-ups that do not name a paper themselves. */
  previous?: { question: string; citations: readonly PaperRef[]; topic?: readonly string[] };
  /** An English question is also searched in the English renderings. */
  language?: Language;
  /**
   * Score every passage of the best hit's section too (the answer may be anywhere in the paper asked about), as is
   * done for a question naming a paper.
   */
  wholeTopSection?: boolean;
}

const RRF_K = RETRIEVAL.rrfK;
/** Sentences whose tokens are kept: many questions' worth, a bounded share of a large corpus. */
const TOKEN_CACHE = 4096;
/** Questions whose translations are kept: those of the turns being answered. */
const TRANSLATION_CACHE = 64;
/** The corpus's words a question translates to, and its Chinese terms that were rendered in English. */
interface Translation {
  words: string;
  rendered: ReadonlySet<string>;
}
/** Passages whose split sentences are kept. */
const SENTENCE_CACHE = 1024;
/** A single Chinese character: too ambiguous to count as evidence on its own. */
const HAN_CHAR = /^\p{Script=Han}$/u;
/** "the efficacy paper", "Packing 那篇": the words a question calls a paper by. */
const PAPER_CALLED = /\bthe ((?:(?!the\b)[\w'-]+ ){1,5}?)(?:paper|section)\b|([\p{Script=Han}\w -]{2,16}?)那篇/gu;
/** "论文3", "第三篇", "paper 3", "the 3rd paper": a paper called by its place among the digest's papers. */
/** A word written as a name: an inner capital or a digit after letters ("PolyTope", "DeepSeek", "T5"), or capitals ("LERGV"). */
const NAME_WORD = /(?<![\p{L}\d])\p{L}+(?:\p{Lu}\p{L}*|\d+\p{L}*)(?![\p{L}\d])|(?<![\p{L}\d])\p{Lu}{2,}(?![\p{L}\d])/gu;
/** How often a section writes a name before the name calls its paper (papersWritingName). */
const NAME_REPEATS = 2;
/** A paper called by its authors: "fort et al", "xia and bouganis", "hodel & west", "zomer 和 de domenico", "seddik 等人", "mackay (1992)" (normalized text). */
const CALLED_BY_AUTHORS =
  /(?<![\p{L}'’-])(\p{L}[\p{L}'’-]+)\s*(?:,?\s*et\.?\s*al\b\.?|等人?|(?:\s(?:and|&)\s+|\s*和\s*)(\p{L}[\p{L}'’-]*?)(?:'s|’s)?(?![\p{L}'’-])|(?=[(（]\s*(?:19|20)\d{2}\s*[)）]))(?:\s*[,(（]?\s*((?:19|20)\d{2})(?!\d))?/gu;
const PAPER_NUMBER =
  /(?:论文|\bpaper\s*#?)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})(?!\d)|第\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*篇|\b(\d{1,2})(?:st|nd|rd|th)\s+paper/giu;
const CHINESE_DIGITS = '一二三四五六七八九';

/** The number written in digits or in Chinese numerals up to 99 ("3", "十二", "二十"). */
function numberIn(written: string): number {
  if (!Number.isNaN(Number(written))) return Number(written);
  const [tens, ones] = written.includes('十') ? written.split('十') : ['', written];
  const digit = (c: string | undefined) => CHINESE_DIGITS.indexOf(c ?? '') + 1;
  return (written.includes('十') ? (tens ? digit(tens) : 1) * 10 : 0) + digit(ones);
}
/** Passages of each digest language that calibrateLanguages compares unrelated questions with: enough for a stable mean. */
const LANGUAGE_SAMPLE = 200;
interface Similarities {
  passage: number;
  sentence: number;
}
const NO_SHIFT: Similarities = { passage: 0, sentence: 0 };
/** The language a passage's digest is written in (a passage loaded without one is from a Chinese digest). */
const languageOf = (passage: Passage): Language => passage.language ?? 'zh';
/** A year as a heading writes it: "1991", "(Alibaba, 2020)". */
const YEAR_WRITTEN = /(?<!\d)(?:19|20)\d{2}(?!\d)/gu;
/** A year calling a paper: "the 1991 work", "the 2014 deep MoE folks", "2017 年稀疏门控 MoE 论文" (not "the 2018 World Cup"). */
const YEAR_CALLING =
  /(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:[^\s,，。.?？!！]+\s*){0,4}?(?:papers?|work|study|model|method|approach|folks|authors|论文|那篇|工作|文章)/giu;
/** At most `count` items spread evenly over `items` (every digest of a language, not just the first). */
function evenSample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}
const rrf = (rank: number | undefined) => (rank === undefined ? 0 : 1 / (RRF_K + rank));
/** Each item's rank (0 = best) by a score, among the items that have one; ties keep input order. */
function rankBy<T extends { position: number }>(items: readonly T[], score: (item: T) => number | undefined): Map<number, number> {
  const scored = items.flatMap((item) => {
    const value = score(item);
    return value === undefined ? [] : [{ position: item.position, value }];
  });
  return new Map(scored.sort((a, b) => b.value - a.value).map((x, rank) => [x.position, rank]));
}

export class HybridRetriever {
  private readonly bm25: Bm25;
  /** Lexical search over the English renderings (empty documents for passages without one). */
  private readonly englishBm25: Bm25;
  /** Each paper's English title, for the context a passage is searched with. */
  private readonly titles: Map<string, string>;
  private readonly paperEnglishNameTokens: Map<string, string[]>;
  private readonly aliasMatchers: AliasMatcher[];
  /** The other papers whose heading writes a name (sharingHeading), found when the name is first asked. */
  private readonly headingsSharing = new Map<AliasMatcher, PaperKey[]>();
  /** Each paper heading's distinct tokens, for questions that describe a paper by them (describedPapers). */
  private readonly headingTokens: { key: PaperKey; tokens: string[] }[];
  /** Tokens of the sentences recently scored (Chinese side, English side): a question scores a hundred or so. */
  private readonly textTokens = new LRUCache<string, Set<string>>({ max: TOKEN_CACHE });
  private readonly englishTextTokens = new LRUCache<string, Set<string>>({ max: TOKEN_CACHE });
  /** Recent questions' translations: a question is translated once for retrieval, describedPapers and hasSpecificTerm. */
  private readonly translations = new LRUCache<string, Translation>({ max: TRANSLATION_CACHE });
  /** The short name a follow-up query borrows for each paper (its first alias, else its heading). */
  private readonly paperNames: Map<string, string>;
  /** Each paper's short names ("Mixtral", "GPT-4"), to tell a passage of another digest that names it. */
  private readonly paperAliases: Map<string, string[]>;
  private readonly paperNameTokens: Map<string, string[]>;
  /** Corpus position of each passage id, and the passages (by position) of each paper. */
  private readonly positionOf = new Map<string, number>();
  private readonly paperPassages = new Map<PaperKey, number[]>();
  /** The section (numbered in corpus order) of each passage, by corpus position. */
  private readonly sectionOf: Int32Array;
  private readonly sentenceCache = new LRUCache<Passage, PassageSentence[]>({ max: SENTENCE_CACHE });
  private readonly hasEnglishDigest: boolean;
  /** Digests whose passages are often English prose, Chinese ones quoting English abstracts included. */
  private readonly writesEnglish: ReadonlySet<string>;
  private formsByStem: Map<string, string[]> | undefined;
  private headingTokenCounts: Map<string, number> | undefined;
  /** Each paper's titles, for acronyms of them (papersByAcronym), split when first needed. */
  private abbreviable: AbbreviableTitle[] | undefined;
  /** Phrases of one paper's title only (papersByTitlePhrase), built when first needed. */
  private titlePhrases: Map<string, PaperKey> | undefined;
  /** The keys of the sections that are papers (not an introduction or a conclusion). */
  private readonly paperKeys: ReadonlySet<PaperKey>;
  /** Each paper's authors and year, as its heading or byline gives them (authorship), read when first asked by them. */
  private paperAuthors: Map<PaperKey, Authorship> | undefined;
  /** Per question language, the similarity an unrelated question has to passages of each digest language (calibrateLanguages). */
  private languageBaseline: Partial<Record<Language, Partial<Record<Language, Similarities>>>> = {};

  constructor(
    private readonly corpus: Corpus,
    private readonly index: PassageIndex,
    private readonly embeddings: Embeddings,
    private readonly lexicon: Lexicon = Lexicon.none(),
  ) {
    this.hasEnglishDigest = corpus.passages.some((passage) => passage.language === 'en');
    this.writesEnglish = digestsWritingEnglish(corpus.passages);
    this.paperKeys = new Set(corpus.papers.map(paperKey));
    const titles = new Map(corpus.papers.map((p) => [paperKey(p), p.titleEn]));
    this.titles = titles;
    // Generators, so that one passage's tokens at a time exist while the postings are built.
    this.bm25 = new Bm25(
      (function* () {
        for (const p of corpus.passages) yield tokenize(lexicalContext(p, titles.get(paperKey(p))));
      })(),
    );
    this.englishBm25 = new Bm25(
      (function* () {
        for (const p of corpus.passages) yield englishRendering(p) ? englishTokens(englishContext(p, titles.get(paperKey(p)))) : [];
      })(),
    );
    this.paperEnglishNameTokens = new Map(corpus.papers.map((p) => [paperKey(p), namesOf(p).flatMap((name) => englishTokens(name))]));
    this.sectionOf = new Int32Array(corpus.passages.length);
    const sectionNumbers = new Map<PaperKey, number>();
    corpus.passages.forEach((passage, i) => {
      this.positionOf.set(passage.id, i);
      const key = paperKey(passage);
      if (!sectionNumbers.has(key)) sectionNumbers.set(key, sectionNumbers.size);
      this.sectionOf[i] = sectionNumbers.get(key)!;
      const ofPaper = this.paperPassages.get(key) ?? [];
      ofPaper.push(i);
      this.paperPassages.set(key, ofPaper);
    });
    this.paperNames = new Map(corpus.papers.map((p) => [paperKey(p), p.aliases[0] ?? p.heading]));
    this.paperAliases = new Map(corpus.papers.map((p) => [paperKey(p), p.aliases]));
    this.paperNameTokens = new Map(corpus.papers.map((p) => [paperKey(p), namesOf(p).flatMap((name) => tokenize(name))]));
    this.aliasMatchers = corpus.papers.flatMap((paper) =>
      namesOf(paper).map((name) => ({ key: paperKey(paper), name, pattern: datedName(name, paper) })),
    );
    // The whole heading, and its part before a colon ("巴洛双胞胎:通过减少冗余的自我监督学习" → 巴洛双胞胎).
    this.headingTokens = corpus.papers.flatMap((paper) =>
      [...new Set([paper.heading, paper.heading.split(/[:：]/u)[0]!])].map((part) => ({
        key: paperKey(paper),
        tokens: [...new Set(tokenize(part))],
      })),
    );
  }

  /**
   * How similar unrelated questions (`probes`, per question language) are, on average, to the passages of each digest
   * language and to their best sentences. The embedding model places any English text nearer an English question
   * than any Chinese text (unrelated questions: ~0.6 against ~0.45), so in a corpus of both, an English question's
   * nearest passages and sentences would be English ones whatever they say. Retrieval ranks, and scores sentences,
   * by similarity less the difference of baselines (languageShift); with one digest language nothing changes.
   */
  async calibrateLanguages(probes: Readonly<Record<Language, readonly string[]>>): Promise<void> {
    const byLanguage = new Map<Language, Passage[]>();
    for (const passage of this.corpus.passages) {
      const language = languageOf(passage);
      const passages = byLanguage.get(language);
      if (passages) passages.push(passage);
      else byLanguage.set(language, [passage]);
    }
    if (byLanguage.size < 2) return;
    for (const [questionLanguage, questions] of Object.entries(probes) as [Language, readonly string[]][]) {
      const vectors = await this.embeddings.embedDocuments([...questions]);
      const baseline: Partial<Record<Language, Similarities>> = {};
      for (const [language, passages] of byLanguage) {
        const sample = evenSample(passages, LANGUAGE_SAMPLE);
        let passage = 0;
        let sentence = 0;
        for (const vector of vectors) {
          for (const p of sample) {
            passage += dot(vector, this.index.vectors.passage(p.id));
            sentence += Math.max(0, ...this.sentenceSimilarities(this.positionOf.get(p.id)!, vector));
          }
        }
        const count = vectors.length * sample.length;
        baseline[language] = { passage: passage / count, sentence: sentence / count };
      }
      this.languageBaseline[questionLanguage] = baseline;
    }
  }

  /**
   * How much nearer a question in `language` is to `passage` for its digest's language alone: the baseline of its
   * language less that of the question's own (0 in a corpus of one language, or for a digest in the question's).
   */
  private languageShift(language: Language = 'zh', passage: Passage): Similarities {
    const baseline = this.languageBaseline[language];
    const own = baseline?.[language];
    const theirs = baseline?.[languageOf(passage)];
    return own && theirs ? { passage: theirs.passage - own.passage, sentence: theirs.sentence - own.sentence } : NO_SHIFT;
  }

  /** Papers whose title or alias appears in `text`. */
  namedPapers(text: string): PaperKey[] {
    const normalized = normalize(text);
    // A phrase of a paper's title names the paper asked about, whatever name the question gives as an example ("在 The
    // Importance of Online Data 这篇论文中，像 DPO 这样的离线方法…").
    const titled = this.papersByTitlePhrase(normalized);
    if (titled.size > 0) return [...titled];
    // Its authors call it as surely ("what do fort et al say about deep ensembles" under "DICE: … Deep Ensembles …").
    const authored = this.papersByAuthors(normalized);
    if (authored.length > 0) return authored;
    const named = new Set(this.aliasMatchers.filter((m) => m.pattern.test(normalized)).map((m) => this.sharingHeading(m, text)));
    for (const match of text.matchAll(PAPER_NUMBER)) {
      const number = numberIn(match[1] ?? match[2] ?? match[3]!);
      for (const paper of this.corpus.papers) if (paper.section === number) named.add(paperKey(paper));
    }
    if (named.size > 0) return [...named];
    const abbreviated = this.papersByAcronym(text);
    return abbreviated.length > 0 ? abbreviated : this.paperOfYear(normalized);
  }

  /**
   * The papers a text calls by an acronym of their title that the digest never writes ("the VAR model" for "Visual
   * Autoregressive Modeling: …"), as abbreviatedTitle decides.
   */
  private papersByAcronym(text: string): PaperKey[] {
    this.abbreviable ??= abbreviableTitles(this.corpus.papers);
    const papers = new Set<PaperKey>();
    for (const acronym of writtenLatinWords(text).filter(looksLikeAcronym)) {
      if (tokenize(acronym).some((token) => this.bm25.documentsWith(token).length > 0)) continue;
      const paper = abbreviatedTitle(acronym, text, this.abbreviable);
      if (paper) papers.add(paper);
    }
    return [...papers];
  }

  /**
   * The papers a text calls by their authors ("what do fort et al say…", "Hodel & West", "Seddik 等人"): each surname
   * so called that is an author of one paper only.
   */
  private papersByAuthors(normalized: string): PaperKey[] {
    const papers = new Set<PaperKey>();
    for (const [, surname, coauthor, year] of normalized.matchAll(CALLED_BY_AUTHORS)) {
      this.paperAuthors ??= new Map(
        this.corpus.papers.map((paper) => [
          paperKey(paper),
          authorship(
            paper.heading,
            // A sub-heading right under the paper's heading may cite it ("### MacKay, D. J. (1992)").
            this.passagesOfPaper(paper).flatMap((passage) => (passage.subheading ? [{ text: passage.subheading }, ...passage.lines] : passage.lines)),
          ),
        ]),
      );
      // "Liang and Rakhlin" calls the paper both wrote, not one of Liang's with others ("Li & Liang").
      const authored = [...this.paperAuthors].filter(([, { surnames }]) => surnames.includes(surname!) && (!coauthor || surnames.includes(coauthor)));
      // Two papers by the same authors are told apart by the year the question gives ("guo 等人 2019 年那篇").
      const dated = authored.length > 1 && year ? authored.filter(([, paper]) => paper.year === Number(year)) : authored;
      if (dated.length === 1) papers.add(dated[0]![0]);
    }
    return [...papers];
  }

  /**
   * A name two papers' headings write ("Megatron-LM" in "Megatron-LM: Training Multi-Billion…" and in "…Training on GPU
   * Clusters Using Megatron-LM") calls the one whose heading shares most of the text's other words ("the megatron-lm gpu
   * clusters paper"), where one shares more than the others; else the paper the name is of.
   */
  private sharingHeading(matcher: AliasMatcher, text: string): PaperKey {
    let others = this.headingsSharing.get(matcher);
    if (!others) {
      others = this.corpus.papers.filter((paper) => paperKey(paper) !== matcher.key && matcher.pattern.test(normalize(paper.heading))).map(paperKey);
      this.headingsSharing.set(matcher, others);
    }
    if (others.length === 0) return matcher.key;
    const nameTokens = new Set(tokenize(matcher.name));
    // The question's own words, not the parts search tokens cut them into: "编码器" shares nothing with "CLIP 编码".
    const asked = new Set(
      taggedWords(normalize(text))
        .map(({ word }) => word.trim())
        .filter((word) => word && !nameTokens.has(word)),
    );
    const shared = (key: PaperKey) =>
      this.headingTokens.find((heading) => heading.key === key)?.tokens.filter((token) => asked.has(token)).length ?? 0;
    const ranked = [matcher.key, ...others].map((key) => ({ key, shared: shared(key) })).sort((a, b) => b.shared - a.shared);
    return ranked[0]!.shared > ranked[1]!.shared ? ranked[0]!.key : matcher.key;
  }

  /**
   * The paper whose heading alone gives the year a text calls a paper by: "the 1991 work", "2017 年稀疏门控 MoE 论文" in a
   * timeline of "### 2017 [Outrageously Large Neural Networks…]" headings. None where no heading or several give it.
   */
  private paperOfYear(normalized: string): PaperKey[] {
    for (const [, year] of normalized.matchAll(YEAR_CALLING)) {
      const papers = this.corpus.papers.filter((paper) => [...paper.heading.matchAll(YEAR_WRITTEN)].some(([written]) => written === year));
      if (papers.length === 1) return [paperKey(papers[0]!)];
    }
    return [];
  }

  /**
   * Papers a text calls by a phrase of their English title that no other paper's title or text has ("the Collaborative
   * Graph Network paper" for "Leverage Lexical Knowledge for Chinese NER via Collaborative Graph Network", where
   * "large language model" of a title is written all over the digests): TITLE_PHRASE_WORDS words or more in a row, two
   * of them content words.
   */
  private papersByTitlePhrase(normalized: string): Set<PaperKey> {
    if (!this.titlePhrases) {
      const owners = new Map<string, Set<PaperKey>>();
      for (const paper of this.corpus.papers) {
        for (const title of new Set([paper.titleEn, paper.heading])) {
          for (const phrase of wordRuns(title)) owners.set(phrase, (owners.get(phrase) ?? new Set()).add(paperKey(paper)));
        }
      }
      this.titlePhrases = new Map([...owners].filter(([, keys]) => keys.size === 1).map(([phrase, keys]) => [phrase, [...keys][0]!]));
    }
    const found = new Set<PaperKey>();
    for (const phrase of wordRuns(normalized)) {
      const key = this.titlePhrases.get(phrase);
      if (key && !this.writtenOutside(phrase, key)) found.add(key);
    }
    return found;
  }

  /** Whether a passage of another paper's section (or of no paper) writes `phrase`: found through its rarest word's postings. */
  private writtenOutside(phrase: string, key: PaperKey): boolean {
    const words = phrase.split(' ');
    const rarest = words.reduce((a, b) => (this.bm25.documentsWith(b).length < this.bm25.documentsWith(a).length ? b : a));
    return [...this.bm25.documentsWith(rarest)].some((position) => {
      const passage = this.corpus.passages[position]!;
      return paperKey(passage) !== key && latinWordsOf(passage.text).join(' ').includes(phrase);
    });
  }

  /**
   * Papers a question points to by their heading's words rather than a name ("贝叶斯神经网络后验那篇用的是什么采样方法?"
   * for "贝叶斯神经网络后验概率到底是什么样子的"): the question holds half of a heading's informative words or more,
   * two at least, in either language; a heading's part before its colon counts as a heading of its own.
   */
  describedPapers(question: string): PaperKey[] {
    // The question's English words come stemmed too (englishTokens): "routing" describes "…for routed language models".
    const asked = new Set(this.questionTokens(question));
    // A long title is described by fewer of its words, where no other heading has them ("the defensive distillation
    // paper" for "Distillation as a defense to adversarial perturbations against deep neural networks").
    const described = this.headingTokens
      .filter(({ key, tokens }) => {
        const informative = tokens.filter((t) => !HAN_CHAR.test(t) && this.bm25.idf(t) > 0);
        const found = informative.filter((t) => asked.has(t) || asked.has(stemmer(t)));
        // Words of this heading alone, and written mostly in its own section: not the whole digest's topic ("speech" and
        // "translating" in a digest on speech translation).
        const ownWords = found.filter((t) => this.headingsWith().get(t) === 1 && this.mostlyIn(t, key));
        return found.length >= 2 && (found.length >= RETRIEVAL.describedHeading * informative.length || ownWords.length >= 2);
      })
      .map(({ key }) => key);
    return [...new Set(described.length > 0 ? described : this.calledPapers(question))];
  }

  /**
   * The paper whose section alone writes a name the question gives ("PolyTope", written only in the section of "What
   * have we achieved in text summarization?"): a name of something the paper introduces, not of the paper itself.
   */
  private papersWritingName(question: string): PaperKey[] {
    const papers = new Set<PaperKey>();
    for (const word of question.match(NAME_WORD) ?? []) {
      const writing = new Set([...this.bm25.documentsWith(normalize(word))].map((position) => paperKey(this.corpus.passages[position]!)));
      const [only] = writing;
      if (writing.size !== 1 || !this.paperKeys.has(only!)) continue;
      // Written again and again: a name the paper introduces, not a dataset or a field's word it mentions once.
      const pattern = new RegExp(namePattern(word).source, 'gu');
      const times = (this.paperPassages.get(only!) ?? []).reduce(
        (count, position) => count + (normalize(this.corpus.passages[position]!.text).match(pattern)?.length ?? 0),
        0,
      );
      if (times >= NAME_REPEATS) papers.add(only!);
    }
    return [...papers];
  }

  /** Whether most passages writing `token` are of the paper `key`. */
  private mostlyIn(token: string, key: PaperKey): boolean {
    const positions = [...this.bm25.documentsWith(token)];
    return positions.filter((position) => paperKey(this.corpus.passages[position]!) === key).length * 2 >= positions.length;
  }

  /** How many paper headings hold each heading token, counted when first needed. */
  private headingsWith(): ReadonlyMap<string, number> {
    if (!this.headingTokenCounts) {
      this.headingTokenCounts = new Map();
      for (const { tokens } of this.headingTokens)
        for (const token of new Set(tokens)) this.headingTokenCounts.set(token, (this.headingTokenCounts.get(token) ?? 0) + 1);
    }
    return this.headingTokenCounts;
  }

  /**
   * The paper a question calls by a word of its own rather than by its name or heading: "the efficacy paper", "the TA
   * paper", "回归网络蒸馏那篇". The words before "paper"/"那篇" that the corpus knows must all stand in one paper's
   * section and in no other paper's, or in one paper's heading (each English word also counts through its renderings,
   * for a Chinese digest).
   */
  private calledPapers(question: string): PaperKey[] {
    const known = (token: string) => this.bm25.idf(token) > 0;
    for (const [, english, chinese] of normalize(question).matchAll(PAPER_CALLED)) {
      // Each word the corpus has; a word it lacks stands for its renderings that it has: an English word's over a Chinese
      // digest, a Chinese term's over an English one ("老照片修复那篇" → photo, restoration).
      const called = english ?? chinese ?? '';
      // A term the dictionary has whole ("去中心化") stands for its parts ("中心").
      const compounds = this.lexicon.compoundsIn(called);
      const tokens = [
        ...tokenize(called).filter((token) => !compounds.some((compound) => compound !== token && compound.includes(token))),
        ...compounds,
      ];
      const groups = tokens.flatMap((token) => {
        if (HAN_CHAR.test(token)) return [];
        const renderings = known(token)
          ? [token]
          : hasHan(token)
            ? [...this.lexicon.translateChinese([token], this.corpusForms).values()].flat()
            : this.lexicon.translate(token, known);
        return renderings.length > 0 ? [renderings] : [];
      });
      if (groups.length === 0) continue;
      const papersOf = (group: string[]) =>
        new Set(group.flatMap((token) => [...this.bm25.documentsWith(token)].map((position) => paperKey(this.corpus.passages[position]!))));
      const [first, ...rest] = groups.map((group) => [...papersOf(group)].filter((key) => this.paperKeys.has(key)));
      const common = first!.filter((key) => rest.every((keys) => keys.includes(key)));
      if (common.length === 1) return common;
      // Where several sections hold them ("DeepSeek LLM 那篇" among four DeepSeek papers), the one whose heading does.
      const headed = common.filter((key) =>
        this.headingTokens.some((heading) => heading.key === key && groups.every((group) => group.some((token) => heading.tokens.includes(token)))),
      );
      if (headed.length === 1) return headed;
    }
    return [];
  }

  /**
   * The best passages for a question, with their sentences scored, and the evidence for the "not covered" decision.
   * Only candidates are scored: the bounded-k nearest passages and sentences, the best lexical matches (from the
   * postings of the question's terms), and the passages of the papers it names; a passage outside all of them
   * could only have reached the top through votes smaller than RETRIEVAL.denseK's reason allows.
   */
  async retrieve(question: string, options: RetrieveOptions = {}): Promise<Retrieval> {
    const limit = options.limit ?? RETRIEVAL.limit;
    let namedPapers = this.namedPapers(question);
    if (namedPapers.length === 0) namedPapers = this.papersWritingName(question);
    if (namedPapers.length === 0) namedPapers = this.describedPapers(question);
    let query = question;
    let boost: number = RETRIEVAL.namedPaperBoost;
    // A follow-up that names no paper ("那它需要多少显存?") is about the paper of the previous turn:
    // search with that paper's name added, rather than the whole previous question, which would dominate.
    if (namedPapers.length === 0 && options.previous) {
      namedPapers = this.namedPapers(options.previous.question);
      const lastPaper = options.previous.citations[0];
      if (namedPapers.length === 0 && lastPaper) namedPapers = [paperKey(lastPaper)];
      // The names the previous question asked about ("Mixtral") say more than its paper's name ("Mistral 7B").
      const names = options.previous.topic?.length ? options.previous.topic : namedPapers.map((key) => this.paperNames.get(key)).filter(Boolean);
      query = `${question} ${names.join(' ')}`;
      boost = RETRIEVAL.followUpBoost;
    }

    const queryVector = await this.embeddings.embedQuery(query);
    const translation = this.translated(query);
    const queryTokens = tokenize(`${query} ${translation.words}`);
    // What the question asks, for how much of it a passage or sentence holds: a rendered term counts through its translation.
    const askedTokens = queryTokens.filter((token) => !translation.rendered.has(token));
    const lexicalScore = this.bm25.scores(queryTokens);
    const lexicalHits = topHits(lexicalScore, RETRIEVAL.lexicalK);
    // An English question also meets the English renderings, word for word.
    const englishQuery = options.language === 'en' ? englishTokens(query) : [];
    const englishScore = englishQuery.length > 0 ? this.englishBm25.scores(englishQuery) : new Map<number, number>();
    const englishHits = topHits(englishScore, RETRIEVAL.lexicalK);

    // The candidates: nearest passages, passages of the nearest sentences, best lexical matches, named papers.
    const [denseHits, sentenceHits] = await Promise.all([
      // No more than a small digest holds: hnswlib warns on every search asked for more.
      this.index.passages.similaritySearchVectorWithScore(queryVector, Math.min(RETRIEVAL.denseK, this.index.manifest.passageCount)),
      this.index.sentences.similaritySearchVectorWithScore(queryVector, Math.min(RETRIEVAL.sentenceK, this.index.manifest.sentenceCount)),
    ]);
    // hnswlib's cosine space reports distance = 1 - similarity; the first hit of a passage is its best.
    const denseSimilarity = new Map<number, number>();
    for (const [doc, distance] of denseHits) denseSimilarity.set(this.positionOf.get(doc.metadata.id as string)!, 1 - distance);
    const sentenceSimilarity = new Map<number, number>();
    for (const [doc, distance] of sentenceHits) {
      const position = this.positionOf.get(doc.metadata.passageId as string)!;
      if (!sentenceSimilarity.has(position)) sentenceSimilarity.set(position, 1 - distance);
    }
    const positions = new Set([
      ...denseSimilarity.keys(),
      ...sentenceSimilarity.keys(),
      ...lexicalHits.map((hit) => hit.index),
      ...englishHits.map((hit) => hit.index),
      ...namedPapers.flatMap((key) => this.paperPassages.get(key) ?? []),
    ]);
    // Each candidate's similarity and that of its best sentence (a precise sentence can outweigh a long, diluted
    // paragraph): from the searches, else from its stored vectors. Ranked among the candidates, those of each
    // top-k list keep their exact rank.
    const candidates = [...positions]
      .sort((a, b) => a - b)
      .map((position) => {
        const dense = denseSimilarity.get(position) ?? dot(queryVector, this.index.vectors.passage(this.corpus.passages[position]!.id));
        let bestSentence = sentenceSimilarity.get(position);
        if (bestSentence === undefined) {
          const similarities = this.sentenceSimilarities(position, queryVector);
          if (similarities.length > 0) bestSentence = Math.max(...similarities);
        }
        return { position, passage: this.corpus.passages[position]!, dense, bestSentence };
      });
    const shift = (passage: Passage) => this.languageShift(options.language, passage);
    const denseRank = rankBy(candidates, (c) => c.dense - shift(c.passage).passage);
    const sentenceRank = rankBy(candidates, (c) => (c.bestSentence === undefined ? undefined : c.bestSentence - shift(c.passage).sentence));
    const lexicalRank = rankBy(candidates, (c) => lexicalScore.get(c.position));
    const englishRank = rankBy(candidates, (c) => englishScore.get(c.position));
    const sentenceTop = Math.max(0, 1 - (sentenceHits[0]?.[1] ?? 1));
    const sentenceTopByLanguage: Partial<Record<Language, number>> = {};
    for (const [doc, distance] of sentenceHits) {
      const language = languageOf(this.corpus.passages[this.positionOf.get(doc.metadata.passageId as string)!]!);
      sentenceTopByLanguage[language] ??= Math.max(0, 1 - distance);
    }

    const named = new Set(namedPapers);
    const bestLexical = lexicalHits[0]?.score || 1;
    const bestEnglish = englishHits[0]?.score || 1;
    const fused = candidates.map((candidate) => {
      const i = candidate.position;
      let score = rrf(denseRank.get(i)) + rrf(sentenceRank.get(i)) + rrf(lexicalRank.get(i)) + RETRIEVAL.englishLexical * rrf(englishRank.get(i));
      // Ranks alone hide how decisive a lexical match is: a rare exact term ("AdaptLLM-7B") scoring far above
      // every other passage should win even where dense similarity is lukewarm.
      score += Math.max((lexicalScore.get(i) ?? 0) / bestLexical, RETRIEVAL.englishLexical * ((englishScore.get(i) ?? 0) / bestEnglish)) ** 2 / RRF_K;
      if (named.has(paperKey(candidate.passage))) score += boost / RRF_K;
      return { ...candidate, score };
    });
    // Corpus order breaks ties, as it did when every passage was scored.
    fused.sort((a, b) => b.score - a.score || a.position - b.position);
    // A question naming a paper asks about it: only that paper's passages and those naming it ("GPT-4" in another
    // section or digest that discusses it) are searched, where there are any.
    let ranked = fused;
    if (named.size > 0) {
      const names = namedPapers.flatMap((key) => this.paperAliases.get(key) ?? []);
      const about = fused.filter((c) => named.has(paperKey(c.passage)) || names.some((name) => namePattern(name).test(normalize(c.passage.text))));
      // What the papers' sections say of it, not a reference list or an introduction that names it too.
      const inPapers = about.filter((c) => this.paperKeys.has(paperKey(c.passage)));
      if (about.length > 0) ranked = inPapers.length > 0 ? inPapers : about;
    } else {
      // A name written capitalised that only a section or two use ("Larsen", "Adam") places the question there, in
      // whichever language the rest of it matches best (an English question about a Chinese digest's paper).
      const placing = tokenize(question).filter((token) => {
        const capital = token[0]!.toUpperCase();
        if (capital === token[0] || !question.includes(capital + token.slice(1))) return false;
        const sections = this.sectionsUsing(token, RETRIEVAL.placingSections + 1);
        return sections >= 1 && sections <= RETRIEVAL.placingSections;
      });
      if (placing.length > 0) {
        const places = new Map(fused.map((c) => [c, placing.some((token) => this.tokensOf(c.passage.text).has(token))]));
        ranked = [...fused].sort((a, b) => Number(places.get(b)) - Number(places.get(a)));
      }
    }

    const focusTokens = this.withoutPaperNames(askedTokens, namedPapers, this.paperNameTokens);
    const englishFocusTokens = this.withoutPaperNames(englishQuery, namedPapers, this.paperEnglishNameTokens);
    const scored = (position: number) => this.scoredPassage(position, queryVector, focusTokens, englishFocusTokens, options.language);
    const hits = ranked.slice(0, limit).map(({ position, score }): RetrievedPassage => ({ ...scored(position), score }));
    const best = ranked[0];
    const topSection = (options.wholeTopSection || named.size > 0) && best ? (this.paperPassages.get(paperKey(best.passage)) ?? []).map(scored) : [];
    return {
      hits,
      topSection,
      evidence: {
        sentenceTop,
        sentenceTopByLanguage,
        lexicalCoverage: Math.max(
          0,
          ...lexicalHits
            .slice(0, 3)
            .map((hit) => this.overlap(askedTokens, this.passageTokenSet(hit.index), this.lacksEnglish(this.corpus.passages[hit.index]!))),
          ...englishHits.slice(0, 3).map((hit) => this.englishOverlap(englishQuery, this.englishPassageTokenSet(hit.index))),
        ),
        namesPaper: namedPapers.length > 0,
      },
      namedPapers,
    };
  }

  /**
   * The corpus's words a question translates to (./lexicon.ts), either way, and the Chinese terms that were rendered
   * in English: where an English digest says "perplexity", the question's "困惑" is found, not missing.
   */
  private translated(question: string): Translation {
    const cached = this.translations.get(question);
    if (cached) return cached;
    const english = this.lexicon.translate(question, (term) => tokenize(term).every((token) => this.bm25.idf(token) > 0));
    // A Chinese question's terms meet an English digest's words the same way ("困惑" → perplexity). Only where
    // there is one: a Chinese digest's own Latin words are names and titles, which a translated term would only blur.
    const chinese = this.hasEnglishDigest
      ? this.lexicon.translateChinese([...tokenize(question), ...this.lexicon.compoundsIn(question)], this.corpusForms)
      : new Map<string, string[]>();
    const translation = { words: [...english, ...[...chinese.values()].flat()].join(' '), rendered: new Set(chinese.keys()) };
    this.translations.set(question, translation);
    return translation;
  }

  /** How the corpus writes an English word, in any of its forms ("sample" → sample, samples); none if it never does. */
  private readonly corpusForms = (word: string): readonly string[] => this.writtenForms().get(stemmer(word)) ?? [];

  /** The corpus's English words by their stem ("sampl" → sample, samples), gathered when first needed. */
  private writtenForms(): ReadonlyMap<string, string[]> {
    if (!this.formsByStem) {
      this.formsByStem = new Map();
      for (const word of this.bm25.terms()) {
        if (!PLAIN_WORD.test(word)) continue;
        const stem = stemmer(word);
        this.formsByStem.set(stem, [...(this.formsByStem.get(stem) ?? []), word]);
      }
    }
    return this.formsByStem;
  }

  /** A question's tokens, Chinese side with its words' translations and English side: what names a paper or a topic. */
  private questionTokens(question: string): string[] {
    return [...tokenize(`${question} ${this.translated(question).words}`), ...englishTokens(question)];
  }

  /** The tokens the passage at `position` is searched with (Chinese side, then English rendering). */
  private passageTokenSet(position: number): Set<string> {
    const passage = this.corpus.passages[position]!;
    return new Set(tokenize(lexicalContext(passage, this.titles.get(paperKey(passage)))));
  }

  private englishPassageTokenSet(position: number): Set<string> {
    const passage = this.corpus.passages[position]!;
    return new Set(englishRendering(passage) ? englishTokens(englishContext(passage, this.titles.get(paperKey(passage)))) : []);
  }

  /** The similarity to the question of each sentence of the passage at `position`, in reading order. */
  private sentenceSimilarities(position: number, queryVector: number[]): number[] {
    return this.index.vectors.sentences(this.corpus.passages[position]!.id).map((vector) => dot(queryVector, vector));
  }

  /** The similarity to the question of each sentence's rendering (undefined for a sentence without one stored). */
  private renderingSimilarities(position: number, queryVector: number[]): (number | undefined)[] {
    return this.sentencesOf(this.corpus.passages[position]!).map((sentence) => {
      const vector = sentence.translation ? this.index.vectors.rendering(sentence.translation) : undefined;
      return vector && dot(queryVector, vector);
    });
  }

  /** A passage's sentences in reading order, split once and kept. */
  sentencesOf(passage: Passage): PassageSentence[] {
    let sentences = this.sentenceCache.get(passage);
    if (!sentences) {
      sentences = passageSentences(passage);
      this.sentenceCache.set(passage, sentences);
    }
    return sentences;
  }

  /**
   * A term as the corpus may write it: itself, and its renderings in the other language where the corpus writes them
   * ("准确率" → accuracy, "batch size" → 批大小), through the same dictionary a question is searched with.
   */
  renderingsOf(term: string): string[] {
    const renderings = hasHan(term)
      ? [...this.lexicon.translateChinese([term, ...tokenize(term), ...this.lexicon.compoundsIn(term)], this.corpusForms).values()].flat()
      : this.lexicon.translate(term, (rendering) => tokenize(rendering).every((token) => this.bm25.idf(token) > 0));
    return [...new Set([term, ...renderings])];
  }

  /** A paper's passages in reading order. */
  passagesOfPaper(paper: PaperRef): Passage[] {
    return (this.paperPassages.get(paperKey(paper)) ?? []).map((position) => this.corpus.passages[position]!);
  }

  /** The passage at `position` with its sentences' similarity and how much of what the question asks they contain. */
  private scoredPassage(
    position: number,
    queryVector: number[],
    focusTokens: string[],
    englishFocusTokens: string[],
    language: Language | undefined,
  ): ScoredPassage {
    const passage = this.corpus.passages[position]!;
    const sentences = this.sentencesOf(passage);
    const similarities = this.sentenceSimilarities(position, queryVector);
    const { sentence: shift } = this.languageShift(language, passage);
    // A question in the other language than the passage's also meets the sentences' renderings in its own.
    const renderingSimilarities = language && language !== languageOf(passage) ? this.renderingSimilarities(position, queryVector) : [];
    // An English passage's rendering is Chinese: matched like its own text. A Chinese passage's is English.
    const renderedInEnglish = englishRendering(passage) !== undefined;
    const scoredSentences = sentences.map((sentence, index): ScoredSentence => ({
      ...sentence,
      index,
      similarity: Math.max((similarities[index] ?? 0) - shift, (renderingSimilarities[index] ?? -1) - RETRIEVAL.renderingOffset),
      coverage: Math.max(
        this.textCoverage(focusTokens, sentence.text),
        sentence.translation && !renderedInEnglish ? this.textCoverage(focusTokens, sentence.translation) : 0,
        sentence.translation && renderedInEnglish && englishFocusTokens.length > 0
          ? this.englishTextCoverage(englishFocusTokens, sentence.translation)
          : 0,
      ),
      matched: [
        ...focusTokens.filter((t) => !HAN_CHAR.test(t) && this.tokensOf(sentence.text).has(t)),
        ...(sentence.translation && renderedInEnglish ? englishFocusTokens.filter((t) => this.englishTokensOf(sentence.translation!).has(t)) : []),
      ],
    }));
    return { passage, sentences: scoredSentences };
  }

  /** The question's tokens without the names of the papers it names (what it asks of them), unless nothing is left. */
  private withoutPaperNames(tokens: string[], papers: string[], names: ReadonlyMap<string, string[]>): string[] {
    const nameTokens = new Set(papers.flatMap((key) => names.get(key) ?? []));
    const rest = tokens.filter((t) => !nameTokens.has(t));
    return rest.length > 0 ? rest : tokens;
  }

  /** Coverage of `queryTokens` by an arbitrary text, e.g. a candidate answer sentence. */
  private textCoverage(queryTokens: string[], text: string): number {
    return this.overlap(queryTokens, this.tokensOf(text));
  }

  /** A sentence's tokens, tokenized once and kept. */
  private tokensOf(text: string): Set<string> {
    let tokens = this.textTokens.get(text);
    if (!tokens) {
      tokens = new Set(tokenize(text));
      this.textTokens.set(text, tokens);
    }
    return tokens;
  }

  /** Whether the question uses a term that at most `maxSections` sections use: it then sets its own topic. */
  hasSpecificTerm(question: string, maxSections: number): boolean {
    const tokens = this.questionTokens(question);
    return tokens.some((t) => {
      if (HAN_CHAR.test(t) || /^\d+$/u.test(t)) return false;
      const sections = this.sectionsUsing(t, maxSections + 1);
      return sections >= 1 && sections <= maxSections;
    });
  }

  /** How many sections use `token` (Chinese side or English rendering), counted up to `cap`. */
  private sectionsUsing(token: string, cap: number): number {
    const sections = new Set<number>();
    for (const bm25 of [this.bm25, this.englishBm25]) {
      for (const position of bm25.documentsWith(token)) {
        sections.add(this.sectionOf[position]!);
        if (sections.size >= cap) return sections.size;
      }
    }
    return sections.size;
  }

  /** Coverage of English query tokens by an English text, e.g. the rendering of a candidate answer sentence. */
  private englishTextCoverage(queryTokens: string[], text: string): number {
    return this.englishOverlap(queryTokens, this.englishTokensOf(text));
  }

  private englishTokensOf(text: string): Set<string> {
    let tokens = this.englishTextTokens.get(text);
    if (!tokens) {
      tokens = new Set(englishTokens(text));
      this.englishTextTokens.set(text, tokens);
    }
    return tokens;
  }

  /**
   * The same share over the English renderings. Words the renderings never use count half: an English
   * question brings its own phrasing ("explain", "summarise") that a rendering need not share.
   */
  private englishOverlap(queryTokens: string[], tokens: ReadonlySet<string>): number {
    // An unseen compound ("65-billion-parameter") is judged by its parts, which are tokens too.
    const informative = [...new Set(queryTokens)].filter((t) => !t.includes('-') || this.englishBm25.idf(t) > 0);
    const unseen = Math.log(1 + (this.corpus.passages.length + 0.5) / 0.5);
    const weight = informative.reduce((sum, t) => sum + (this.englishBm25.idf(t) || RETRIEVAL.unseenEnglish * unseen), 0);
    if (weight === 0) return 0;
    return informative.filter((t) => tokens.has(t)).reduce((sum, t) => sum + this.englishBm25.idf(t), 0) / weight;
  }

  /** A passage of a Chinese digest that seldom writes English prose: an English word it lacks says little there. */
  private lacksEnglish(passage: Passage): boolean {
    return languageOf(passage) === 'zh' && !this.writesEnglish.has(passage.digest);
  }

  /**
   * IDF-weighted share of the informative query tokens found in `tokens`. Chinese tokens and terms the corpus
   * has never seen weigh as much as the rarest corpus token: they are the mark of an off-topic question.
   */
  private overlap(queryTokens: string[], tokens: ReadonlySet<string>, lacksEnglish = true): number {
    const informative = [...new Set(queryTokens)].filter((t) => !HAN_CHAR.test(t));
    const unseen = Math.log(1 + (this.corpus.passages.length + 0.5) / 0.5);
    // An English word no digest writes says little against Chinese text; against English text it is what is missing.
    const unknownWord = lacksEnglish ? RETRIEVAL.unknownEnglishInChinese : 1;
    const weight = informative.reduce((sum, t) => sum + (this.bm25.idf(t) || (PLAIN_WORD.test(t) ? unknownWord : 1) * unseen), 0);
    if (weight === 0) return 0;
    return informative.filter((t) => tokens.has(t)).reduce((sum, t) => sum + this.bm25.idf(t), 0) / weight;
  }
}

/**
 * The digests whose passages read as English often enough (RETRIEVAL.englishPassageShare) that an English word they
 * never write is missing from them, as from an English digest: Chinese notes quoting each paper's English abstract.
 */
function digestsWritingEnglish(passages: readonly Passage[]): Set<string> {
  const counts = new Map<string, { english: number; all: number }>();
  for (const passage of passages) {
    const count = counts.get(passage.digest) ?? { english: 0, all: 0 };
    count.all++;
    if (passage.language === 'en' || detectLanguage(passage.text) === 'en') count.english++;
    counts.set(passage.digest, count);
  }
  return new Set([...counts].filter(([, { english, all }]) => english >= all * RETRIEVAL.englishPassageShare).map(([digest]) => digest));
}

/** A name of a paper, and how a text writes it. */
interface AliasMatcher {
  key: PaperKey;
  name: string;
  pattern: RegExp;
}

/** Every name a paper goes by: its titles, its headings, its aliases and those of the papers its section discusses. */
export function namesOf(paper: Paper): string[] {
  const discussed = paper.discusses.flatMap((d) => [d.titleEn, ...d.aliases]);
  return [paper.titleEn, paper.heading, ...(paper.headingEn ? [paper.headingEn] : []), ...paper.aliases, ...discussed].filter(
    (name) => [...name].length >= 2,
  );
}

/**
 * A name as a text calls its paper by. Authors ("Wu et al.") call theirs unless the text dates them otherwise: "Wu et
 * al. (2022)" is not the "Wu et al. (2024)" of another digest.
 */
function datedName(name: string, paper: Paper): RegExp {
  const years = [...paper.heading.matchAll(YEAR_WRITTEN)].map(([year]) => year);
  if (!(name.endsWith(' et al.') || name.endsWith(' et al')) || years.length === 0) return namePattern(name);
  return new RegExp(`${namePattern(name).source}(?![^a-z0-9]{0,4}(?!${years.join('|')})(?:19|20)\\d{2})`, 'u');
}

/** Shortest title phrase that calls a paper: two words are too often a field's term ("Diffusion Model"). */
const TITLE_PHRASE_WORDS = 3;
const LONGEST_TITLE_PHRASE = 8;

/** A text's Latin words and numbers, lower case, without hyphens and dots ("Diffusion-based" → diffusion, based). */
const latinWordsOf = (text: string) => normalize(text).match(/[a-z0-9]+/gu) ?? [];

/** The runs of TITLE_PHRASE_WORDS to LONGEST_TITLE_PHRASE Latin words of a text with two content words or more, lower case. */
function wordRuns(text: string): string[] {
  const words = latinWordsOf(text);
  const runs: string[] = [];
  for (let start = 0; start < words.length; start++) {
    for (let end = start + TITLE_PHRASE_WORDS; end <= Math.min(words.length, start + LONGEST_TITLE_PHRASE); end++) {
      const run = words.slice(start, end);
      if (new Set(run.filter((word) => !isEnglishFunctionWord(word))).size >= 2) runs.push(run.join(' '));
    }
  }
  return runs;
}

/** A Chinese passage's English rendering, when it has one (an English passage's rendering is Chinese). */
const englishRendering = (passage: Passage) => (passage.language === 'en' ? undefined : passage.translation);

/** What a passage is matched with word for word: its context, and an English passage's Chinese rendering too. */
function lexicalContext(passage: Passage, titleEn?: string): string {
  const context = passageContext(passage, titleEn);
  return passage.language === 'en' && passage.translation ? `${context}\n${passage.translation}` : context;
}

/** The English text a rendered passage is searched with: its paper's English title and sub-heading give it context. */
function englishContext(passage: Passage, titleEn?: string): string {
  return `${titleEn ?? passage.sectionTitleEn ?? ''}${passage.subheadingEn ? ` · ${passage.subheadingEn}` : ''}\n${passage.translation ?? ''}`;
}
