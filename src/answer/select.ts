import type { ScoredSentence } from '../retrieval/hybrid.ts';
import { paperKey, type PaperKey } from '../corpus/paper-ref.ts';
import { endsClause, endsWithColon, endsWithQuestionMark } from '../corpus/sentence-end.ts';
import type { Passage } from '../types.ts';
import { spelledOutAcronyms } from '../corpus/acronyms.ts';
import { latinWords, spellsOut, withoutPlural } from './names.ts';
import { announcedCount, FINDING, introducesList, type QuestionKind } from './intent.ts';
import { englishTokens, escapeRegExp, namePattern, taggedWords } from '../retrieval/tokenize.ts';
import { hasHan } from '../retrieval/function-words.ts';
import { ANSWER, SENTENCE } from './settings.ts';
import { SENTENCE_FEATURES, type SentenceFeature, type SentenceWeights } from './sentence-features.ts';
import { SENTENCE_WEIGHTS } from './sentence-weights.ts';

/**
 * Chooses the sentences that answer, by what the question asks: a definition, a quantity (of the unit asked
 * about), parts or steps (a sentence introducing a list brings its items), why/how and yes/no (the digest often
 * asks a question and answers it in the next sentence), a comparison (one quote per side). Captions and
 * reading-list titles never open an answer; a sentence about another subject loses to one about the subject.
 */

/** A sentence of a candidate passage, as retrieval scored it (similarity and coverage; 0 for unscored ones). */
export interface Candidate extends ScoredSentence {
  passage: Passage;
  /** Rank of its passage among the retrieved ones (0 = best). */
  rank: number;
}

export interface SelectInput {
  kind: QuestionKind;
  /** Names the question asks about (lower case): models, papers, methods. */
  subjects: string[];
  /** Names the digest mentions (lower case), to tell a sentence about another subject. */
  knownNames: ReadonlySet<string>;
  /** Sections whose own paper the question asks about: every sentence there is about it (`digest:section`). */
  subjectSections: ReadonlySet<PaperKey>;
  /** Every name the question asks about has a section of its own: those sections are cited first. */
  subjectsHaveSections?: boolean;
  candidates: Candidate[];
  /** The sentences of a section in reading order from a given one on, for bringing a list's items. */
  following: (candidate: Candidate) => Candidate[];
  /** The sentence before a given one in its section's reading order, across lines and passages. */
  preceding?: (candidate: Candidate) => Candidate | undefined;
  /** The unit a quantity question asks about, as a pattern over a sentence and its rendering. */
  unit?: RegExp;
  /** The words of what a quantity question counts or measures ("anchor boxes"; askedFigure). */
  counted?: readonly string[];
  /** The term a definition question asks about ("滑动窗口注意力" in "滑动窗口注意力是啥"), lower case. */
  defined?: string;
  /** A why-question about the digest's choice ("why did the author pick X"): the author's stated reason answers it. */
  asksWhyIncluded?: boolean;
  /** A definition question asking what something is for or does ("SAM 是干嘛的", "what does X do"). */
  asksPurpose?: boolean;
  /** The place in a list the question asks for ("第三步": 3). */
  place?: number;
  /** The question asks what a study found ("what did X find?"): a sentence reporting a finding answers. */
  asksFinding?: boolean;
  /** The question asks which thing ("which conference", "用的是什么模型"): a name the question does not give answers it. */
  asksName?: boolean;
  /** The question asks about a figure of the digest ("那张图里…"): its captions may answer. */
  asksAboutFigure?: boolean;
  /** It asks where a paper was published: a line of its section giving only a venue and year answers. */
  asksVenue?: boolean;
  /** The question's content words (wordsOf): a sentence saying nothing else only restates it. */
  askedWords?: ReadonlySet<string>;
}

/** One quoted sentence. */
export interface Quote {
  passage: Passage;
  text: string;
  translation?: string;
  /** A list item brought along by the sentence introducing it. */
  item?: boolean;
}

const CAUSE =
  /因为|由于|原因|所以|因此|从而|这意味着|为了|秘诀|为什么|because|since|so that|reason|due to|thanks to|which means|in order to|secret|\bwhy\b/iu;
