import type { Corpus } from '../corpus/load.ts';
import type { Language, Paper, Passage } from '../types.ts';
import { Bm25 } from './bm25.ts';
import type { LocalEmbeddings } from './embeddings.ts';
import { translateTerms } from './glossary.ts';
import { passageContext, type PassageIndex } from './index-store.ts';
import { englishTokens, namePattern, normalize, tokenize } from './tokenize.ts';
import { dot } from './vector.ts';
import { RETRIEVAL } from '../weights.ts';

/**
 * Hybrid retrieval: dense similarity of passages (HNSW store) and of their best sentence, and BM25 over jieba
 * tokens, fused by reciprocal rank fusion plus a term for how decisive the lexical match is, with a boost for
 * passages of a paper the question names (title or alias from the catalogue).
 * It also reports the evidence the "not covered" decision needs.
 */

export interface RetrievedPassage {
  passage: Passage;
  /** Fused score: higher is better, comparable only within one retrieval. */
  score: number;
}

export interface Retrieval {
  hits: RetrievedPassage[];
  queryVector: Float32Array;
  /** Highest cosine similarity between the question and any single sentence. */
  sentenceTop: number;
  /** Share of the question's informative tokens (weighted by IDF) found in one of the top lexical passages. */
  lexicalCoverage: number;
  /** Papers the question names, as `digest:section` keys. */
  namedPapers: string[];
  /** The search tokens of the question, glossary translations included. */
  queryTokens: string[];
  /** The query tokens minus the names of the papers it is about: what the question asks about that paper. */
  focusTokens: string[];
  /** The same for an English question, as English tokens (matched against English renderings). */
  englishFocusTokens: string[];
}

export interface RetrieveOptions {
  limit?: number;
  /** The previous turn, for follow-ups that do not name a paper themselves. */
  previous?: { question: string; citations: readonly { passageId?: string; section: number }[]; topic?: readonly string[] };
  /** An English question is also searched in the English renderings. */
  language?: Language;
}

const RRF_K = RETRIEVAL.rrfK;
/** A single Chinese character: too ambiguous to count as evidence on its own. */
const HAN_CHAR = /^\p{Script=Han}$/u;
const PLAIN_WORD = /^[a-z]+$/u;
const rrf = (rank: number | undefined) => (rank === undefined ? 0 : 1 / (RRF_K + rank));
const paperKey = (p: { digest: string; section: number }) => `${p.digest}:${p.section}`;

export class HybridRetriever {
  private readonly bm25: Bm25;
  private readonly passageTokens: Set<string>[];
  /** Lexical search over the English renderings (empty documents for passages without one). */
  private readonly englishBm25: Bm25;
  private readonly englishPassageTokens: Set<string>[];
  private readonly englishTextTokens = new Map<string, Set<string>>();
  private readonly paperEnglishNameTokens: Map<string, string[]>;
  /** For each token (Chinese-side and English-side), the sections whose passages use it. */
  private readonly tokenSections = new Map<string, Set<string>>();
  private readonly aliasMatchers: { key: string; pattern: RegExp }[];
  private readonly textTokens = new Map<string, Set<string>>();
  /** The short name a follow-up query borrows for each paper (its first alias, else its heading). */
  private readonly paperNames: Map<string, string>;
  private readonly paperNameTokens: Map<string, string[]>;
  private readonly defaultDigest: string;

  constructor(
    private readonly corpus: Corpus,
    private readonly index: PassageIndex,
    private readonly embeddings: LocalEmbeddings,
  ) {
    const titles = new Map(corpus.papers.map((p) => [paperKey(p), p.titleEn]));
    const documents = corpus.passages.map((p) => tokenize(passageContext(p, titles.get(paperKey(p)))));
    this.bm25 = new Bm25(documents);
    this.passageTokens = documents.map((tokens) => new Set(tokens));
    const english = corpus.passages.map((p) => (p.translation ? englishTokens(englishContext(p, titles.get(paperKey(p)))) : []));
    this.englishBm25 = new Bm25(english);
    this.englishPassageTokens = english.map((tokens) => new Set(tokens));
    this.paperEnglishNameTokens = new Map(corpus.papers.map((p) => [paperKey(p), namesOf(p).flatMap((name) => englishTokens(name))]));
    corpus.passages.forEach((passage, i) => {
      for (const token of [...this.passageTokens[i]!, ...this.englishPassageTokens[i]!]) {
        const sections = this.tokenSections.get(token) ?? new Set<string>();
        sections.add(paperKey(passage));
        this.tokenSections.set(token, sections);
      }
    });
    this.paperNames = new Map(corpus.papers.map((p) => [paperKey(p), p.aliases[0] ?? p.headingZh]));
    this.paperNameTokens = new Map(corpus.papers.map((p) => [paperKey(p), namesOf(p).flatMap((name) => tokenize(name))]));
    this.defaultDigest = corpus.papers[0]?.digest ?? '';
    this.aliasMatchers = corpus.papers.flatMap((paper) => namesOf(paper).map((name) => ({ key: paperKey(paper), pattern: namePattern(name) })));
  }

