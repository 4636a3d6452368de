import { abbreviableTitles, abbreviatedTitle, spelledOutAcronyms, type AbbreviableTitle } from '../corpus/acronyms.ts';
import type { Corpus } from '../corpus/load.ts';
import { endsWithQuestionMark, sentencesOf } from '../corpus/sentence-end.ts';
import { levenshtein } from '../papers/lookup.ts';
import { namesOf } from '../retrieval/hybrid.ts';
import { hasHan, isEnglishFunctionWord } from '../retrieval/function-words.ts';
import { escapeRegExp, namePattern, normalize } from '../retrieval/tokenize.ts';

/**
 * Names in a question, checked against what the digest mentions: misspelt names are corrected to the digest's
 * spelling ("mixtrall" → "mixtral"), and a name the digest never mentions (Llama 3, Mamba, GPT-5) is reported so
 * the question can be refused instead of answered with whatever is nearest.
 */

const LATIN = /[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*\+{0,2}/gu;
/** The Latin-script words of a text, lower case, with their hyphens, dots and pluses ("gpt-4", "phi-1.5", "lora+"). */
export const latinWords = (text: string): string[] => [...normalize(text).matchAll(LATIN)].map(([word]) => word);
/**
 * A Latin-script word as written, with its hyphens and dots ("GPT-4", "phi-1.5", "ConvNets-match-ViTs") and the
 * pluses that make another name of it ("LoRA+" is not LoRA).
 */
const WRITTEN_NAME = /[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*\+{0,2}/gu;
/** A word without a plural's final s (and any other final s). */
export const withoutPlural = (word: string) => (word.endsWith('s') ? word.slice(0, -1) : word);
const capitalised = (word: string) => word[0] !== undefined && word[0] >= 'A' && word[0] <= 'Z';
/** A name's parts, between what joins them ("DeepSeek-V3", "v1.5"). */
const joinedParts = (word: string) => word.replaceAll('.', '-').split('-');
const unjoined = (word: string) => joinedParts(word).join('');
const opensWithDigit = (word: string) => word[0] !== undefined && word[0] >= '0' && word[0] <= '9';
/** Words that are neither names nor topics: how people talk to the bot. */
const CONVERSATION_WORDS = new Set(
  (
    'english chinese bot paperbot discord digest summary section sections paper papers article author blog post explain ' +
    'summarize summarise describe tell show give list compare mention mentions mentioned say says said talk talks about ' +
    'question answer thanks hello hi please ok okay yes no ' +
    // how people write on a chat: "…提升了多少个点啊，thx", "pls", "lol"
    'thx thnx tks ty tysm pls plz lol lmao btw imo imho tbh fyi afaik idk asap omg'
  ).split(' '),
);

export interface NameCheck {
  /** The question with misspelt names replaced by the digest's spelling. */
  question: string;
  corrections: { from: string; to: string }[];
  /** Names the digest does not mention, as the question writes them. */
  unknown: string[];
  /** Of those, names the digest gives with another version ("Llama 3" where it has "Llama 2"): always what is asked. */
  unknownVersions: string[];
}

/** A year, as a citation writes it after its authors. */
const YEAR = /^(?:19|20)\d{2}$/u;

/** Acronyms too common in the digest to single out a subject ("LLM", "GPU"). */
const GENERIC_NAMES = new Set(['llm', 'llms', 'gpu', 'gpus', 'ai', 'ml', 'cnn', 'vit', 'token', 'tokens', 'ps']);

/**
 * Whether a run of a text's words spells a name out by their initials, function words skipped: "Generative
 * Adversarial Network" spells GAN, "Bidirectional Encoder Representations from Transformers" BERT, and "Fourier
 * Enhanced Decomposed Transformer" FEDformer, whose last word ends the name.
 */
export function spellsOut(text: string, name: string): boolean {
  const words = latinWords(text).filter((word) => !isEnglishFunctionWord(word));
  const target = unjoined(normalize(name));
  for (let start = 0; start < words.length; start++) {
    for (let end = start + 2; end <= words.length; end++) {
      const run = words.slice(start, end);
      const head = run
        .slice(0, -1)
        .map((word) => word[0])
        .join('');
      const last = run.at(-1)!;
      if (head + last[0] === target) return true;
      const rest = target.slice(head.length);
      if (head.length >= 2 && target.startsWith(head) && rest.length >= 3 && last.endsWith(rest)) return true;
    }
  }
  return false;
}

/** A word with a capital or a digit after its first letter ("QLoRA", "GPT-4", "VGG19"): a name by its shape. */
const shapedAsName = (word: string) => /[A-Z0-9]/u.test(word.slice(1));

export class NameChecker {
  /**
   * Names of models, papers, people and companies the digest mentions, lower case: words it writes with capitals or
   * digits ("Gemini", "GPT-4", "QLoRA") that its English rendering does not also use as ordinary lower-case words
   * ("Transformer" / "transformers", "Vision" / "vision").
   */
  readonly modelNames: ReadonlySet<string>;
  /**
   * Of those, the ones that say a question is about the digest: all but a common word capitalised once in passing
   * ("Examples: Tetris rules database, German translator"), which a question uses for its own scene ("renew a German
   * passport"). One the digest keeps writing ("Performer"), shapes as a name or titles a paper with is still one.
   */
  readonly recurringNames: ReadonlySet<string>;
  /** Latin-script words of the digest's own text and catalogue: names, terms, acronyms. */
  private readonly names = new Set<string>();
  /** Names the digest writes with a version or size ("Llama 2", "GPT-4", "phi-1.5", "Qwen 14B"). */
  private readonly versioned = new Set<string>();
  /** Every word the digest, its rendering and its catalogue use, plus conversation words. */
  private readonly vocabulary = new Set<string>(CONVERSATION_WORDS);
  /** The same words without hyphens and dots, so "phi2" and "gpt4" are known as "phi-2" and "GPT-4". */
  private readonly compact = new Set<string>();
  private readonly text: string;
  private readonly latestYear: number;
  /** Acronyms the digest writes after their expansion, lower case: "vision transformers (ViT)" → "vit". */
  private readonly spelledOut: ReadonlySet<string>;
  /** Each paper's titles, which a reader may abbreviate ("VAR" for "Visual Autoregressive Modeling"). */
  private readonly titles: AbbreviableTitle[];

  /**
   * `commonWords`: common English words, no names however written ("Thanks", "Berlin"); `isEnglishWord`: any word a
   * dictionary has, which written in lower case inside a Chinese question is a word too ("batch", "dissection").
   */
  constructor(
    corpus: Corpus,
    commonWords: Iterable<string> = [],
    private readonly isEnglishWord: (word: string) => boolean = () => false,
  ) {
    // Its sub-headings are the digest's words too ("### Barber, D., & Bishop, C. M. (1998)" under a paper).
    const original = corpus.passages.map((p) => (p.subheading ? `${p.subheading}\n${p.text}` : p.text)).join('\n');
    const catalogue = corpus.papers.flatMap(namesOf).join('\n');
    for (const [word] of normalize(`${original}\n${catalogue}`).matchAll(LATIN)) this.names.add(word);
    for (const [, stem] of normalize(`${original}\n${catalogue}`).matchAll(/(?<![a-z0-9])([a-z]{2,})[\s-]?\d/gu)) this.versioned.add(stem!);
    const rendering = corpus.passages.map((p) => p.translation ?? '').join('\n');
    // Words an English text (a rendering, or an English digest itself) also writes in lower case are ordinary words
    // ("The", "This", "Transformer"), not names.
    const ordinaryWords = new Set([...`${rendering}\n${original}`.matchAll(/(?<![A-Za-z0-9-])[a-z]+(?![A-Za-z0-9-])/gu)].map(([w]) => w));
    const ordinary = (word: string) => ordinaryWords.has(word) || ordinaryWords.has(withoutPlural(word));
    // "the 16B" is no versioned name: a stem the text also writes as an ordinary word is none.
    for (const stem of [...this.versioned]) if (ordinary(stem)) this.versioned.delete(stem);
    // A capitalised word the text only writes inside a run of capitalised words ("Audio Visual Segmentation", a title)
    // is a title's word, not a name: a name is also written on its own ("Mistral 7B is…", "由 Meta 发布").
    const common = new Set([...commonWords].map((word) => normalize(word)));
    const alone = new Set<string>();
    const written = [...original.matchAll(WRITTEN_NAME)];
    written.forEach((match, i) => {
      const gapBefore = i > 0 ? original.slice(written[i - 1]!.index + written[i - 1]![0].length, match.index) : '\n';
      const gapAfter = i + 1 < written.length ? original.slice(match.index + match[0].length, written[i + 1]!.index) : '\n';
      const titled = (gap: string, word: string | undefined) => word !== undefined && gap === ' ' && capitalised(word);
      // A capital opening a line or a sentence ("Training language models to…") says nothing either.
      const opensSentence = /(?:^|[\n.!?。！？#>*+:-])\s*$/u.test(original.slice(Math.max(0, match.index - 4), match.index));
      // A common word before a colon labels a field ("Method: A-MPC + DQN", a table's column read as a field): no name.
      const label = common.has(match[0].toLowerCase()) && [':', '：'].includes(gapAfter.trimStart()[0] ?? '');
      if (!opensSentence && !label && !titled(gapBefore, written[i - 1]?.[0]) && !titled(gapAfter, written[i + 1]?.[0])) alone.add(match[0]);
    });
    // A word the text also writes in lower case, a function word or a word of talking to the bot is no name however it
    // is capitalised ("If MaxEnt RL is the Answer, What is the Question?", where "what" is never written in lower case).
    // So is one in capitals: a title written in capitals ("…GRAPH NETWORKS FOR SPARSELY-OBSERVED DYNAMICS") names no "FOR".
    const functionWord = (lower: string) => isEnglishFunctionWord(lower) || CONVERSATION_WORDS.has(lower);
    const plainWord = (lower: string) => ordinary(lower) || functionWord(lower);
    // A word put in capitals once for emphasis ("It is really, **REALLY** important") is the ordinary word it is.
    const timesWritten = new Map<string, number>();
    for (const [word] of written) timesWritten.set(word, (timesWritten.get(word) ?? 0) + 1);
    const emphasis = (word: string) => word === word.toUpperCase() && timesWritten.get(word) === 1 && ordinary(word.toLowerCase());
    this.modelNames = new Set(
      written
        .map(([word]) => word)
        .filter(
          (word) =>
            (shapedAsName(word) && !functionWord(word.toLowerCase()) && !emphasis(word)) ||
            (capitalised(word) && alone.has(word) && !plainWord(word.toLowerCase())),
        )
        .map((word) => word.toLowerCase())
        .filter((word) => word.length >= 3 && !GENERIC_NAMES.has(word) && !opensWithDigit(word)),
    );
    const timesNamed = new Map<string, number>();
    const shaped = new Set<string>();
    for (const [word] of written) {
      timesNamed.set(word.toLowerCase(), (timesNamed.get(word.toLowerCase()) ?? 0) + 1);
      if (shapedAsName(word)) shaped.add(word.toLowerCase());
    }
    const catalogueNames = new Set([...normalize(catalogue).matchAll(LATIN)].map(([word]) => word));
    this.recurringNames = new Set(
      [...this.modelNames].filter((name) => !common.has(name) || shaped.has(name) || catalogueNames.has(name) || (timesNamed.get(name) ?? 0) >= 2),
    );
    this.text = normalize(`${original}\n${rendering}\n${catalogue}`);
    this.spelledOut = spelledOutAcronyms(this.text);
    for (const [word] of this.text.matchAll(LATIN)) for (const part of [word, ...joinedParts(word)]) this.vocabulary.add(part);
    for (const word of common) this.vocabulary.add(word);
    for (const name of this.names) this.vocabulary.add(name);
    // "GNN" for the "Graph Neural Network" a digest writes out: the initials of its runs of capitalised words.
    for (const initials of initialisms(`${original}\n${catalogue}`)) this.vocabulary.add(initials);
    for (const word of this.vocabulary) this.compact.add(unjoined(word));
    this.titles = abbreviableTitles(corpus.papers);
    const years = corpus.info.flatMap((d) => `${d.title} ${d.titleEn ?? ''}`.match(/\b(?:19|20)\d{2}\b/gu) ?? []).map(Number);
    this.latestYear = years.length > 0 ? Math.max(...years) : Number.POSITIVE_INFINITY;
  }

  /**
   * Whether the digest spells `term` out as an acronym ("vision transformers (ViT)"): a question asking what it means
   * is then about the digest, however little else it shares with it.
   */
  spellsOut(term: string): boolean {
    return this.spelledOut.has(normalize(term));
  }

  check(question: string): NameCheck {
    const corrections: NameCheck['corrections'] = [];
    let corrected = question;
    for (const match of question.matchAll(WRITTEN_NAME)) {
      const word = normalize(match[0]);
      // A name written with capitals inside ("LLaVA", "RWKV") is spelt on purpose, not misspelt.
      if (/[A-Z]/u.test(match[0].slice(1))) continue;
      // Four letters or fewer are too short to correct safely ("Sora" is not a typo of "LoRA"); a dictionary's word is
      // no typo ("Transformer" beside a digest's "transforms").
      if (
        word.length < 5 ||
        this.vocabulary.has(word) ||
        this.vocabulary.has(withoutPlural(word)) ||
        this.compact.has(word) ||
        this.isEnglishWord(word)
      )
        continue;
      const version = new RegExp(`${escapeRegExp(match[0])}[\\s-]?(\\d+(?:\\.\\d+)?)`, 'iu').exec(question)?.[1];
      const fix = this.closestName(word, version);
      if (fix) {
        corrections.push({ from: match[0], to: fix });
        corrected = corrected.replace(match[0], fix);
      }
    }
    const { versions, words } = this.unknownNames(corrected);
    return { question: corrected, corrections, unknown: [...new Set([...versions, ...words])], unknownVersions: versions };
  }

  /**
   * The digest's name one or two typos away (two for longer words, or for a name the digest gives with the same
   * version: "lamma 2" → "llama 2"), when exactly one is that close.
   */
  private closestName(word: string, version?: string): string | undefined {
    const budget = word.length >= 7 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    let tie = false;
    for (const name of this.names) {
      if (name.length < 5 || Math.abs(name.length - word.length) > budget + 1) continue;
      // A name as the digest writes it may hold marks a pattern reads as syntax ("SVD++").
      const withVersion =
        version !== undefined &&
        budget === 1 &&
        new RegExp(`(?<![a-z0-9])${escapeRegExp(name)}[\\s-]?${escapeRegExp(version)}(?![\\d.]*\\d)`, 'u').test(this.text);
      const allowed = budget + (withVersion ? 1 : 0);
      if (Math.abs(name.length - word.length) > allowed) continue;
      const distance = levenshtein(word, name);
      if (distance > allowed) continue;
      if (distance < bestDistance) [best, bestDistance, tie] = [name, distance, false];
      else if (distance === bestDistance && name !== best) tie = true;
    }
    return best && !tie ? best : undefined;
  }

  private unknownNames(wholeQuestion: string): { versions: string[]; words: string[] } {
    const versions: string[] = [];
    const firstOfSeries: string[] = [];
    const unknown: string[] = [];
    const normalized = normalize(wholeQuestion);
    // Only the clause that asks can name what is asked: in "Thanks Alice! What is DPO?" or "what did X find? our lead
    // in Austin cites it", the other clauses set the scene.
    const question = askingClause(wholeQuestion);
    // A name the digest knows with a version or size it never mentions: "Llama 3", "GPT-5", "phi-3", "Mixtral 8x22B".
    for (const [whole, stem, version] of question
      .normalize('NFKC')
      .matchAll(/\b((?:[A-Z][a-z]+\s)?[A-Za-z]+)[\s-]?(\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)?[BbMm]?)(?![\d.]*[A-Za-z0-9])/gu)) {
      // An author with a year cites a paper ("Lin 2016", "Zeng 2014"): a year is no version.
      if (YEAR.test(version!)) continue;
      const lastWord = stem!.split(/\s/u).at(-1)!;
      const last = lastWord.toLowerCase();
      const namedWithCapital = capitalised(lastWord);
      if (!this.versioned.has(last) && !(namedWithCapital && this.names.has(last))) continue;
      // The first of a series is often named without its number: the digest's bare "GPT" is the question's "GPT-1".
      const bare = new RegExp(`(?<![a-z0-9])${escapeRegExp(last)}(?![\\s-]?\\d|[a-z0-9])`, 'u');
      if (version === '1' && bare.test(this.text)) {
        firstOfSeries.push(whole.trim());
        continue;
      }
      const size = escapeRegExp(version!.toLowerCase());
      // Written either way round: "Guanaco 65B" is the digest's "65B Guanaco".
      const mention = new RegExp(`(?<![a-z0-9])(?:${last}[\\s-]?${size}(?![\\d.]*\\d)|${size}[\\s-]?${last}(?![a-z]))`, 'u');
      if (!mention.test(this.text)) versions.push(whole.trim());
    }
    // A name the digest knows beside a capitalised word it never writes is another model ("Llama Guard", "Code Llama",
    // "Mistral Large"), unless every word of the question is capitalised ("How Does QLoRA Work?").
    const latin = [...question.matchAll(WRITTEN_NAME)];
    const titleCase = latin.length >= 3 && latin.every(([word]) => capitalised(word));
    const english = !hasHan(question);
    // In English a capital opening a sentence says nothing.
    const opensSentence = (at: number) => english && (question.slice(0, at).trim() === '' || /[.?!。？！]\s*$/u.test(question.slice(0, at)));
    latin.forEach((match, i) => {
      const next = latin[i + 1];
      if (titleCase || !next || question.slice(match.index + match[0].length, next.index) !== ' ') return;
      // "Does HuBERT…" asks about HuBERT: a word of the question's grammar opening it is no part of a name.
      if (opensSentence(match.index) && isEnglishFunctionWord(match[0].toLowerCase())) return;
      const pair = [match[0], next[0]];
      const variant =
        pair.every(capitalised) &&
        pair.some((word) => this.modelNames.has(word.toLowerCase())) &&
        pair.some((word) => !this.names.has(word.toLowerCase()) && !CONVERSATION_WORDS.has(word.toLowerCase()));
      if (variant && !namePattern(pair.join(' ')).test(this.text)) versions.push(pair.join(' '));
    });
    // A capitalised or all-caps word the digest never uses: "Mamba", "RWKV" ("What" opening a question is not a name).
    // In a Chinese question a Latin word is a name unless written as a lower-case English word ("batch 大小");
    // in English a capital opening a sentence says nothing.
    for (const match of latin) {
      const word = match[0];
      const atStart = opensSentence(match.index);
      const lowerCaseWord = word === word.toLowerCase() && word.split('-').every((part) => this.isEnglishWord(part));
      const numbered = /\d/u.test(word);
      // An acronym in the plural ("GPUs", "LLMs") names a kind of thing, as a common noun does, not one model.
      const plural = /^[A-Z]{2,}s$/u.test(word);
      const nameLike =
        !plural &&
        (numbered || /^[A-Z]{2,}$/u.test(word) || /[a-z][A-Z]/u.test(word) || (capitalised(word) && !atStart) || (!english && !lowerCaseWord));
      const lower = normalize(word);
      const known = (w: string) => this.vocabulary.has(w) || this.vocabulary.has(withoutPlural(w));
      // "ConvNets-match-ViTs" joins words the digest knows: no new name ("DeepSeek-V3" carries a version: it is one).
      // Every part capitalised ("Step-Back", "Self-Instruct") is a name written so, not words joined into a slug.
      const joinsKnownWords = !numbered && !joinedParts(word).every(capitalised) && joinedParts(lower).every(known);
      // Written with a space where the question has a hyphen ("top-5" for the digest's "top 5"), or a metric's mean
      // of one the digest writes ("mIoU" for "mean IOU", "mAP" for "AP").
      const spaced = numbered && lower.includes('-') && namePattern(lower).test(this.text);
      // A known name with a lower-case word hyphenated to it ("L2RPN-style", "ProcGen-like") is that name.
      const tail = word.slice(word.lastIndexOf('-') + 1);
      const head = lower.slice(0, lower.lastIndexOf('-'));
      const qualified =
        word.includes('-') && tail === tail.toLowerCase() && this.isEnglishWord(tail) && (known(head) || this.compact.has(unjoined(head)));
      const meanOf = /^m[A-Z]/u.test(word) && known(lower.slice(1));
      // An acronym of a paper's title that the digest never writes ("VAR" for "Visual Autoregressive Modeling: …"),
      // looked for last: it reads every title.
      const abbreviatesPaper = () => abbreviatedTitle(word, wholeQuestion, this.titles) !== undefined;
      // Two letters are too few for a name, unless one is a digit ("T5", "R1").
      if (
        !nameLike ||
        (word.length < 3 && !numbered) ||
        known(lower) ||
        this.compact.has(unjoined(lower)) ||
        joinsKnownWords ||
        spaced ||
        qualified ||
        meanOf ||
        abbreviatesPaper()
      )
        continue;
      // Nor is a word glued to the digit before it: it is part of a figure ("3x3", "8x7B").
      if (opensWithDigit(word) || opensWithDigit(question.slice(Math.max(0, match.index - 1), match.index))) continue;
      unknown.push(word);
    }
    // "a 2024 paper": the digest covers papers of its own year.
    for (const [, year] of normalized.matchAll(/\b((?:19|20)\d{2})\s*(?:年的?\s*)?(?:paper|papers|论文|model|models|模型|release)/gu)) {
      if (Number(year) > this.latestYear) versions.push(`${year}`);
    }
    for (const [, year] of normalized.matchAll(
      /(?:paper|papers|论文|model|published|released|发布|发表)[^.?!。？！]{0,20}?\b(?:in|from|of|于|在)\s*((?:19|20)\d{2})/gu,
    )) {
      if (Number(year) > this.latestYear) versions.push(`${year}`);
    }
    const named = [...versions, ...firstOfSeries];
    return { versions: [...new Set(versions)], words: [...new Set(unknown)].filter((word) => !named.some((name) => name.includes(word))) };
  }
}

/** Runs of capitalised words, as a text writes names out: "Graph Neural Network", "Collaborative Graph Network". */
const CAPITALISED_RUN = /\b[A-Z][a-z]+(?:[\s-]+[A-Z][a-z]+)+/gu;
/** Longest run whose initials are taken: a name is seldom abbreviated from more words. */
const INITIALISM_WORDS = 5;

/**
 * The lower-case initials of every run of two to INITIALISM_WORDS capitalised words in `text`, and of each run's
 * consecutive parts ("Text Level Graph Neural Network" → "tlgnn", "gnn", "nn", …): how names written out are abbreviated.
 */
export function initialisms(text: string): Set<string> {
  const found = new Set<string>();
  for (const [run] of text.matchAll(CAPITALISED_RUN)) {
    const letters = run.split(/[\s-]+/u).map((word) => word[0]!.toLowerCase());
    for (let start = 0; start < letters.length; start++) {
      for (let end = start + 2; end <= Math.min(letters.length, start + INITIALISM_WORDS); end++) found.add(letters.slice(start, end).join(''));
    }
  }
  return found;
}

/** How an asker speaks of themselves: what follows sets their scene ("on my RTX 4090", "我在 Colab 上跑"). */
const ASKER = /\b(?:I|I'm|my|we|our)\b|我|咱/iu;
/** A name with a year after it, glued or apart: "cvpr2017", "CVPR 2019". */
const DATED = /^\p{L}+['’]?\s*(?:19|20)\d{2}(?!\d)/u;

/** A name written with a year after it ("CVPR 2019 最佳论文…", "cvpr2017 那篇…"): a venue, or a benchmark's edition. */
export function datesPaper(asking: string, name: string): boolean {
  const at = asking.indexOf(name);
  return at >= 0 && DATED.test(asking.slice(at));
}
/** A word that puts what follows in a place or a tool: "on Azure", "in Colab", "在 Kubernetes 上", "用 WSL". */
const SETTING = /(?:\b(?:on|in|at|from|with|using|via)(?:\s+(?:a|an|the))?|[在用从])\s*$/iu;

/**
 * A question word asking which one of a kind ("on what GPU?", "which CPU", "用的什么 GPU", "哪种 GPU"): the word after it
 * names the kind of the answer, which the digest need not write ("RTX 3090" answers "what GPU").
 */
const ASKS_WHICH = /\b(?:what|which)\s+$|(?:什么|哪个|哪种|哪一种|哪款|哪些|哪家)\s*$/iu;
/** A result the question asks to be given ("what FID does it report?", "达到了什么精度"): its measure must be written. */
const RESULT_GIVEN = /\b(?:report|get|achieve|score|reach|obtain|hit)(?:s|ed|ted)?\b|\bgot\b|达到|取得|得到|拿到/iu;

/** Whether `name` is the kind a question word asks for ("on what GPU?") and no result of it is asked ("what FID…report?"). */
export function asksKind(asking: string, name: string): boolean {
  const before = textBefore(asking, name);
  return before !== undefined && ASKS_WHICH.test(before) && !RESULT_GIVEN.test(asking);
}

/**
 * Whether a text names something the question does not: a word written with a digit or an inner capital ("RTX 3090",
 * "A100", "AdamW"), as an answer to "on what GPU?" does.
 */
export function namesNewTerm(text: string, question: string): boolean {
  const asked = normalize(question);
  // A name, not a bare figure ("4000 maps"): letters with a digit or an inner capital.
  return [...text.matchAll(WRITTEN_NAME)].some(([word]) => !opensWithDigit(word) && shapedAsName(word) && !asked.includes(normalize(word)));
}

/**
 * Of the names the digest never mentions, those the asking clause asks about: written as a term is (a digit, inner
 * capitals or all capitals: "WikiText-103", "BooksCorpus", "KITTI", a Latin word inside Chinese), in the clause's
 * last part (after its last comma or emoji, where the question itself stands), and neither placed by a preposition ("on
 * Azure") nor after the asker speaks of themselves ("can I fine-tune it on my RTX 4090?"), nor the kind a question word
 * asks for ("on what GPU?"), unless a result of that measure is asked ("what FID does it report?"). A plain capitalised word
 * (Bob, Acme, Berlin) is a person, a company or a place: it sets the scene of a question about a known paper.
 */
export function askedNames(asking: string, unknown: readonly string[], asksResult = false): string[] {
  return unknown.filter((name) => {
    const before = textBefore(asking, name);
    const plainCapitalised = capitalised(name) && [...name.slice(1)].every((letter) => letter >= 'a' && letter <= 'z');
    if (before === undefined || ASKER.test(before) || asksKind(asking, name)) return false;
    // Where a measured result is asked for, what a preposition places is what it was measured on ("what accuracy did CoT
    // get on GSM8K?"): the digest must give the result for that, even for a plain capitalised word ("…on the Vicuna
    // benchmark", "在 Pile 上的困惑度"), a benchmark there rather than a person.
    return asksResult ? SETTING.test(before) || !plainCapitalised : !plainCapitalised && !SETTING.test(before);
  });
}

/** What the clause's last part (where the question itself stands) writes before `name`; undefined if it has no `name`. */
function textBefore(asking: string, name: string): string | undefined {
  const core = questionProper(asking);
  const at = core.indexOf(name);
  return at < 0 ? undefined : core.slice(0, at);
}

/**
 * Whether the asker speaks of `name` as their own, in the part of the clause that asks ("on my RTX 4090", "我的 RTX 4090
 * 跑得动吗"): a preposition alone does not say so ("what's new in Llama 3?" asks about Llama 3).
 */
export function placedByAsker(asking: string, name: string): boolean {
  const before = textBefore(asking, name);
  return before !== undefined && ASKER.test(before);
}

/**
 * A name a preposition places in a part before the question's own ("周末在 ComfyUI 里玩图，作者说…", "greetings from
 * São Paulo 🇧🇷 does the author…"): it sets the scene of what follows, even where nothing else is named.
 */
export function setsScene(asking: string, name: string): boolean {
  return scenes(partsOf(asking), [name]).length > 0;
}

/**
 * The question without the parts before its own that only set its scene ("在 Colab T4 上微调，想搞清楚 QLoRA 里是把什么
 * 量化了?" → "想搞清楚 QLoRA 里是把什么量化了?"): the answer is searched for what is asked, not for the scene.
 */
export function withoutScene(question: string, unknown: readonly string[], namesKnown: (text: string) => boolean): string {
  const parts = partsOf(question);
  // "我在 WSL 里复现 DPO，它用的是…": a part naming what the digest knows may hold the subject the question points back to.
  const scene = scenes(parts, unknown).filter((part) => !namesKnown(part));
  return scene.length === 0 ? question : parts.filter((part) => !scene.includes(part)).join(',');
}

/** Of the parts before the last, those where a preposition places one of the names. */
function scenes(parts: readonly string[], names: readonly string[]): string[] {
  return parts.slice(0, -1).filter((part) =>
    names.some((name) => {
      const at = part.indexOf(name);
      // The words of a place written in several ("São Paulo") stand together behind the preposition.
      return at >= 0 && SETTING.test(part.slice(0, at).replace(/(?:\p{Lu}\p{L}*\s+)+$/u, ''));
    }),
  );
}

/**
 * The parts of a clause: chat separates a greeting or a scene from the question by a comma or an emoji; a comma inside
 * brackets separates nothing ("Speaker-Follower（Fried et al., 2018）是怎样…" is one part).
 */
const partsOf = (clause: string) =>
  clause.split(/[,，\p{Extended_Pictographic}\p{Regional_Indicator}](?![^(（]*[)）])/u).filter((part) => part.trim() !== '');

/**
 * Where a message's question itself stands: the last part of the clause that asks, without the parts before it that set
 * the scene ("quick one for my thesis on MIR datasets: how many dancers are in it?" → "how many dancers are in it?").
 */
export const questionProper = (message: string) => {
  const asking = askingClause(message);
  const parts = partsOf(asking);
  // The last part that asks: not a tail after it ("…, according to these notes?", "…，谢啦").
  const lastWhere = (test: (part: string) => boolean, before = parts.length) =>
    parts.slice(0, before).reduce((found, part, i) => (test(part) ? i : found), -1);
  const last = lastWhere((part) => ASKS.test(part));
  if (last < 0) return parts.at(-1) ?? asking;
  // An auxiliary after a question word's phrase goes on with it: "Which benchmark datasets, such as Yahoo! LETOR or
  // MSLR-WEB10K, does the paper evaluate on?" asks about those datasets.
  const opening = AUX_OPENING.test(parts[last]!) ? lastWhere((part) => WH_OPENING.test(part), last) : -1;
  return opening < 0 ? parts[last]! : parts.slice(opening, last + 1).join(',');
};
/** English question words, and the auxiliaries that open a yes/no question or follow a question word's phrase. */
const QUESTION_WORDS = 'what|which|who|whom|whose|why|how|when|where';
const AUXILIARIES = 'is|are|was|were|does|do|did|can|could|should|would|will|has|have';
const WH_OPENING = new RegExp(`^\\s*(?:${QUESTION_WORDS})\\b`, 'iu');
const AUX_OPENING = new RegExp(`^\\s*(?:${AUXILIARIES})\\b`, 'iu');
/** A question word, or an auxiliary opening a yes/no question. */
const ASKS = new RegExp(
  `\\b(?:${QUESTION_WORDS})\\b|${AUX_OPENING.source}|什么|啥|哪|谁|为什么|为何|怎么|怎样|如何|多少|多大|几|吗|是否|有没有`,
  'iu',
);

/**
 * The clause of a message that asks: the first one ending in a question mark, when the message has several clauses
 * (split at sentence ends, colons and dashes); otherwise the whole message.
 */
export function askingClause(message: string): string {
  // Sentences end as the digest's do ("Llama 3.1" is one name, "Larsen et al. generalize…" one sentence).
  const clauses = sentencesOf(message)
    .flatMap((sentence) => sentence.split(/(?<=[;；:：])\s*|\s+[—–-]{1,2}\s+/u))
    .filter((clause) => clause.trim() !== '');
  return clauses.length > 1 ? (clauses.find(endsWithQuestionMark) ?? message) : message;
}