/** How something is done: steps, a process, a means ("Emu 将生成过程分解为两个步骤:首先…"). */
const PROCESS = /步骤|首先|然后|过程|分解|通过|方式|借助|first\b|then\b|steps?\b|process|factoriz|decompos|by (?:\w+ing)\b/iu;
/** What follows a name that is being defined: "QLoRA 代表…", "Pythia: a suite…", "X is a…", "X stands for…". */
const DEFINES =
  '(?:[\\p{Script=Han}]{0,3}|(?:\\s+[a-z-]+){0,4}?)\\s*[)）]?\\s*(?:\\([^)]{1,20}\\)\\s*)?(?:[:：]|代表|是指|指的是|即|是(?!否)|就是|本质上|旨在|论文介绍了一种|介绍了一种|' +
  'stands? for|refers? to|is an?\\b|is the\\b|is essentially|means\\b|aims? to|is designed|(?:introduces|presents) an?\\b)';
/** Or a name introduced as another's alias: "also known as Mixtral-8x7B", "又称…". */
const ALIAS = '(?:also known as|also called|又称|也称为|称为)\\s*';
/** A name given as what a category noun is: "another notable model is Microsoft's phi series", "模型是微软的 phi 系列". */
const NAMED_AS = (name: string) =>
  `(?:模型|方法|论文|技术|model|method|paper|technique)\\s*(?:是|is)\\s*[^,，。.;；]{0,12}?(?<![a-z0-9])${name}(?![a-z0-9])`;
const defines = (c: Candidate, subject: string) => {
  const name = escapeRegExp(subject.toLowerCase());
  // A name after a preposition is not the subject of the verb that follows ("models trained with RLHF are scarce").
  const defining = `(?<!\\b(?:with|by|from|of|using|in|on|to|than|for)\\s+)(?<![a-z0-9])${name}(?![a-z0-9])${DEFINES}`;
  return new RegExp(`${defining}|${ALIAS}${name}|${NAMED_AS(name)}`, 'iu').test(textOf(c));
};
/** The sentence spells the name out ("… (RLHF)"): what it means, though not what the thing is for ("SAM 是干嘛的"). */
const expands = (c: Candidate, subject: string) => spelledOutAcronyms(textOf(c)).has(subject.toLowerCase());
/** A figure: digits, or a Chinese numeral with its measure word, but not the article "一个" ("另一个模型"). */
const NUMBER = /\d|(?:[两二三四五六七八九十百千万亿]|一[十百千万亿])[一两二三四五六七八九十百千万亿]*\s*(?:个|倍|种|步|次|条|张)/u;
const writesFigure = (text: string) => NUMBER.test(withoutVersions(text));
/** "Mixtral-8x7B-Instruct", "Llama-2-70-Chat": a hyphenated name holding digits states no figure, in either language. */
const withoutHyphenatedNames = (text: string) => text.replace(/[A-Za-z][\w.]*(?:-[\w.]+)*-[\w.]*\d[\w.]*(?:-[\w.]+)*/gu, ' ');
/**
 * A model's version or size written into its name ("Llama 2", "GPT-4", "phi-2", "Mistral-7B", "ResNet50"), or a year
 * glued to one (a citation key, "[@Dabney2017]"), is not a figure the text states. A name is capitalised or hyphenated:
 * "took 100 GPUs" and "on 2 trillion tokens" state figures.
 */
export const withoutVersions = (text: string) =>
  withoutHyphenatedNames(text).replace(
    /(?:[A-Z][A-Za-z]*(?:[\s-]?\d+(?:\.\d+)?[A-Za-z]?)+|[a-z][A-Za-z]*(?:-\d+(?:\.\d+)?[A-Za-z]?)+|\bv\d+(?:\.\d+)?)(?![\w.%％])/gu,
    ' ',
  );