  /** Papers whose title or alias appears in `text`. */
  namedPapers(text: string): string[] {
    const normalized = normalize(text);
    return [...new Set(this.aliasMatchers.filter((m) => m.pattern.test(normalized)).map((m) => m.key))];
  }

  async retrieve(question: string, options: RetrieveOptions = {}): Promise<Retrieval> {
    const limit = options.limit ?? RETRIEVAL.limit;
    let namedPapers = this.namedPapers(question);
    let query = question;
    let boost: number = RETRIEVAL.namedPaperBoost;
    // A follow-up that names no paper ("那它需要多少显存?") is about the paper of the previous turn:
    // search with that paper's name added, rather than the whole previous question, which would dominate.
    if (namedPapers.length === 0 && options.previous) {
      namedPapers = this.namedPapers(options.previous.question);
      const lastSection = options.previous.citations[0];
      const digest = this.corpus.passages.find((p) => p.id === lastSection?.passageId)?.digest ?? this.defaultDigest;
      if (namedPapers.length === 0 && lastSection) namedPapers = [paperKey({ digest, section: lastSection.section })];
      // The names the previous question asked about ("Mixtral") say more than its paper's name ("Mistral 7B").
      const names = options.previous.topic?.length ? options.previous.topic : namedPapers.map((key) => this.paperNames.get(key)).filter(Boolean);
      query = `${question} ${names.join(' ')}`;
      boost = RETRIEVAL.followUpBoost;
    }

    const queryVector = Float32Array.from(await this.embeddings.embedQuery(query));
    const total = this.corpus.passages.length;
    const denseHits = await this.index.store.similaritySearchVectorWithScore([...queryVector], total);
    const denseRank = new Map(denseHits.map(([doc], rank) => [doc.metadata.id as string, rank]));

    const sentenceBest = this.bestSentencePerPassage(queryVector);
    const sentenceRank = new Map(
      [...sentenceBest.entries()].sort((a, b) => b[1] - a[1]).map(([id], rank) => [id, rank]),
    );

    const queryTokens = tokenize(`${query} ${translateTerms(query).join(' ')}`);
    const lexicalHits = this.bm25.search(queryTokens, total);
    const lexicalRank = new Map(lexicalHits.map((hit, rank) => [hit.index, rank]));
    const lexicalScore = new Map(lexicalHits.map((hit) => [hit.index, hit.score]));

    // An English question also meets the English renderings, word for word.
    const englishQuery = options.language === 'en' ? englishTokens(query) : [];
    const englishHits = englishQuery.length > 0 ? this.englishBm25.search(englishQuery, total) : [];
    const englishRank = new Map(englishHits.map((hit, rank) => [hit.index, rank]));
    const englishScore = new Map(englishHits.map((hit) => [hit.index, hit.score]));

    const named = new Set(namedPapers);
    const bestLexical = lexicalHits[0]?.score || 1;
    const bestEnglish = englishHits[0]?.score || 1;
    const hits = this.corpus.passages.map((passage, i): RetrievedPassage => {
      let score = rrf(denseRank.get(passage.id)) + rrf(sentenceRank.get(passage.id)) + rrf(lexicalRank.get(i)) + RETRIEVAL.englishLexical * rrf(englishRank.get(i));
      // Ranks alone hide how decisive a lexical match is: a rare exact term ("AdaptLLM-7B") scoring far above
      // every other passage should win even where dense similarity is lukewarm.
      score += Math.max((lexicalScore.get(i) ?? 0) / bestLexical, RETRIEVAL.englishLexical * ((englishScore.get(i) ?? 0) / bestEnglish)) ** 2 / RRF_K;
      if (named.has(paperKey(passage))) score += boost / RRF_K;
      return { passage, score };
    });
    hits.sort((a, b) => b.score - a.score);

    return {
      hits: hits.slice(0, limit),
      queryVector,
      sentenceTop: Math.max(0, ...sentenceBest.values()),
      lexicalCoverage: Math.max(
        0,
        ...lexicalHits.slice(0, 3).map((hit) => this.overlap(queryTokens, this.passageTokens[hit.index]!)),
        ...englishHits.slice(0, 3).map((hit) => this.englishOverlap(englishQuery, this.englishPassageTokens[hit.index]!)),
      ),
      namedPapers,
      queryTokens,
      focusTokens: this.withoutPaperNames(queryTokens, namedPapers, this.paperNameTokens),
      englishFocusTokens: this.withoutPaperNames(englishQuery, namedPapers, this.paperEnglishNameTokens),
    };
  }

  /** Each passage's best sentence similarity: a precise sentence can outweigh a long, diluted paragraph. */
  private bestSentencePerPassage(queryVector: Float32Array): Map<string, number> {
    const best = new Map<string, number>();
    for (const sentence of this.index.sentences) {
      const similarity = dot(queryVector, sentence.vector);
      if (similarity > (best.get(sentence.passageId) ?? -1)) best.set(sentence.passageId, similarity);
    }
    return best;
  }

  /**
   * IDF-weighted share of the question's informative tokens found in its best lexical passage. Tokens the
   * corpus has never seen weigh as much as the rarest corpus token: they are the mark of an off-topic question.
   */
  private withoutPaperNames(tokens: string[], papers: string[], names: ReadonlyMap<string, string[]>): string[] {
    const nameTokens = new Set(papers.flatMap((key) => names.get(key) ?? []));
    const rest = tokens.filter((t) => !nameTokens.has(t));
    return rest.length > 0 ? rest : tokens;
  }

  /** Coverage of `queryTokens` by an arbitrary text, e.g. a candidate answer sentence. */
  textCoverage(queryTokens: string[], text: string): number {
    let tokens = this.textTokens.get(text);
    if (!tokens) {
      tokens = new Set(tokenize(text));
      this.textTokens.set(text, tokens);
    }
    return this.overlap(queryTokens, tokens);
  }

  /** Whether the question uses a term that at most `maxSections` sections use: it then sets its own topic. */
  hasSpecificTerm(question: string, maxSections: number): boolean {
    const tokens = [...tokenize(`${question} ${translateTerms(question).join(' ')}`), ...englishTokens(question)];
    return tokens.some((t) => !HAN_CHAR.test(t) && !/^\d+$/u.test(t) && (this.tokenSections.get(t)?.size ?? 0) >= 1 && this.tokenSections.get(t)!.size <= maxSections);
  }

  /** Coverage of English query tokens by an English text, e.g. the rendering of a candidate answer sentence. */
  englishTextCoverage(queryTokens: string[], text: string): number {
    let tokens = this.englishTextTokens.get(text);
    if (!tokens) {
      tokens = new Set(englishTokens(text));
      this.englishTextTokens.set(text, tokens);
    }
    return this.englishOverlap(queryTokens, tokens);
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

  /**
   * IDF-weighted share of the informative query tokens found in `tokens`. Chinese tokens and terms the corpus
   * has never seen weigh as much as the rarest corpus token: they are the mark of an off-topic question.
   */
  private overlap(queryTokens: string[], tokens: ReadonlySet<string>): number {
    const informative = [...new Set(queryTokens)].filter((t) => !HAN_CHAR.test(t));
    const unseen = Math.log(1 + (this.corpus.passages.length + 0.5) / 0.5);
    const weight = informative.reduce((sum, t) => sum + (this.bm25.idf(t) || (PLAIN_WORD.test(t) ? RETRIEVAL.unknownEnglishInChinese : 1) * unseen), 0);
    if (weight === 0) return 0;
    return informative.filter((t) => tokens.has(t)).reduce((sum, t) => sum + this.bm25.idf(t), 0) / weight;
  }
}

/** Every name a paper goes by: its titles, its headings, its aliases and those of the papers its section discusses. */
export function namesOf(paper: Paper): string[] {
  const discussed = paper.discusses.flatMap((d) => [d.titleEn, ...d.aliases]);
  return [paper.titleEn, paper.headingZh, ...(paper.headingEn ? [paper.headingEn] : []), ...paper.aliases, ...discussed].filter(
    (name) => [...name].length >= 2,
  );
}

/** The English text a rendered passage is searched with: its paper's English title and sub-heading give it context. */
function englishContext(passage: Passage, titleEn?: string): string {
  return `${titleEn ?? passage.sectionTitleEn ?? ''}${passage.subheadingEn ? ` · ${passage.subheadingEn}` : ''}\n${passage.translation ?? ''}`;
}