/** The author saying why a paper is in the list: "I am including this paper because…", "我之所以将其纳入…". */
const INCLUDED_BECAUSE =
  /我(?:之所以|决定|选择)?[^。]{0,10}(?:纳入|列入|收录)|\bI(?:'m| am| have)? (?:decided to )?includ(?:e|ed|ing)\b|\bI (?:chose|picked|selected)\b/iu;
/** A sentence that names the members itself: "包括 phi-1、phi-1.5 和 phi-2", "including A, B, and C". */
const IN_SENTENCE = '(?:[^。;；.]|\\.(?=\\S))';
const ENUMERATES = new RegExp(
  `(?:包括|包含|例如|比如|including|such as|namely)${IN_SENTENCE}*?[、,，]${IN_SENTENCE}*?(?:[、,，和及]|\\band\\b)`,
  'iu',
);
const COMPARATIVE = /比|优于|胜过|超过|相比|相当|匹敌|不同|区别|than|outperform|better|worse|compared|match|rival|differ/iu;
/**
 * A maker named as such: "Microsoft's phi series", "developed by…", "由…开发", "Meta 提出的", "Bérard et al.", "X 放在 arXiv 上的一篇文章", researchers,
 * a team, a company or a lab, or a line listing the authors ("Authors: …", "作者：…", "Kosec, Fu, and Krell — the
 * authors of this paper").
 */
const MAKER =
  /^(?:[Aa]uthors?|作者)\s*[:：]|\b(?:the )?authors of (?:this|the) (?:paper|work|article|study)\b|(?:本文|论文|文章)的?作者(?:是|为)|\b[A-Z][A-Za-z]+(?: AI)?'s\b|\b(?:developed|released|built|created|proposed|published|introduced|trained) by\b|由[^,，。]{1,20}(?:开发|发布|提出|推出|训练)|(?:放|发|发布|发表)在\s*[Aa]r[Xx]iv|\p{Lu}[\p{L}-]+\s*(?:提出|开发|发布|推出)|\bet al\b|研究人员|研究者|团队|公司|实验室|大学|researchers|\b(?:team|company|lab|labs|laboratory|university|institute)\b/u;
/** Whether a quote names who made something: its authors, a team, a lab or a company as such (MAKER). */
export const namesMaker = (quote: Pick<Quote, 'text' | 'translation'>) => MAKER.test(`${quote.text}\n${quote.translation ?? ''}`);
/** "这个想法…", "它…", "This idea…", "They…": the sentence says what it is about only with the one before. */
const POINTS_BACK = /^(?:[它他她这那该此其]|(?:it|its|they|their|this|these|that|those|such|he|she)\b)/iu;
/** A sentence qualifying or correcting the one before: "Actually, it is less…", "So it is likely closer to…", "实际上…", "因此…". */
const QUALIFIES = /^(?:actually|in fact|however|but|so|thus|therefore)\b|^(?:实际上|事实上|不过|但是?|然而|因此|所以)/iu;
/** A sentence this short after a question only announces the answer. */
const SHORT_SENTENCE = 16;
/** A sentence starting an enumeration written inline: "这篇论文需要注意两个点：一是…", "First, …". */
const FIRST_ITEM = /(?:^|[:：,，]\s*)(?:一是|其一|第一[,，、]|首先|first(?:ly)?,)/iu;
/** A sentence opening as a later item of such an enumeration: "二是…", "其次", "Second, …", "Finally, …". */
const LATER_ITEM =
  /^(?:[二三四五六七八九十]是|其[二三四五六七八九十]|第[二三四五六七八九十][,，、]|其次|再次|最后|(?:second|third|fourth|fifth)(?:ly)?,|finally,)/iu;
/** Sentences an item of an inline enumeration may take to say what it is, before the next item. */
const ITEM_SENTENCES = 3;
/** "监督微调:…": a list item led by its label; a list of such items ends where the labels stop. */
const LABELLED = /^[^,，。:：]{1,30}[:：]\S/u;

const textOf = (c: Pick<Candidate, 'text' | 'translation'>) => `${c.text}\n${c.translation ?? ''}`.toLowerCase();
const mentions = (c: Candidate, names: readonly string[]) => names.some((name) => namePattern(name).test(textOf(c)));

/**
 * What is known of a sentence as an answer to the question: general cues of the question's kind and of the
 * sentence, in either language (src/answer/sentence-features.ts).
 */
export function sentenceFeatures(input: SelectInput, c: Candidate): Record<SentenceFeature, number> {
  const { kind, subjects, knownNames } = input;
  const f = Object.fromEntries(SENTENCE_FEATURES.map((name) => [name, 0])) as Record<SentenceFeature, number>;
  const text = textOf(c);
  f.similarity = c.similarity;
  f.coverage = c.coverage;
  f.passageRank = c.rank;
  // A sentence introducing a list ("…包括:") is unfinished, except as the opening of the list a question asks for, or
  // of the count it asks ("有几步?": "这是一个 4 步过程:").
  const opensAsked = endsWithColon(c.text) && (kind === 'list' || (kind === 'quantity' && announcedCount(c.text) !== undefined));
  f.fragment = Number(!endsClause(c.text) && !opensAsked && c.role === 'body');
  // The digest's own question opens a why or yes/no answer well when it asks what the reader asks (its answer
  // follows); elsewhere it is a detour.
  if (endsWithQuestionMark(c.text)) {
    if (kind === 'why' || kind === 'yesno') f.askedByDigest = c.coverage;
    else f.digestQuestion = 1;
  }
  if (subjects.length > 0) {
    // A sentence continuing one that names the subject ("据传,这 16 个子模块…" after "据传,GPT-4…") is about it too.
    const previous = input.candidates.find((o) => o.passage === c.passage && o.lineIndex === c.lineIndex && o.position === c.position - 1);
    if (mentions(c, subjects) || (previous !== undefined && mentions(previous, subjects))) f.subject = 1;
    else if (
      !input.subjectSections.has(paperKey(c.passage)) &&
      [...knownNames].some((name) => !subjects.includes(name) && namePattern(name).test(text))
    ) {
      f.otherSubject = 1;
    }
  }
  // The section of the paper asked about states it first-hand; a summary or another paper's section only repeats it.
  f.subjectSection = Number(input.subjectSections.has(paperKey(c.passage)));
  if (kind === 'quantity' && writesFigure(c.text)) {
    f.figure = 1;
    f.unitMatch = Number(input.unit?.test(withoutHyphenatedNames(text)) ?? false);
    // "Llama 2 模型的参数范围从 7B 到 70B": a figure said of the subject, not a number inside another name ("Llama-2-70B").
    f.subjectFigure = Number(
      subjects.some((subject) => new RegExp(`(?<![a-z0-9])${escapeRegExp(subject)}(?![a-z0-9-])[^。.;；]{2,24}?(?<![\\w-])\\d`, 'u').test(text)),
    );
  }
  if (kind === 'why' && (CAUSE.test(text) || PROCESS.test(text))) f.reason = 1;
  if (input.asksFinding && FINDING.test(text)) f.finding = 1;
  if (input.asksWhyIncluded && INCLUDED_BECAUSE.test(text)) f.includedBecause = 1;
  if (kind === 'definition') {
    const asked = [...subjects, ...(input.defined ? [input.defined] : [])];
    // Spelling out an acronym says what it is, first of all ("what's RLHF?"), but not what it is for.
    if (!input.asksPurpose && asked.some((subject) => expands(c, subject) || spellsOut(c.text, subject))) f.expansion = 1;
    if (f.expansion || asked.some((subject) => defines(c, subject))) f.definition = 1;
  }
  if (kind === 'list' && (introducesList(c.text) || c.role === 'item' || ENUMERATES.test(text))) f.listMatch = 1;
  if (kind === 'comparison' && COMPARATIVE.test(text)) f.comparisonMatch = 1;
  // Its words looked up among the names, not every name matched against it: a digest knows hundreds.
  if (input.asksName && latinWords(text).some((word) => [word, ...word.split('-')].some((w) => knownNames.has(w) && !subjects.includes(w)))) {
    f.answerName = 1;
  }
  if (kind === 'who' && namesMaker(c)) f.maker = 1;
  f.pointsBack = Number(POINTS_BACK.test(c.text.trim()));
  f.opensPassage = Number(c.index === 0);
  f.listItem = Number(c.role === 'item');
  return f;
}

export function score(input: SelectInput, c: Candidate, weights: SentenceWeights = SENTENCE_WEIGHTS): number {
  const features = sentenceFeatures(input, c);
  return SENTENCE_FEATURES.reduce((total, name) => total + weights[name] * features[name], 0);
}

const length = (quotes: readonly Pick<Quote, 'text'>[]) => quotes.reduce((n, q) => n + [...q.text].length, 0);
const toQuote = (c: Candidate, item = false): Quote => ({
  passage: c.passage,
  text: c.text,
  ...(c.translation ? { translation: c.translation } : {}),
  ...(item ? { item } : {}),
});

export function selectQuotes(input: SelectInput, weights: SentenceWeights = SENTENCE_WEIGHTS): Quote[] {
  // A title-like line spelling the asked name out ("- Fourier Enhanced Decomposed Transformer" under FEDformer) says what
  // it stands for.
  const spelled = (c: Candidate) => input.kind === 'definition' && !input.asksPurpose && input.subjects.some((subject) => spellsOut(c.text, subject));
  const text = input.candidates.filter((c) => c.role === 'body' || c.role === 'item' || (c.role === 'title' && spelled(c)));
  // A name the digest gives only in a figure credit ("图片来自 YOLO 论文") is answered from that credit.
  const names = input.subjects.filter((subject) => input.knownNames.has(subject));
  const credits = input.candidates.filter((c) => c.role === 'caption' && names.length > 0 && mentions(c, names));
  // A question about a figure ("那张图里…", "in the figure") is answered from captions too.
  const captions = input.asksAboutFigure ? input.candidates.filter((c) => c.role === 'caption') : [];
  const openers = [...text, ...(captions.length > 0 ? captions : credits.length > 0 && !text.some((c) => mentions(c, names)) ? credits : [])];
  const ranked = openers.map((c) => ({ c, score: score(input, c, weights) })).sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best) return [];

  // "RLHF 的第三步是什么?": the item at that place of the best list of the paper the best sentence is from, with the
  // sentence introducing it.
  if (input.place !== undefined) {
    const paper = paperKey(best.c.passage);
    for (const { c } of ranked) {
      if (paperKey(c.passage) !== paper || !opensList(c.text)) continue;
      const item = listItems(input, c).filter((q) => q.item)[input.place - 1];
      if (item) return [toQuote(c), item];
    }
  }

  if (input.kind === 'comparison') {
    const sides = input.subjects.slice(0, 2);
    if (sides.length === 2) {
      const first = ranked.find(({ c }) => mentions(c, [sides[0]!]))?.c;
      const second = ranked.find(({ c }) => mentions(c, [sides[1]!]) && c !== first)?.c;
      const chosen = [first, second].filter((c): c is Candidate => c !== undefined);
      if (chosen.length > 0) {
        const both =
          chosen.length === 2
            ? chosen
            : [
                chosen[0]!,
                ...ranked
                  .filter(({ c }) => c !== chosen[0])
                  .slice(0, 1)
                  .map(({ c }) => c),
              ];
        return both.flatMap((c) => withContext(input, c));
      }
    }
  }

  // One item of a list asked for stands for the list: the sentence introducing it opens, and brings the items; an item
  // introducing a list of its own ("Code Interpreter (CI): Contains two sub-components:") opens and brings its own.
  const opener = (input.kind === 'list' && best.c.role === 'item' && !opensList(best.c.text) && listIntroOf(input, best.c)) || best.c;
  const opening = withContext(input, opener);
  // The opening's last sentence may introduce a list ("这是一个 4 步过程:"): its items come along.
  const last = candidateOf(input.candidates, opening.at(-1)!) ?? opener;
  // A sentence that lists its items itself ("两种类型的提示:稀疏…和密集…") brings nothing more.
  if (opensList(last.text)) {
    const items = listItems(input, last);
    if (items.length > 0) return [...opening, ...(opener === best.c ? items : withBestItem(items, best.c))];
  }
  // "…两个点：一是怎样引入时序信息的方法。二是…": an enumeration started inline brings its later items.
  const laterItems = inlineItems(input, last);
  if (laterItems.length > 0) return [...opening, ...laterItems];
  const quotes = [...opening];
  // A sentence of the same section goes on about the paper asked about, often with the asked fact beside the first
  // one's: it may fall further behind the first than one of another section. Those stating asked words that the
  // opening lacks come first: they answer another part of the question ("what dataset …, and how big was it?").
  const samePaper = (c: Candidate) => paperKey(c.passage) === paperKey(opener.passage);
  const near = ranked.slice(1).filter(({ c, score }) => score >= best.score - (samePaper(c) ? SENTENCE.samePaperMargin : SENTENCE.secondQuoteMargin));
  const said = new Set(opening.flatMap((q) => matchedOf(input, q)));
  const addsWords = ({ c }: (typeof near)[number]) => samePaper(c) && c.matched.some((word) => !said.has(word));
  for (const { c } of [...near.filter(addsWords), ...near]) {
    if (quotes.length >= ANSWER.sentences) break;
    if (quotes.some((q) => q.text === c.text)) continue;
    // "以下是 Pythia 论文讨论的一些问题:" says nothing without its items, and only an opening brings them.
    if (endsWithColon(c.text)) continue;
    if (length(quotes) + [...c.text].length <= ANSWER.chars) quotes.push(...withContext(input, c));
  }
  // The sentence after the opening that points back to it ("该技术被应用于…", "It was trained on…") goes on about
  // what the opening says: where there is room left, its details come along.
  const next = input.candidates.find((c) => c.passage === last.passage && c.index === last.index + 1);
  const continues = next && POINTS_BACK.test(next.text.trim()) && !quotes.some((q) => q.text === next.text);
  if (continues && length(quotes) + [...next.text].length <= ANSWER.chars) quotes.push(toQuote(next));
  // "For each window, k anchor boxes are generated. In their experiments, they generate 9 anchors…": an opening that
  // names what is counted without a number is followed, in its paragraph, by the sentence that gives it.
  const figure = input.kind === 'quantity' && !quotes.some((q) => writesFigure(q.text)) ? figureAfter(input, last) : undefined;
  if (figure && length(quotes) + [...figure.text].length <= ANSWER.chars) quotes.push(toQuote(figure));
  // "ByteTrack 的算法分为几个步骤?" answered by the steps: the sentence introducing them gives their count ("The
  // algorithm works in two steps:").
  const counting =
    input.kind === 'quantity' && !quotes.some((q) => writesFigure(q.text))
      ? quotes
          .map((q) => candidateOf(input.candidates, q))
          .flatMap((c) => (c?.role === 'item' ? (listIntroOf(input, c) ?? []) : []))
          .find((intro) => announcedCount(intro.text) !== undefined && !quotes.some((q) => q.text === intro.text))
      : undefined;
  if (counting) quotes.push(toQuote(counting));
  // "LMSEG 这篇论文发表在哪个会议上?": a line of the paper's section that is its venue and year ("ICLR2023").
  const venue = input.asksVenue
    ? input.candidates.find((c) => paperKey(c.passage) === paperKey(opener.passage) && VENUE_LINE.test(c.text))
    : undefined;
  if (venue && !quotes.some((q) => q.text === venue.text)) quotes.push(toQuote(venue));
  return ordered(quotes, input.candidates, input.subjectsHaveSections ? input.subjectSections : new Set());
}

/**
 * The first sentence of `c`'s paragraph after it, within ITEM_SENTENCES, that writes a number of what is counted (a
 * word of it, or its unit): "9 anchors" for "anchor boxes", not "9 hours" for "MCTS simulations".
 */
function figureAfter(input: SelectInput, c: Candidate): Candidate | undefined {
  const words = (input.counted ?? []).flatMap((noun) => noun.toLowerCase().replaceAll('-', ' ').split(' ')).filter((word) => [...word].length >= 2);
  const namesCounted = (text: string) => (input.unit?.test(text) ?? false) || words.some((word) => text.includes(withoutPlural(word)));
  return input
    .following(c)
    .slice(0, ITEM_SENTENCES)
    .find(
      (next) =>
        next.passage === c.passage && next.lineIndex === c.lineIndex && next.role === 'body' && writesFigure(next.text) && namesCounted(textOf(next)),
    );
}

/**
 * A question of the digest's own comes with the sentence that answers it, and an answer with the question it
 * answers ("训练顺序会影响记忆吗?不幸的是,事实证明它不会。").
 */
function withContext(input: SelectInput, c: Candidate): Quote[] {
  const same = (other: Candidate) => other.passage === c.passage && other.lineIndex === c.lineIndex;
  const line = input.candidates.filter(same).sort((a, b) => a.position - b.position);
  if (endsWithQuestionMark(c.text)) {
    // The answer follows, in the same line or, after a question standing alone, in the next one; a short lead-in to
    // it ("这个问题比较容易回答。") brings the sentence after it too.
    const answer = answerLineOf(input, c).slice(0, 2);
    const take = answer[0] && [...answer[0].text].length < SHORT_SENTENCE ? answer : answer.slice(0, 1);
    return [c, ...take].map((x) => toQuote(x));
  }
  const corrections = correctionsOf(input, c, line);
  // "At this point, you may be wondering why a simple convolutional operator would not suffice.": a sentence saying
  // little beyond the question restates it, as the digest's own question does, and the next sentence answers.
  if (restatesQuestion(input, c)) {
    const answer = input.following(c).find((other) => other.role === 'body' || other.role === 'item');
    if (answer?.passage === c.passage) return [toQuote(c), toQuote(answer), ...corrections];
  }
  // "这个想法在 Self-Instruct 论文中有所描述": a sentence opening by pointing back needs the one it points to; opening its
  // line, the formula displayed before it ("其中 R 是下游性能…" under "$$R = -a \cdot e^H + b$$").
  if (POINTS_BACK.test(c.text.trim())) {
    const displayed = c.position === 0 ? input.preceding?.(c) : undefined;
    // A display written in TeX ("$$…$$", "\\[…\\]"), not a link or a date line ("This paper…" after the paper's URL).
    const formula = displayed?.role === 'caption' && (displayed.text.includes('$') || displayed.text.includes('\\'));
    const before = line.find((other) => other.position === c.position - 1) ?? (formula ? displayed : undefined);
    if (before) return [toQuote(before), toQuote(c), ...corrections];
  }
  // An answer in a line that opens with the digest's question ("训练顺序会影响记忆吗?…") comes with that question.
  const opener = line[0];
  if (opener && opener !== c && endsWithQuestionMark(opener.text) && c.position <= 2) {
    return [...line.filter((other) => other.position <= c.position).map((x) => toQuote(x)), ...corrections];
  }
  return [toQuote(c), ...corrections];
}

/** A text's content words: English ones stemmed, Chinese words of two characters or more. */
export const wordsOf = (text: string) =>
  new Set([...englishTokens(text), ...taggedWords(text).flatMap(({ word }) => (hasHan(word) && [...word].length >= 2 ? [word] : []))]);

/** A sentence restates the question while the question lacks less than this share of its words. */
const RESTATED_NEW_WORDS = 1 / 2;
/** Fewer words than this say too little to tell. */
const RESTATED_MIN_WORDS = 4;

function restatesQuestion(input: SelectInput, c: Candidate): boolean {
  // One introducing a list restates it too, but its items answer (listItems).
  if (!input.askedWords || endsWithColon(c.text) || opensList(c.text)) return false;
  const words = [...wordsOf(c.text)];
  const fresh = words.filter((word) => !input.askedWords!.has(word));
  return words.length >= RESTATED_MIN_WORDS && fresh.length < words.length * RESTATED_NEW_WORDS;
}

/** The sentences after the digest's question `c`: the rest of its line or, where it ends its line, the next line. */
function answerLineOf(input: SelectInput, c: Candidate): Candidate[] {
  const after = input.following(c).filter((other) => other.role === 'body' || other.role === 'item');
  const first = after[0];
  return first ? after.filter((other) => other.passage === first.passage && other.lineIndex === first.lineIndex) : [];
}

/**
 * A sentence introducing a list that follows it, not one listing its items itself ("两种类型的提示:稀疏…和密集…"); one
 * ending in a colon introduces what follows whatever colon it has before ("…显示: 取一个接近于1的值…，见下表:").
 */
const opensList = (text: string) => introducesList(text) && (endsWithColon(text) || !/[:：]./u.test(text.trim()));

/** A line that is a venue and its year and nothing more: "WSDM 2023", "ICLR2023", "CVPR'22". */
const VENUE_LINE = /^[A-Z][A-Za-z]{1,9}[\s'’-]*(?:19|20)?\d{2}$/u;

/** The candidate a quote was taken from. */
const candidateOf = (candidates: readonly Candidate[], q: Pick<Quote, 'passage' | 'text'>) =>
  candidates.find((c) => c.passage === q.passage && c.text === q.text);

/** The asked words a quote contains, from its candidate. */
const matchedOf = (input: SelectInput, q: Quote) => candidateOf(input.candidates, q)?.matched ?? [];

/** The sentence right before the run of list items `item` is in, when it introduces that list ("Changes from GPT-3:"). */
function listIntroOf(input: SelectInput, item: Candidate): Candidate | undefined {
  const before = input.candidates
    .filter((c) => c.passage === item.passage && c.index < item.index)
    .sort((a, b) => b.index - a.index)
    .find((c) => c.role !== 'item');
  return before && before.role === 'body' && introducesList(before.text) ? before : undefined;
}

/**
 * "约 56B 个参数。实际上,它少于 56B…。因此,它可能更接近 40-50B 个参数。": a figure given as the answer comes with the
 * sentences right after it that qualify or correct it, up to two.
 */
function correctionsOf(input: SelectInput, c: Candidate, line: readonly Candidate[]): Quote[] {
  if (input.kind !== 'quantity' || !writesFigure(c.text)) return [];
  const taken: Quote[] = [];
  for (const next of line.filter((other) => other.position > c.position)) {
    if (taken.length >= 2 || !QUALIFIES.test(next.text.trim())) break;
    taken.push(toQuote(next));
  }
  return taken;
}

/**
 * The items of the list a sentence introduces, in reading order: as many as it announces ("三个主要组件"),
 * else the run of list lines that follows, one sentence each, skipping captions.
 */
function listItems(input: SelectInput, intro: Candidate): Quote[] {
  const count = announcedCount(intro.text) ?? announcedCount(intro.translation ?? '');
  const items: Quote[] = [];
  let lastLine: string | undefined;
  // A list whose items label lists of their own ("相似度计算，得到各item之间的相似度：" over "基于余弦…") counts its labels.
  let labelsOnly = false;
  for (const next of input.following(intro)) {
    if (items.length >= (count ?? ANSWER.listItems)) break;
    if (next.role === 'caption') continue;
    const lineKey = `${next.passage.id}#${next.lineIndex}`;
    if (lineKey === lastLine) continue; // one sentence per item: the line's first
    if (next.position !== 0) continue;
    const label = next.role === 'item' && endsWithColon(next.text);
    if (introducesList(next.text) && endsWithColon(next.text) && items.length === 0 && !label) continue; // "可以概括如下:" restates the intro
    if (items.length === 0 && label && count !== undefined) labelsOnly = true;
    if (labelsOnly && !label) continue;
    if (count === undefined && (next.role === 'body' || (items.length > 0 && LABELLED.test(items[0]!.text) && !LABELLED.test(next.text)))) break;
    if (length(items) + [...next.text].length > ANSWER.listChars) break;
    items.push(toQuote(next, true));
    lastLine = lineKey;
    // An item asking a question ("训练顺序会影响记忆吗?") comes with its answer, the next sentence of its line.
    const answer = endsWithQuestionMark(next.text)
      ? input.following(next).find((c) => c.lineIndex === next.lineIndex && c.position === 1)
      : undefined;
    if (answer && next.passage === answer.passage && length(items) + [...answer.text].length <= ANSWER.listChars) items.push(toQuote(answer));
  }
  return items;
}

/**
 * A list's items as shown, with the item that answers best among them: where the room for items ran out before it
 * ("which two components does its architecture combine?" over a fifth item "Architecture: It combines…"), it takes
 * the place of the last ones.
 */
function withBestItem(items: Quote[], best: Candidate): Quote[] {
  if (items.some((q) => q.passage === best.passage && q.text === best.text)) return items;
  const kept = [...items];
  do kept.pop();
  while (kept.length > 0 && length(kept) + [...best.text].length > ANSWER.listChars);
  return [...kept, toQuote(best, true)];
}

/**
 * The later items of an enumeration that `first` starts inline ("一是…。二是…。", "First, … Second, …"), in reading
 * order: as many as it announces ("两个点"), else up to ANSWER.listItems, each within ITEM_SENTENCES of the one before.
 */
function inlineItems(input: SelectInput, first: Candidate): Quote[] {
  if (!FIRST_ITEM.test(first.text)) return [];
  const count = announcedCount(first.text);
  const items: Quote[] = [];
  let since = 0;
  for (const next of input.following(first)) {
    if (items.length >= (count ?? ANSWER.listItems + 1) - 1 || ++since > ITEM_SENTENCES) break;
    if (!LATER_ITEM.test(next.text.trim())) continue;
    if (length(items) + [...next.text].length > ANSWER.listChars) break;
    items.push(toQuote(next));
    since = 0;
  }
  return items;
}

/**
 * Quotes grouped by passage, those of `first` (the sections of the papers asked about) before the others, else best
 * passage first (as chosen), in reading order within each passage.
 */
function ordered(quotes: Quote[], candidates: readonly Candidate[], first: ReadonlySet<PaperKey>): Quote[] {
  const unique = [...new Map(quotes.map((q) => [`${q.passage.id}|${q.text}`, q])).values()];
  // The section of the paper asked about is cited first: it states first-hand what another section only mentions.
  const passages = [...new Set(unique.map((q) => q.passage))].sort((a, b) => Number(!first.has(paperKey(a))) - Number(!first.has(paperKey(b))));
  const index = (q: Quote) => candidateOf(candidates, q)?.index ?? Number.MAX_SAFE_INTEGER;
  return unique.sort((a, b) => passages.indexOf(a.passage) - passages.indexOf(b.passage) || index(a) - index(b));
}
