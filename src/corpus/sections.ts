import type { Language, LineRole, Passage, PassageLine } from '../types.ts';
import { passageId } from './paper-ref.ts';
import { countHan, hasHan, isEnglishFunctionWord } from '../retrieval/function-words.ts';
import { escapeRegExp, SPACES } from '../util/regexp.ts';
import { endsSentence, endsWithColon } from './sentence-end.ts';

/**
 * From a digest's blocks (headings and lines of text, whatever file they were read from) to its sections: which
 * headings are papers, which are other sections (an introduction, a conclusion, "what changed this year") that can be
 * quoted but are not papers, and the passages of each. Decided from the shape of the document and a few cues of each
 * language, the same way for every digest.
 */

export interface ParsedSection {
  /** Papers are numbered 1, 2, 3… in order of appearance; the other sections follow them, in order. */
  section: number;
  heading: string;
  /** 0-based line number of the heading in the digest file. */
  headingLine: number;
  /** Whether the section is about a paper (false: an introduction, a conclusion, a list of links…). */
  isPaper: boolean;
  subheadings: string[];
  passages: Passage[];
  /** Link targets in the section, in order (Markdown links; a plain-text digest's URLs stay in its text). */
  links: string[];
  /** The links of the heading and the text right under it, where a digest links the paper itself ("[Abstract](…)"). */
  leadLinks: string[];
}

export interface ParsedDigest {
  digest: string;
  title: string;
  language: Language;
  sections: ParsedSection[];
}

/** A heading, a line of text (a paragraph, a list item, a table row), or a break (a horizontal rule). */
export interface DigestBlock {
  kind: 'heading' | 'text' | 'break';
  /** Heading level, 1 = top. */
  depth?: number;
  /** What a line of text does in its passage. */
  role?: LineRole;
  text: string;
  links: string[];
  line: number;
  /**
   * A paragraph that is all in bold ("**DeepLab: …**", "[**Open-R1**](…)") or one linked title: where a digest marks
   * its papers so, a heading.
   */
  titleLine?: boolean;
  /** A heading that is a disclosure's summary (<details><summary>…), its level set by where the disclosure stands. */
  summary?: boolean;
}

/** A passage to be: its lines and the sub-heading above them. */
export interface PassageDraft {
  lines: PassageLine[];
  subheading?: string;
  subheadingLine?: number;
}

/** Ids, texts and section fields of a section's passages, from their drafts. */
export function passagesOf(digest: string, section: number, heading: string, drafts: readonly PassageDraft[]): Passage[] {
  return drafts.map((draft, i) => ({
    id: passageId({ digest, section }, i + 1),
    digest,
    section,
    sectionTitle: heading,
    ...(draft.subheading ? { subheading: draft.subheading, subheadingLine: draft.subheadingLine } : {}),
    text: draft.lines.map((line) => line.text).join('\n'),
    lines: draft.lines,
  }));
}

/**
 * How figure captions open ("来自…的注释图", "图 3", "Fig. 4.", "Figure 2:", "Source:"); a sentence merely mentioning
 * a figure is text.
 */
const CAPTION_OPENING = /^(?:来自|带注释|注释图|图片来自|图\s*\d|fig(?:ure)?\.?\s*\d|figure|source\b)/iu;
export const opensLikeCaption = (line: string) => CAPTION_OPENING.test(line.trim());

/** Chinese when Han characters outnumber Latin words (a Chinese digest names many English models), else English. */
export function detectLanguage(text: string): Language {
  const han = countHan(text);
  const latinWords = text.match(/[A-Za-z]+/gu)?.length ?? 0;
  return han >= latinWords ? 'zh' : 'en';
}

/** A heading's number, "1.", "2)", "[3]", "3、", "四、", "论文一：", "第二篇：", "Paper 3 -": numbered headings are papers. */
const NUMBERED = /^\s*[[【]?(?:(?:论文|第)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})篇?|paper\s+\d{1,2})\s*(?:[.)）、:：．\]】]|\s[-–—]?)\s*(?=\S)/iu;
/** A heading that is a paper's ordinal and nothing else ("## 论文一", "## 论文二：", "## Paper 3"): the paper's own heading. */
const ORDINAL_ONLY = /^\s*(?:(?:论文|第)(?:\d{1,2}|[一二三四五六七八九十]{1,3})篇?|paper\s+\d{1,2})\s*[:：]?\s*$/iu;
/**
 * Headings that name a part of any write-up rather than a paper, in English and Chinese: a cue of each language, as
 * question words are, not words of one digest.
 */
const GENERIC_HEADING =
  /^(?:intro|overview|background|motivation|tl;?dr\b|(?:key )?takeaway|discussion|(?:the )?(?:core |main |key |open )?(?:challenge|problem|question)s?(?:$| and)|(?:future|open|research) directions|preface|prologue|preliminar|notation|pipeline|methods?$|approach(?:es)?$|limitation|future work|conclu|closing|final|summar(?:y|ies)\b|wrap|recap|referenc|bibliograph|acknowledg|appendi|further|related|resources|contents|about|examples?$|comparisons?$|citation|cite|bibtex|keynote|invited talk|tutorial|contributing|licen[cs]e|讨论|引用|引言|前言|序言|导言|简介|介绍|概述|摘要|背景|相关工作|方法$|实现细节|实验|预备知识|符号|流程|局限|对比|比较|未来(?:工作|方向|发展|展望)|展望|总结|结论|结语|小结|尾声|参考|致谢|附录|目录|延伸|推荐阅读|更多|主题演讲|特邀报告)/iu;
/**
 * A part of a write-up, also as the last word of a short heading without a colon ("Paper references", "Final
 * thoughts"), unless the words before it are a name, as its shape or the section's prose tells ("ProcGen Challenge",
 * "Flatland Challenge" in a section writing "the Flatland environment").
 */
function isGeneric(words: string, text = ''): boolean {
  const parts = words.split(SPACES);
  if (GENERIC_HEADING.test(words)) return true;
  if (parts.length > 3 || words.includes(':') || words.includes('：') || !GENERIC_HEADING.test(parts.at(-1)!)) return false;
  const before = parts.slice(0, -1);
  return !before.some((word) => namesSomething(word, '') || writtenAsName(word, text));
}

/** A capitalised word the text writes capitalised again and again after a word in lower case: a name, not a sentence's first word. */
function writtenAsName(word: string, text: string): boolean {
  if (!/^\p{Lu}\p{Ll}+$/u.test(word)) return false;
  return (text.match(new RegExp(`(?<=\\p{Ll}[,;]?\\s+)${escapeRegExp(word)}\\b`, 'gu'))?.length ?? 0) >= 2;
}
/** How often a heading's words are written at its level before it is taken for a template's part. */
const TEMPLATE_REPEATS = 3;
/** A line of a paper's notes giving its title: "1. 题目：RePOSE: Fast 6D…", "论文标题：…", "论文地址：[…](…)", "Title: …", "Paper: …". */
const TITLE_LINE = /^(?:\d{1,2}[.、)]\s*)?(?:(?:论文)?(?:题目|标题|地址|链接)|论文|title|paper(?: link)?)\s*[:：]\s*(\S.*)$/iu;

/**
 * The English title a paper's section opens on ("论文地址：Dual Attention Network for Scene Segmentation" under "## PAM
 * and CAM", "Paper: Zoom In: An Introduction to Circuits"), when its first line gives one.
 */
export function openingTitle(section: ParsedSection): string | undefined {
  const first = section.passages[0]?.lines[0]?.text;
  const title = first === undefined ? undefined : TITLE_LINE.exec(first)?.[1]?.trim();
  return title !== undefined && titleLike(title) ? title : undefined;
}
/**
 * An ordinal heading ("## 论文一") with the title its notes give ("题目：RePOSE: …") after it, as citations and names
 * need it: "论文一：RePOSE: …". Unchanged where the notes give none.
 */
function withTitleFromText(heading: string, drafts: readonly PassageDraft[]): string {
  const title = drafts.flatMap((draft) => draft.lines).map((line) => TITLE_LINE.exec(line.text)?.[1])
    .find((found) => found !== undefined);
  const ordinal = endsWithColon(heading) ? heading.slice(0, -1).trimEnd() : heading;
  return title ? `${ordinal}：${title.trim()}` : heading;
}
/** Headings that only label a link: "project", "code", "project (under released)", "GitHub". */
const LINK_LABEL = /^(?:project|code|demo|github|homepage|website|slides?|video|pdf)(?:\s*(?:page|[(（].*))?$/iu;
/**
 * A venue or its authors with the year, in brackets: "(CVPR 2023)", "（ICLR 2020）", "(EMNLP2019)", "[CVPR'22]",
 * "(NeurIPS 2022 oral)", "(Girshick 2015)", "(Ren et al. 2017)", "(Redmon and Farhadi 2016)".
 */
const VENUE = /[(（[]\s*[A-Z][A-Za-z]{1,9}(?:\s+(?:et al\.?|and [A-Z][A-Za-z]+|& [A-Z][A-Za-z]+))?,?\s*['’-]?\s*(?:19|20)?\d{2}\b[^)）\]]*[)）\]]/u;
/**
 * A heading opening with its paper's authors and year, the authors captured: "Chen et al. 2024", "Wu et al. (2024)",
 * "Zhang et al., 2021. Mr. TyDi…".
 */
export const AUTHOR_YEAR = /^(\p{Lu}[\p{L}'’-]*\p{Ll}[\p{L}'’-]*(?:,? et al\.?|,? (?:and|&) \p{Lu}[\p{L}'’-]+)?),?\s*[(（]?(?:19|20)\d{2}[a-z]?\b[)）]?[.,:：]?\s*/u;
/** A line citing a paper: its authors ("Jiatao Gu et al."), or a venue and its year ("ACL2016", "EMNLP 2015", "NeurIPS'22"). */
const CITATION_LINE = /\bet al\b|^[A-Z]{2,}[A-Za-z-]*\s*['’]?\s*(?:19|20)?\d{2}$/u;
/** A heading saying that the ones under it are the papers: "Papers", "Paper notes", "论文", "论文笔记". */
const PAPERS = /^(?:the\s+)?(?:papers?|paper\s+(?:notes|summaries|reviews))$|^论文(?:笔记|解读|精读|总结|详解)?$/iu;
/**
 * A year in brackets opening a heading, as reading notes date their papers, with the authors or not: "[2019] wav2vec: …",
 * "(2023) …", "【2021】…", "[2020 | Bartlett, Long, Lugosi, Tsigler] Benign Overfitting…".
 */
const LEADING_YEAR = /^\s*[[(（【]\s*(?:19|20)\d{2}\b[^\])）】]{0,80}[\])）】]\s*/u;
/** A span of years up to the present closing a heading ("Generative Recommendation (2022 - now)", "（2019—至今）"): a trend's, no paper's. */
const SINCE_YEAR = /[(（]\s*(?:19|20)\d{2}\s*[-–—~～至到]+\s*(?:now|present|today|至今|现在|今)\s*[)）]\s*$/iu;
/** Years alone in brackets closing a heading: "(2019)", "(2023, 2024)". */
const YEARS = /[(（]\s*(?:19|20)\d{2}(?:\s*[,，]\s*(?:19|20)\d{2})*\s*[)）]\s*$/u;
/** Links to a paper: arXiv, OpenReview, the ACL anthology, proceedings, a DOI (doi.org or a publisher's /doi/ path) or a PDF. */
const PAPER_LINK = /arxiv\.org|openreview\.net|aclanthology\.org|aclweb\.org\/anthology|doi\.org|\/doi\/|proceedings|thecvf\.com|papers\.(?:nips|neurips)\.cc|\.pdf(?:$|[?#])/iu;
/** A version after a name: " V2", "-v3", " 2.0", " II". */
const VERSION = /^[\s-]*(?:v\d+(?:\.\d+)?|\d+(?:\.\d+)?|i{1,3}|iv)$/iu;
/** Links to code rather than to a write-up of the work: a repository. */
const CODE_LINK = /github\.com|gitlab\.com/iu;
/** A recording of a talk: a heading linking one heads a talk the author heard ("John Schulman - RLHF: Progress and Challenges"), no paper. */
const VIDEO_LINK = /youtube\.com|youtu\.be|vimeo\.com|bilibili\.com/iu;
/** A field's label opening a line: "What it does: …", "论文地址：…". */
const FIELD_LABEL = /^([^:：]{2,30})[:：]/u;
const LATIN_TOKEN = /[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*/gu;

/** A heading asking something: a question mark closing it, or a question word of Chinese, which may go without one. */
const QUESTION_HEADING = /[?？]$|为什么|如何|怎么|怎样|是什么|有什么|哪些|吗$/u;

/** Lines a passage holds at most before a long list or table goes on in a new one. */
const PASSAGE_MAX_LINES = 12;
/** A number within a section's numbering, opening a heading: "3.1 ", "4.2. ", "1.2.1 ". */
const SUBSECTION_NUMBER = /^\W*\d{1,2}(?:\.\d{1,2})+\b\.?\s*/u;
/** Reference marks ending a heading: "…Instruction Tuning[12]", "Chain of Thought[1]": it cites the digest's reference list. */
const REFERENCE_MARKS = /(?:\s*\[\d{1,3}\])+$/u;

/**
 * The number a numbered heading opens with ("6. Go Wider…", "第3篇", "Paper 2"), in digits; undefined otherwise, and
 * for a number within a section's ("3.1 RT-1: …", "1.5 Why Neural Fields?"), which continues no count of papers.
 */
function numberOf(heading: string): number | undefined {
  if (SUBSECTION_NUMBER.test(heading)) return undefined;
  const digits = NUMBERED.exec(heading)?.[0].replace(/\D/gu, '');
  return digits ? Number(digits) : undefined;
}

function stripNumber(heading: string): string {
  return heading.replace(SUBSECTION_NUMBER, '').replace(NUMBERED, '').trim();
}

/**
 * Words of a heading, without emoji, marks, quotes and punctuation around them ("📖", "**", "“…”"); a bracket the heading
 * closes stays ("(ViT) An Image is Worth 16x16 Words").
 */
function headingWords(heading: string): string {
  return stripNumber(heading)
    // The year alone says nothing a reader needs in the paper's name ("[2019] wav2vec: …" is "wav2vec: …"); its authors do.
    .replace(LEADING_YEAR, (tag) => (tag.match(LATIN_TOKEN) || hasHan(tag) ? tag : ''))
    .replace(/^(?:[^\p{L}\p{N}(（[【]|[(（[【](?![^)）\]】]*[)）\]】]))+/u, '')
    .replace(REFERENCE_MARKS, '')
    .replace(/[\s“”"'「」『』*:：]+$/u, '');
}

/**
 * A name as papers and models are written: with a digit, inner capitals or all capitals ("Transformer-XL", "Ape-X",
 * not "Fine-Tuning"), or Latin inside Chinese that
 * the section's own text uses again ("Mamba 模型解读"), which a heading's English label does not ("Findings - 人工评价").
 */
function namesSomething(heading: string, text: string): boolean {
  const words = headingWords(heading);
  const inChinese = hasHan(words);
  const usedAgain = (token: string) => text.split(token).length > 2;
  // "Meta-Transformer：未来就是要统一": a Chinese heading's Latin word before its colon is what the tagline is about.
  const labelled = (token: string) => words.startsWith(token) && [':', '：'].includes(words.slice(token.length).trimStart()[0] ?? '');
  // One word coined from three ("Make-a-scene", "Make-A-Video") is a name, as no part of a write-up is headed; a longer
  // one is a repository's slug ("Paper-of-Recommendation-System").
  if (/^\p{L}+(?:-\p{L}+){2}$/u.test(words.trim())) return true;
  // A term opening with its digits in an English title ("3D object proposals…", "6D pose"), not an ordinal ("2nd"); a
  // Chinese heading's ("3D网络系列") names a kind of network.
  if (!inChinese && /(?<![\p{L}\d])\d+(?!st\b|nd\b|rd\b|th\b)[A-Za-z]/u.test(words)) return true;
  return (words.match(LATIN_TOKEN) ?? []).some(
    (token) =>
      /\d/u.test(token) ||
      /[a-z][A-Z]|-[A-Z](?![a-z])/u.test(token) ||
      /^[A-Z]{2,}/u.test(token) ||
      (inChinese && token.length >= 2 && (usedAgain(token) || labelled(token))),
  );
}

/**
 * A paper's title as English headings give it: a short name before a colon ("Reformer: The Efficient Transformer"),
 * or five words or more in title case ("On the Efficacy of Knowledge Distillation"), where a write-up's own
 * sections are short or in sentence case ("Why it matters", "Static Word Embeddings").
 */
function titleLike(heading: string): boolean {
  const words = headingWords(heading);
  // The author speaking ("How I Picked These Papers", "What We Will Read Next") heads a part of the write-up.
  if (/\p{Script=Han}|\b(?:I|we|you|my|our|your|me|us)\b/iu.test(words)) return false;
  if (/^[A-Z][\w-]*(?:\s+[\w-]+){0,2}\s*:\s*\S/u.test(words)) return true;
  const tokens = words.split(SPACES);
  return tokens.length >= 5 && inTitleCase(tokens);
}

/**
 * Title case: its content words capitalised, its function words small whatever their length ("Self-Attention with
 * Relative Position Representations"), one small word allowed among four capitalised ones ("… Revision Network using …").
 */
const inTitleCase = (tokens: readonly string[]) => {
  const content = tokens.filter((t) => t.length >= 4 && !isEnglishFunctionWord(t.toLowerCase()));
  const small = content.filter((t) => !/^\p{Lu}/u.test(t)).length;
  return small === 0 || (small === 1 && content.length - small >= 4);
};

/**
 * Latin words alone in title case: a name or an English title in a Chinese digest ("### Bert", "### Deformable
 * Convolutional Networks"), whose own parts it would head in Chinese.
 */
function latinTitle(words: string): boolean {
  return /^\p{Lu}[\w-]*(?: [\w-]+)*$/u.test(words) && inTitleCase(words.split(' '));
}

interface HeadingInfo {
  index: number;
  depth: number;
  generic: boolean;
  /** Numbered, naming something, or linking to a paper in its own text: a paper heading beyond doubt. */
  strong: boolean;
  /** Strong by what the heading itself says (numbered, a name, a title), not by a link in its text. */
  named: boolean;
  /** Its own text, up to the next heading, links a paper. */
  linksPaper: boolean;
  /** The first paragraph of its own text links a paper ("[Expert Iteration (ExIt)](https://arxiv.org/…) is…"). */
  opensOnPaperLink: boolean;
  /** That paragraph is prose introducing the paper, not a list item: the heading is about that paper. */
  introducesPaperLink: boolean;
  /** The labels of the fields its own text gives ("what it does" of "**What it does:** …"), as a template's parts. */
  fields: string[];
  /** Its text opens on its paper's title ("**Paper:** [Zoom In: An Introduction to Circuits](…)", "题目：…"). */
  opensOnTitle: boolean;
  /** Its text opens on the heading's words and a link to the paper ("**Code Llama** ([Rozière et al., 2023](https://arxiv.org/…))"). */
  opensOnNameCited: boolean;
  /** Its text opens on a link to a write-up of the work, a paper or not ("[[Blog]](https://openai.com/research/…)"). */
  opensOnWriteUp: boolean;
  /** Its own text gives its paper's title, opening on the heading's name ("# CornerNet" over "《CornerNet: Detecting…》"). */
  givesOwnTitle: boolean;
  /** Its word and number count parts of the write-up ("Category 2: …", "Day 1: …" beside "Day 2: …"): no title. */
  countsParts: boolean;
  /** Named by its words (a name, a title, a citation), not only by a number before them. */
  namedByWords: boolean;
  /** The number it opens with, as papers are counted ("### 3. Neural Best Buddies…"). */
  number: number | undefined;
  /** The heading itself is a link to a paper ("## [DeepSeek-V3 Technical Report](https://arxiv.org/…)"). */
  isPaperLink: boolean;
  /** The heading is a link, to its paper or to a page about it ("### 2020 - [RAFT: …](https://zhuanlan.zhihu.com/…)"). */
  isLink: boolean;
  /** The heading cites its paper: a link to it, its venue and year ("… (CVPR 2023)", "…（ICLR 2020）"), a reference mark. */
  citesPaper: boolean;
  /** In a Chinese digest, a heading of Latin words alone in title case ("### Bert"): a name or title, as its own parts it would head in Chinese. */
  latinName: boolean;
  /** Named only by being written in title case ("The Power of Unlabeled Data"): no name, citation or link of its own. */
  titleCaseOnly: boolean;
  /** Text of its own before the next heading: a heading straight over others only groups them. */
  ownText: boolean;
  /** Where its section ends: the next heading as high as it, or the end. */
  sectionEnd: number;
}

/** How many more entries than paper headings a contents list of the papers may have (an introduction, a summary). */
const CONTENTS_EXTRA = 2;
/** Longest entry of a contents list written as plain items, in characters. */
const CONTENTS_ITEM_MAX = 60;
/** The anchor GitHub and most Markdown engines give a heading: lower case, punctuation dropped, spaces as hyphens. */
const slugOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replaceAll(' ', '-');
/** An in-page link's anchor, as a slug: "#a-deep-look" → "a-deep-look". */
const anchorOf = (link: string) => {
  try {
    return decodeURIComponent(link.slice(1)).toLowerCase();
  } catch {
    return link.slice(1).toLowerCase();
  }
};

/**
 * A heading written as a phrase of prose ("A brief recap of transformer self-attention", "How the models were
 * compared"): four words or more, most of them in lower case, no name. It heads a part of the write-up even between
 * papers; a paper's title in sentence case names its model or cites it, which makes its heading strong.
 */
function prose(heading: string): boolean {
  const words = headingWords(heading);
  if (hasHan(words)) return false;
  const tokens = words.split(' ').filter(Boolean);
  const content = tokens.filter((t) => t.length >= 4 && !isEnglishFunctionWord(t.toLowerCase()));
  return tokens.length >= 4 && content.filter((t) => t[0] !== t[0]!.toUpperCase()).length * 2 > content.length;
}

/** The headings that may start sections (all but the title), with what is known about each. */
function describeHeadings(blocks: readonly DigestBlock[], titleIndex: number | undefined, language: Language): HeadingInfo[] {
  const infos: HeadingInfo[] = [];
  // Papers have names of their own; a heading written again and again at its level ("### 1. 论文信息" under each "## 论文一",
  // "### 🌟 基本信息") is a part of a template every write-up repeats.
  const wordsAt = (block: DigestBlock) => `${block.depth ?? 1} ${stripNumber(headingWords(block.text)).toLowerCase()}`;
  const written = new Map<string, number>();
  for (const block of blocks) {
    if (block.kind !== 'heading') continue;
    const words = wordsAt(block);
    written.set(words, (written.get(words) ?? 0) + 1);
  }
  // A word and a number opening a heading ("Category 2: Image Captioning", "Phase 1: Foundations") count parts of the
  // write-up where the same word is written with other numbers at the heading's level: a name it is not.
  const countedBy = (block: DigestBlock) => {
    const label = /^(\p{L}+)\s+(\d{1,2})\s*[:：.]/u.exec(headingWords(block.text));
    return label && `${block.depth ?? 1} ${label[1]!.toLowerCase()}`;
  };
  // Titles the digest links to a paper as the whole of a line ("- [Closing the Online-Offline Gap: …](https://dl.acm.org/doi/…)"):
  // a heading with those words is that paper's, whatever word opens it.
  const linkedTitles = new Set(
    blocks
      .filter((block) => block.kind === 'text' && block.links.length === 1 && PAPER_LINK.test(block.links[0]!))
      .map((block) => headingWords(block.text).toLowerCase()),
  );
  const numbersOfLabel = new Map<string, Set<string>>();
  for (const block of blocks) {
    const label = block.kind === 'heading' ? countedBy(block) : null;
    if (label) numbersOfLabel.set(label, (numbersOfLabel.get(label) ?? new Set()).add(block.text));
  }
  blocks.forEach((block, index) => {
    // A link's label written as a heading ("### [project](…)" under a paper) heads no section: the paper's text goes on.
    if (block.kind !== 'heading' || index === titleIndex || LINK_LABEL.test(headingWords(block.text))) return;
    const depth = block.depth ?? 1;
    // Its own text, up to the next heading of any level: a heading over papers ("Summaries") links none of its own.
    let end = index + 1;
    while (end < blocks.length && blocks[end]!.kind !== 'heading') end++;
    const linksPaper = blocks.slice(index, end).some((b) => b.links.some((link) => PAPER_LINK.test(link)));
    const opening = blocks.slice(index + 1, end).find((b) => b.kind === 'text');
    const opensOnPaperLink = opening?.links.some((link) => PAPER_LINK.test(link)) ?? false;
    // In a sentence ("The authors of the [SPARTA](https://arxiv.org/…) model use…"), not a list of links under a topic.
    const introducesPaperLink = opensOnPaperLink && opening!.role !== 'item';
    const opensOnWriteUp = opening?.links.some((link) => !link.startsWith('#') && !CODE_LINK.test(link)) ?? false;
    const name = headingWords(block.text).toLowerCase();
    const givesOwnTitle =
      name.length >= 2 &&
      blocks.slice(index + 1, end).some((b) => {
        const line = headingWords(TITLE_LINE.exec(b.text)?.[1] ?? b.text);
        return b.kind === 'text' && [`${name}:`, `${name}：`].some((opening) => line.toLowerCase().startsWith(opening)) && titleLike(line);
      });
    // Its text opening on the paper's authors or venue ("- Jiatao Gu et al.", "- ACL2016"), as a reading list cites.
    const citesInText = blocks
      .slice(index + 1, Math.min(end, index + 3))
      .some((b) => b.kind === 'text' && [...b.text].length <= 80 && CITATION_LINE.test(b.text));
    // A heading ending in a colon labels what follows ("From DSI:", "THINGK:"), as a write-up's parts do, unless it is
    // numbered as papers are counted ("# 1) VGG:").
    const ordinalOnly = ORDINAL_ONLY.test(block.text);
    // A name alone before the colon ("### Mono3D++：", one word with a digit) heads its model's notes, as a name does.
    const namesModel = /^(?=\S*[A-Za-z])\S*\d\S*$/u.test(headingWords(block.text));
    const labels = endsWithColon(block.text) && !NUMBERED.test(block.text) && !namesModel;
    const talk = block.links.length > 0 && block.links.every((link) => VIDEO_LINK.test(link));
    const trend = SINCE_YEAR.test(block.text);
    // Its section's text, sub-sections included: up to the next heading as high as it.
    let sectionEnd = index + 1;
    while (sectionEnd < blocks.length && !(blocks[sectionEnd]!.kind === 'heading' && (blocks[sectionEnd]!.depth ?? 1) <= depth)) sectionEnd++;
    const text = blocks
      .slice(index + 1, sectionEnd)
      .map((b) => b.text)
      .join('\n');
    const linkedTitle = linkedTitles.has(name);
    const generic =
      !ordinalOnly && !linkedTitle && (isGeneric(headingWords(block.text), text) || labels || talk || trend || written.get(wordsAt(block))! >= TEMPLATE_REPEATS);
    const citesReference = REFERENCE_MARKS.test(stripNumber(block.text));
    // Its paper's venue, authors or year ("(CVPR 2023)", "Chen et al. 2024", "S-Transformer (2019)", "Lenet, Yann LeCun et
    // al."), or a reference mark.
    const cites =
      VENUE.test(block.text) ||
      AUTHOR_YEAR.test(stripNumber(block.text)) ||
      YEARS.test(block.text) ||
      LEADING_YEAR.test(block.text) ||
      CITATION_LINE.test(stripNumber(block.text)) ||
      citesReference;
    // A formula written as a heading ("#### $p(l|s) = …$") names nothing.
    const formula = block.text.includes('=');
    const label = countedBy(block);
    const countsParts = label !== null && numbersOfLabel.get(label)!.size >= 2 && !cites;
    const namesByShape = namesSomething(stripNumber(block.text), text);
    const namedByWords = !generic && !formula && !countsParts && (namesByShape || titleLike(stripNumber(block.text)) || cites);
    const named = namedByWords || (!generic && (NUMBERED.test(block.text) || ordinalOnly));
    const isPaperLink = block.links.some((link) => PAPER_LINK.test(link));
    infos.push({
      index,
      depth,
      generic,
      named,
      namedByWords,
      number: numberOf(block.text),
      strong: named || (!generic && (linksPaper || citesInText)),
      linksPaper,
      opensOnPaperLink,
      introducesPaperLink,
      opensOnWriteUp,
      givesOwnTitle,
      countsParts,
      opensOnTitle: opening !== undefined && TITLE_LINE.test(opening.text),
      opensOnNameCited: opensOnPaperLink && name.length >= 2 && opening!.text.toLowerCase().startsWith(name),
      fields: blocks.slice(index + 1, end).flatMap((b) => (b.kind === 'text' ? (FIELD_LABEL.exec(b.text)?.[1]?.trim().toLowerCase() ?? []) : [])),
      isPaperLink,
      isLink: block.links.length > 0,
      citesPaper: isPaperLink || cites,
      latinName: language === 'zh' && !generic && latinTitle(headingWords(block.text)),
      titleCaseOnly: namedByWords && !namesByShape && !cites && !isPaperLink,
      ownText: blocks.slice(index + 1, end).some((b) => b.kind === 'text'),
      sectionEnd,
    });
  });
  return infos;
}

/**
 * The heading level papers are written at: the highest where two headings or more cite their paper (a link, a venue
 * with its year), else the highest with two paper headings or more (deeper ones are their parts, which name methods and
 * link papers too), else the one with the most.
 */
function paperDepth(headings: readonly HeadingInfo[]): number | undefined {
  const depths = [...new Set(headings.map((h) => h.depth))].sort((a, b) => a - b);
  const countAt = (depth: number, test: (h: HeadingInfo) => boolean) => headings.filter((h) => h.depth === depth && test(h)).length;
  const strongAt = (depth: number) => countAt(depth, (h) => h.strong);
  const plainAt = (depth: number) => countAt(depth, (h) => !h.generic);
  // The level whose headings most often name something, the highest of equals; twice as many to pass a higher one.
  const byWords = (candidates: number[]) =>
    candidates.reduce<number | undefined>((best, depth) => {
      if (best === undefined) return depth;
      return countAt(depth, (h) => h.namedByWords) > 2 * countAt(best, (h) => h.namedByWords) ? depth : best;
    }, undefined);
  // Papers counted 1, 2, 3… by headings that name them ("### 1. Neural Scene Representation…" over two "####" papers
  // citing arXiv under "### 2. The 2 'Addressing X in Y' papers").
  const counted = (depth: number) => {
    const numbered = headings.filter((h) => h.depth === depth && h.number !== undefined);
    return [1, 2, 3].every((n) => numbered.some((h) => h.number === n)) && numbered.filter((h) => h.namedByWords).length * 2 > numbered.length;
  };
  return (
    depths.find(counted) ??
    depths.find((depth) => countAt(depth, (h) => h.citesPaper) >= 2) ??
    // A write-up's own parts link papers too ("# The state of the art…" over "### SimCLR"): what headings say comes first,
    // and what their words say before what their numbers do ("## 2. Training" over "### 4.1 Mip-NeRF").
    byWords(depths.filter((depth) => countAt(depth, (h) => h.named) >= 2)) ??
    depths.find((depth) => strongAt(depth) >= 2) ??
    depths.reduce<number | undefined>(
      (best, depth) => (best === undefined || strongAt(depth) * 1000 + plainAt(depth) > strongAt(best) * 1000 + plainAt(best) ? depth : best),
      undefined,
    )
  );
}

/**
 * Where most paper headings are links to their paper, the papers are exactly the linked ones: one between them that
 * is not (a code example) is no paper, unless its text opens on the link to its paper instead.
 */
function linkedPapersOnly(atDepth: readonly HeadingInfo[]): boolean {
  const strong = atDepth.filter((h) => h.strong);
  const linked = strong.filter((h) => h.isLink).length;
  return linked >= 2 && linked * 4 >= strong.length * 3;
}

/** A heading's outline number, "13", "13.1", "17.3.": its parts. */
const OUTLINE_NUMBER = /^\W*(\d{1,2}(?:\.\d{1,2})*)\.?\s/u;
const outlineOf = (block: DigestBlock) => (block.kind === 'heading' ? OUTLINE_NUMBER.exec(block.text)?.[1]?.split('.') : undefined);

/**
 * Headings numbered as an outline ("# 13 YOLOv6", "# 13.1 YOLOv6 结果", "## 17 PP-YOLO", "## 17.3 PP-YOLOv2") at the
 * levels their numbers give, where the Markdown levels say otherwise: a translated survey's "13.1" written with "#" is
 * a part of 13, its "## 9" a chapter like 8. Only where the outline is there to read: two numbers or more within another
 * written before them.
 */
function outlineLevels(blocks: readonly DigestBlock[]): readonly DigestBlock[] {
  // A count restarted below the outline's deepest numbered part ("#### 1. Feature Tokenization" under "## 6.7 RankMixer")
  // lists the steps of one part: it is no part of the outline.
  const written = blocks.map(outlineOf);
  const deepestPart = Math.max(0, ...blocks.map((block, i) => ((written[i]?.length ?? 0) > 1 ? (block.depth ?? 1) : 0)));
  const outlines = written.map((parts, i) => ((blocks[i]!.depth ?? 1) > deepestPart ? undefined : parts));
  const numbers = outlines.flatMap((parts) => (parts ? [parts.join('.')] : []));
  const tops = new Set(outlines.filter((parts) => parts?.length === 1).map((parts) => parts![0]));
  const within = outlines.filter((parts) => parts && parts.length > 1 && tops.has(parts[0]));
  // One outline: every number written once ("1. VITS" over "1.Introduction", "2.Method" numbers two outlines).
  if (within.length < 2 || new Set(numbers).size < numbers.length) return blocks;
  const topDepths = blocks.filter((block, i) => outlines[i]?.length === 1).map((block) => block.depth ?? 1);
  const base = Math.min(...topDepths);
  const wrong = blocks.some((block, i) => outlines[i] && (block.depth ?? 1) !== base + outlines[i].length - 1);
  return wrong ? blocks.map((block, i) => (outlines[i] ? { ...block, depth: base + outlines[i].length - 1 } : block)) : blocks;
}

/**
 * Sections from blocks. The title is the front matter's (`title`), else a first heading that nothing precedes and no
 * other heading is as high as. Papers are the headings at the level most paper headings are at; among them, a heading
 * is a paper unless it names a part of a write-up, or stands before the first or after the last heading that is
 * surely a paper without being one itself (a course advert before the papers, "这一年的变化" after them). Deeper
 * headings are sub-headings; higher ones and text before the first heading are sections that are not papers.
 */
export function sectionsFromBlocks(digest: string, written: readonly DigestBlock[], options: { title?: string; language: Language }): ParsedDigest {
  const blocks = outlineLevels(written);
  const first = blocks[0];
  const titleIndex =
    !options.title &&
    first?.kind === 'heading' &&
    !blocks.slice(1).some((b) => b.kind === 'heading' && (b.depth ?? 1) <= (first.depth ?? 1))
      ? 0
      : undefined;
  const title = options.title ?? (titleIndex === 0 ? headingWords(first!.text) : digest);
  const headings = describeHeadings(blocks, titleIndex, options.language);
  const within = (outer: HeadingInfo, h: HeadingInfo) => h.index > outer.index && h.index < outer.sectionEnd;
  const parentOf = (h: HeadingInfo) => headings.filter((outer) => outer.depth < h.depth && within(outer, h)).at(-1);
  const childrenOf = (outer: HeadingInfo) => headings.filter((h) => h.depth === outer.depth + 1 && within(outer, h));
  // A heading under one that repeats its name (all of it, or what comes before its colon), or whose name the one above
  // gives, is a part of it ("#### SSLD" over "##### SSLD 算法介绍" and "##### SSLD 配置"; "## 1. ActiveRAG：自主知识…"
  // over "### 1.1 ActiveRAG架构"; "## Distributional learning: Categorical DQN" over "### Categorical DQN").
  const wordsOf = (h: HeadingInfo) => headingWords(blocks[h.index]!.text).toLowerCase();
  const nameOf = (h: HeadingInfo) => wordsOf(h).split(':')[0]!.split('：')[0]!.trim();
  // A version of the name is another model, not a part ("## MobileNet" over "### MobileNet V1", "### MobileNet V2").
  const versionOf = (outer: HeadingInfo, h: HeadingInfo) => wordsOf(h).startsWith(nameOf(outer)) && VERSION.test(wordsOf(h).slice(nameOf(outer).length));
  const partOf = (outer: HeadingInfo, h: HeadingInfo) => {
    const [whole, part, name] = [wordsOf(outer), wordsOf(h), nameOf(outer)];
    return name.length >= 2 && part.length >= 2 && !versionOf(outer, h) && (whole.includes(part) || part.includes(name));
  };
  // Headings a level down that cite their paper or give its title in full.
  const titledChildren = (g: HeadingInfo) => childrenOf(g).filter((h) => h.citesPaper || titleLike(blocks[h.index]!.text)).length;
  // A heading that cites no paper, over two named ones a level down, only groups them ("# LoRA Variants" over
  // "## AdaLoRA", "## QLoRA"; "## 2019: VQ-Wav2vec, Mockingjay…"): when it has no text of its own, or when what it
  // says only introduces headings that cite their papers ("### You Only Look Once" over "#### YOLOv1 (Redmon et al. 2016)").
  const groupsPapers = (g: HeadingInfo) => {
    const children = childrenOf(g);
    const titled = titledChildren(g);
    // One whose first part is an introduction ("# 1.LLama" over "## 1.1 简介", "## 1.2 RMSNorm…") is one paper in parts.
    const named = children.filter((h) => h.named || h.citesPaper);
    // One that lists the names under it ("## 2019: VQ-Wav2vec, Mockingjay, DiscreteBERT") groups them all the same.
    const lists = named.filter((h) => wordsOf(g).includes(wordsOf(h))).length >= 2;
    return !g.citesPaper && !children[0]?.generic && named.filter((h) => lists || !partOf(g, h)).length >= 2 && (!g.ownText || titled >= 2);
  };
  const candidates = new Set(headings.filter(groupsPapers));
  // Where groups are most of a level's headings ("## 2019: …", "## 2020: …"), the papers are a level down: that
  // level's papers are counted without them.
  const mostlyGroups = (depth: number) => {
    const plain = headings.filter((h) => h.depth === depth && !h.generic);
    return plain.filter((h) => candidates.has(h)).length * 2 > plain.length;
  };
  // A heading that says it holds the papers ("# Papers", "## 论文笔记") over two headings or more: they are the papers.
  const papersHeading = headings.find((h) => PAPERS.test(headingWords(blocks[h.index]!.text)) && childrenOf(h).length >= 2);
  const depth = papersHeading ? papersHeading.depth + 1 : paperDepth(headings.filter((h) => !(candidates.has(h) && mostlyGroups(h.depth))));
  // Every heading a group holds at the papers' level is a paper, named or not ("### Mockingjay" beside "### HuBERT").
  // A heading over the papers' level with text of its own introduces the whole digest rather than grouping.
  // Where the papers' headings are numbered ("## 1. DSI…" to "## 5. SSD…"), the numbers say which are papers: an
  // unnumbered heading beside them ("## Reading Strategy" over "### Day 1: Foundations") is a part of the write-up.
  const numbered = (h: HeadingInfo) => NUMBERED.test(blocks[h.index]!.text);
  const numberedAtDepth = headings.filter((h) => h.depth === depth && numbered(h)).length;
  const plainAtDepth = headings.filter((h) => h.depth === depth && !h.generic).length;
  const numberedPapers = numberedAtDepth >= 2 && numberedAtDepth * 2 >= plainAtDepth;
  // A numbered heading among numbered papers groups the papers under it only where they cite theirs, give their titles
  // or are versions of its name ("### 2. The 2 'Addressing X in Y' Deep RL papers" over two "####" headings linking
  // arXiv, "### 1. VITS / VITS2", "## 23.3 MobileNet" over "### 23.3.1 MobileNet V1").
  const groups = [...candidates].filter(
    (g) =>
      (g.depth === depth &&
        (!numberedPapers || (numbered(g) && (titledChildren(g) >= 2 || childrenOf(g).filter((h) => versionOf(g, h)).length >= 2)))) ||
      (g.depth === depth! - 1 && !g.ownText),
  );
  // A paper titled in full a level down, under a heading at the papers' level that names nothing ("## Item-based
  // algorithms" over "### *Item-Based Collaborative Filtering Recommendation Algorithms*"), and not over counted parts
  // of a plan ("## Reading Strategy" over "### Day 1: Foundations" and "### Key Sections to Focus On").
  const titledBelow = headings.filter(
    (h) =>
      h.depth === depth! + 1 &&
      !h.generic &&
      (h.citesPaper || titleLike(blocks[h.index]!.text)) &&
      !headings.some((sibling) => sibling.countsParts && sibling.depth === h.depth && parentOf(sibling) === parentOf(h)) &&
      // A paper's number says the paper is the heading above ("## 09. Priors For Infinite Networks" over its authors).
      headings.some(
        (outer) =>
          outer.depth === depth &&
          !outer.namedByWords &&
          !(numberedPapers && outer.number !== undefined) &&
          !candidates.has(outer) &&
          within(outer, h),
      ),
  );
  // A named heading beside one of them ("#### External Document Expansion with docT5query" beside "#### … with Term
  // Independent Likelihood MODel (TILDE)") is the next paper of the same kind.
  const besideTitled = headings.filter(
    (h) => h.depth === depth! + 1 && h.namedByWords && titledBelow.some((titled) => titled !== h && parentOf(titled) === parentOf(h)),
  );
  const grouped = new Set([...groups.flatMap(childrenOf), ...titledBelow, ...besideTitled].map((h) => h.index));
  const atDepth = headings.filter((h) => h.depth === depth);
  const linkedOnly = linkedPapersOnly(atDepth);
  // Where every paper heading but one opens on a link to its paper ("论文地址：arxiv…"), the one that links none (a
  // library's variant of the method before it, "#### TimmAutoAugment" opening on its code) is a part of the write-up,
  // unless its number counts it among the papers ("### 4. FastSpeech 2s" pointing to another note), it gives a paper's
  // title in full, or it opens on a link to a write-up of its work as they open on theirs ("## Image GPT" on a blog post).
  const withOwnText = atDepth.filter((h) => !h.generic && h.ownText);
  const textLinked = withOwnText.filter((h) => h.linksPaper).length;
  const unlinkedAside = (h: HeadingInfo) =>
    h.depth === depth &&
    h.ownText &&
    !h.isLink &&
    !h.linksPaper &&
    !h.citesPaper &&
    !h.opensOnWriteUp &&
    !titleLike(blocks[h.index]!.text) &&
    !(numberedPapers && h.number !== undefined) &&
    textLinked >= 4 &&
    textLinked >= withOwnText.length - 1;
  const strongAt = atDepth.filter((h) => h.strong).map((h) => h.index);
  // Papers written to one template ("### 🌟 基本信息", "### 🎯 核心内容" under each, or fields "**What it does:** …",
  // "**Key Contribution:** …" in each one's text): a heading over the same parts as two papers is a paper too, however
  // its title reads ("## Simple online and realtime tracking", "#### **Stable Diffusion**").
  const parts = new Map<HeadingInfo, Set<string>>();
  const partsOf = (h: HeadingInfo) => {
    if (!parts.has(h)) parts.set(h, new Set([...childrenOf(h).map(wordsOf), ...h.fields]));
    return parts.get(h)!;
  };
  const sharesTemplate = (h: HeadingInfo) => {
    const own = partsOf(h);
    const shared = (other: HeadingInfo) => [...partsOf(other)].filter((part) => own.has(part)).length >= 2;
    return own.size >= 2 && atDepth.filter((other) => other !== h && other.strong && shared(other)).length >= 2;
  };
  const [firstStrong, lastStrong] = [Math.min(...strongAt), Math.max(...strongAt)];
  // A named heading above the papers' level, after the first paper, with text of its own and no paper-level heading
  // under it, is a paper written a level higher than the others (one before the papers introduces them).
  // So is a higher heading whose number continues the papers' ("## 6. Go Wider…" between "### 5. GLaM…" and "### 7. …").
  const numbers = new Set(atDepth.map((h) => numberOf(blocks[h.index]!.text)));
  const continuesNumbering = (h: HeadingInfo) => {
    const n = numberOf(blocks[h.index]!.text);
    return n !== undefined && !numbers.has(n) && (numbers.has(n - 1) || numbers.has(n + 1));
  };
  // So is one whose own text gives its paper's title ("# CornerNet" over "《CornerNet: Detecting Objects as Paired
  // Keypoints》"), wherever it stands: the headings under it that cite no paper of their own are its parts ("## corner
  // pooling"), as a paper's are. And so is one written to the papers' template ("## [![CLIP](…badge…)](CLIP)" over
  // "**What it does:** …" above "#### **ALIGN**").
  const titledAbove = (h: HeadingInfo) => h.depth < depth! && !h.generic && h.givesOwnTitle;
  // So is one over the parts of its write-up ("# I3D" over "## 相关工作", "## 实现细节", "## 总结") beside others like it:
  // the headings under it before the first naming a paper of its own ("## Beyond Short Snippets" after "# Deep Video"'s
  // "## 方法", "## 总结"), most of them parts of any write-up.
  const namesOwnPaper = (h: HeadingInfo) => h.namedByWords || h.latinName || h.citesPaper;
  const leadingParts = (h: HeadingInfo) => {
    const children = childrenOf(h);
    const firstNamed = children.findIndex(namesOwnPaper);
    return firstNamed < 0 ? children : children.slice(0, firstNamed);
  };
  const overParts = (h: HeadingInfo) => {
    if (h.depth >= depth! || h.generic) return false;
    const parts = leadingParts(h);
    return parts.length >= 2 && parts.filter((part) => part.generic).length * 2 >= parts.length;
  };
  // Papers come in numbers: one heading over such parts alone is an introduction in parts ("# Literature Review" over
  // "## General problem").
  const writtenInParts = new Set(headings.filter(overParts));
  const inParts = (h: HeadingInfo) => writtenInParts.has(h) && [...writtenInParts].some((other) => other !== h && other.depth === h.depth);
  // A heading written as others holding papers are, but for its number ("## EMNLP Session 5" with only notes of its own,
  // beside "## EMNLP Session 1" over four papers), is a part of the write-up as they are, not a paper.
  const counter = (h: HeadingInfo) => `${h.depth} ${wordsOf(h).replace(/\d+/gu, '#')}`;
  const holdsPapers = (h: HeadingInfo) => headings.some((inner) => inner.depth === depth && within(h, inner));
  const papersCounters = new Set(headings.filter((h) => h.number === undefined && /\d/u.test(wordsOf(h)) && holdsPapers(h)).map(counter));
  const countedLikeGroups = (h: HeadingInfo) => !holdsPapers(h) && papersCounters.has(counter(h));
  const higher = new Set(
    headings
      .filter(
        (h) =>
          titledAbove(h) ||
          inParts(h) ||
          (h.depth < depth! && !h.generic && sharesTemplate(h)) ||
          (h.depth < depth! &&
            !h.generic &&
            // Before the first paper too where it dates or cites its paper ("### One-Stage: DIN (2018) and DIEN (2019)").
            (h.index > firstStrong || h.citesPaper || YEARS.test(blocks[h.index]!.text)) &&
            ((h.namedByWords && h.ownText && !holdsPapers(h) && !countedLikeGroups(h)) || continuesNumbering(h))),
      )
      .map((h) => h.index),
  );
  const partOfTitled = (h: HeadingInfo) =>
    headings.some(
      (outer) =>
        (titledAbove(outer) && within(outer, h) && !h.citesPaper && !h.givesOwnTitle && !h.linksPaper) ||
        (inParts(outer) && leadingParts(outer).includes(h)),
    );
  // And a heading a level lower that names or cites its paper and goes on with the papers' count ("### 4. UniLM (…,
  // 2019)" after "## 3. Pegasus…"): the count says it is the next paper, not a part of the one before.
  // A contents list of the papers alone ("8. [A Deep Relevance Matching Model…](#a-deep-relevance-matching-model…)")
  // says which headings are papers: one it links a level lower is a paper too, and so is one it links before the first
  // heading that is surely a paper ("## A review on deep learning for recommender systems: …", in sentence case). A
  // contents list of every heading, parts of the write-up included, says nothing of the kind.
  const anchors = new Set(blocks.flatMap((block) => block.links).flatMap((link) => (link.startsWith('#') ? [anchorOf(link)] : [])));
  const linkedFromContents = (h: HeadingInfo) => anchors.has(slugOf(blocks[h.index]!.text));
  const contentsListsPapers = atDepth.filter(linkedFromContents).length >= 2 && anchors.size <= atDepth.length + CONTENTS_EXTRA;
  // So is one dated as every paper's heading is ("### [2023] Prompting Large Language Models…" under "## [2023] AudioPaLM…").
  const dated = (h: HeadingInfo) => LEADING_YEAR.test(blocks[h.index]!.text);
  const papersDated = atDepth.filter((h) => !h.generic).every(dated) && atDepth.filter(dated).length >= 2;
  const lower = new Set(
    headings
      .filter(
        (h) =>
          h.depth === depth! + 1 &&
          !h.generic &&
          ((numberedPapers && (h.namedByWords || h.citesPaper) && continuesNumbering(h)) ||
            (contentsListsPapers && linkedFromContents(h)) ||
            (papersDated && dated(h))),
      )
      .map((h) => h.index),
  );
  // At the papers' level, where their headings are numbered, only the numbered ones are papers.
  const numberingAllows = (h: HeadingInfo) => h.depth !== depth || !numberedPapers || numbered(h);
  // Where most numbered Chinese headings are a model's name ("13 YOLOv6", "4 YOLO：只看一次", "17 PP-YOLO, PP-YOLOv2, 和
  // PP-YOLOE"), one that is a Chinese phrase naming none of its own ("2 YOLO在不同领域的应用", "7 骨干、颈部和头部", "19 YOLO
  // 的未来") is a chapter of the survey, however it is numbered.
  const nameLed = (h: HeadingInfo) => /^[\p{Script=Latin}\d\s.+\-_/&,，、和]+(?:[:：].*)?$/u.test(wordsOf(h));
  const ownName = (h: HeadingInfo) => /\d|[a-z][A-Z]/u.test(headingWords(blocks[h.index]!.text));
  const numberedAtPapers = atDepth.filter((h) => numbered(h) && !h.generic);
  const namesLead = numberedPapers && numberedAtPapers.filter(nameLed).length * 2 > numberedAtPapers.length;
  // A paper titled in Chinese among them still opens on its paper ("**论文**: Extractable Memorization…" and its link, or
  // the link alone), cites it, or is written to the papers' template ("### 1.1 核心发现").
  const chapter = (h: HeadingInfo) =>
    namesLead &&
    h.depth <= depth! &&
    numbered(h) &&
    hasHan(wordsOf(h)) &&
    !nameLed(h) &&
    !ownName(h) &&
    !(h.opensOnTitle && h.linksPaper) &&
    !h.opensOnPaperLink &&
    !h.citesPaper &&
    !sharesTemplate(h);
  // Where the papers' level falls into groups under higher headings ("## 2. Background" over "### 2.1 …", "## 3. Model
  // Review" over "### 3.1 RT-1: …"), a group whose headings mostly name nothing, beside one whose headings mostly name
  // something, holds parts of the write-up; not where the papers' count goes on through it ("### 10. Video Diffusion Models").
  const groupOf = (h: HeadingInfo) => atDepth.filter((other) => !other.generic && parentOf(other) === parentOf(h));
  // A heading that is a link ("### [Teaching Claude Why](https://…)") points to the work it heads, as a name does, and
  // so does one whose text opens on its paper's title ("**Paper:** [Zoom In: …](…) - Olah et al. (2020)") or on its
  // name again and a link to its paper ("**Code Llama** ([Rozière et al., 2023](https://arxiv.org/…)) …").
  const mostlyNamed = (group: HeadingInfo[]) =>
    group.filter(
      (other) => other.namedByWords || other.latinName || other.isLink || other.opensOnTitle || other.opensOnNameCited || sharesTemplate(other),
    ).length *
      2 >
    group.length;
  const namedGroups = atDepth.some((h) => !h.generic && groupOf(h).length >= 2 && mostlyNamed(groupOf(h)));
  // Where a group's headings cite their papers ("### SimCLR (2020)"), a group whose headings are only phrases in title
  // case ("### The Power of Unlabeled Data", "### Emergent Properties" under "## Broader Insights") holds parts too.
  const citingGroup = atDepth.some((h) => !h.generic && groupOf(h).length >= 2 && groupOf(h).every((other) => other.citesPaper));
  const phrasesOnly = (group: HeadingInfo[]) => group.every((other) => other.titleCaseOnly || !other.namedByWords);
  // A write-up has a few parts, a digest many papers: a group more than twice as large as every group of named headings
  // holds papers however they are written ("### joint monocular 3d vehicle detection and tracking", eighteen of them
  // under "## 单目/双目" beside groups of three and five named ones); four parts beside three papers are still parts.
  const namedGroupSize = Math.max(0, ...atDepth.filter((h) => !h.generic && mostlyNamed(groupOf(h))).map((h) => groupOf(h).length));
  const inUnnamedGroup = (h: HeadingInfo) =>
    namedGroups &&
    groupOf(h).length <= 2 * namedGroupSize &&
    h.depth === depth &&
    !h.citesPaper &&
    !h.introducesPaperLink &&
    !(numberedPapers && h.number !== undefined) &&
    groupOf(h).length >= 2 &&
    (!mostlyNamed(groupOf(h)) || (citingGroup && phrasesOnly(groupOf(h))));
  // In a group of papers that mostly name theirs, a phrase before the first that does introduces the group ("# 双流网络系列"
  // over "## 原始双流网络改进方向", then "## Beyond Short Snippets", "## TSN"); a name does not ("## Conformer").
  const phrase = (h: HeadingInfo) => {
    const words = headingWords(blocks[h.index]!.text);
    return hasHan(words) ? words.match(LATIN_TOKEN) === null : prose(words);
  };
  const introducesGroup = (h: HeadingInfo) => {
    const group = groupOf(h);
    return (
      h.depth === depth &&
      parentOf(h) !== undefined &&
      !(numberedPapers && h.number !== undefined) &&
      phrase(h) &&
      group.indexOf(h) < group.findIndex(namesOwnPaper) &&
      mostlyNamed(group)
    );
  };
  // A heading asking a question about the other papers ("9.Controlnet如何处理条件图的？", "5.单ID图像为什么InstantID人物
  // 一致性比Photomaker效果好") heads the author's answer, an aside between the papers however it is numbered. A paper's
  // title may ask one ("How powerful are graph neural networks?", "RLVR 的局限性：RL 真的能扩展推理能力吗？") but names
  // none of the others. A paper is named by what comes before its heading's colon, else by the Latin words of a Chinese
  // heading ("Controlnet的模型结构与原理"), else by all its words.
  const namesOf = (h: HeadingInfo): string[] => {
    const words = wordsOf(h);
    if (nameOf(h) !== words) return [nameOf(h)];
    return hasHan(words) ? (words.match(LATIN_TOKEN) ?? []).filter((token) => token.length >= 2) : [words];
  };
  const asksAboutOthers = (h: HeadingInfo) => {
    if (!QUESTION_HEADING.test(wordsOf(h)) || h.citesPaper || h.isLink || titleLike(blocks[h.index]!.text)) return false;
    const tokens = new Set(wordsOf(h).match(LATIN_TOKEN) ?? []);
    const mentions = (name: string) => (name.includes(' ') || hasHan(name) ? wordsOf(h).includes(name) : tokens.has(name));
    return atDepth.some((other) => other !== h && !other.generic && namesOf(other).some(mentions));
  };
  // What a write-up's closing part holds ("# References" over "## Approach: Target Attention") is no paper.
  const inBackMatter = (h: HeadingInfo) =>
    headings.some(
      (outer) => outer.index > firstStrong && outer.depth < h.depth && within(outer, h) && isGeneric(headingWords(blocks[outer.index]!.text)),
    );
  // Papers counted from 1: a heading numbered 0 before them ("## 0. 为什么大模型时代依然需要 MoE？") introduces them.
  const countedBefore = (h: HeadingInfo) => h.number === 0 && atDepth.some((other) => other.number === 1);
  const readAsPaper = (h: HeadingInfo) =>
    !groups.includes(h) &&
    !countedBefore(h) &&
    !asksAboutOthers(h) &&
    !introducesGroup(h) &&
    !partOfTitled(h) &&
    !unlinkedAside(h) &&
    !inBackMatter(h) &&
    !inUnnamedGroup(h) &&
    !chapter(h) &&
    (!papersHeading || within(papersHeading, h)) &&
    (higher.has(h.index) ||
      lower.has(h.index) ||
      (!h.generic &&
        numberingAllows(h) &&
        (grouped.has(h.index) ||
          (h.depth === depth &&
            (linkedOnly
              ? h.isLink || h.opensOnPaperLink
              : h.strong ||
                sharesTemplate(h) ||
                (atDepth.length > 1 && h.latinName) ||
                (h.index < firstStrong && contentsListsPapers && linkedFromContents(h)) ||
                (h.index > firstStrong && h.index < lastStrong && !prose(blocks[h.index]!.text)))))));
  // Where no heading reads as a paper by the rules above (four sentence-case headings describing what each paper does,
  // "#### Word representations via Gaussian embeddings"), the headings with text of their own at the level that has most
  // of them are the papers rather than none: a digest is read rather than refused.
  const withText = headings.filter((h) => !h.generic && h.ownText);
  const busiest = [...new Set(withText.map((h) => h.depth))].sort(
    (a, b) => withText.filter((h) => h.depth === b).length - withText.filter((h) => h.depth === a).length || a - b,
  )[0];
  const anyPaper = headings.some(readAsPaper);
  // Where that level falls into groups under higher headings ("# Base:" over two, "# Detailed Walk-Through" over
  // eleven), the papers are the largest group, a heading of it with only sub-headings under it too; the others come
  // before or after them.
  const atBusiest = headings.filter((h) => h.depth === busiest && !h.generic && (h.ownText || childrenOf(h).length > 0));
  const byParent = new Map<HeadingInfo | undefined, HeadingInfo[]>();
  for (const h of atBusiest) byParent.set(parentOf(h), [...(byParent.get(parentOf(h)) ?? []), h]);
  const largest = [...byParent.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const isPaperHeading = (h: HeadingInfo) => (anyPaper ? readAsPaper(h) : largest.length >= 2 && largest.includes(h));

  interface Draft {
    heading: string;
    headingLine: number;
    isPaper: boolean;
    /** Numbered as papers are counted, named or citing its paper ("### 6. Wave-Tacotron", "## NJW"): a paper even with nothing to quote. */
    counted: boolean;
    drafts: PassageDraft[];
    subheadings: string[];
    links: string[];
    leadLinks: string[];
  }
  const drafts: Draft[] = [];
  const byIndex = new Map(headings.map((h) => [h.index, h]));
  let current: Draft | undefined;
  let subheading: { text: string; line: number } | undefined;
  let open: PassageDraft | undefined;

  blocks.forEach((block, index) => {
    if (index === titleIndex) return;
    const heading = byIndex.get(index);
    if (heading && depth !== undefined && !partOfTitled(heading) && (heading.depth <= depth || grouped.has(index) || lower.has(index))) {
      current = {
        heading: headingWords(block.text),
        headingLine: block.line,
        isPaper: isPaperHeading(heading),
        counted: heading.number !== undefined || heading.namedByWords || heading.citesPaper,
        drafts: [],
        subheadings: [],
        links: [...block.links],
        leadLinks: [...block.links],
      };
      drafts.push(current);
      subheading = undefined;
      open = undefined;
      return;
    }
    if (!current) {
      current = { heading: title, headingLine: block.line, isPaper: false, counted: false, drafts: [], subheadings: [], links: [], leadLinks: [] };
      drafts.push(current);
    }
    current.links.push(...block.links);
    if (current.drafts.length === 0 && block.kind === 'text') current.leadLinks.push(...block.links);
    if (block.kind === 'heading') {
      subheading = { text: headingWords(block.text), line: block.line };
      current.subheadings.push(subheading.text);
      open = undefined;
      return;
    }
    if (block.kind === 'break') {
      open = undefined;
      return;
    }
    const role = block.role ?? 'body';
    const line: PassageLine = { text: block.text, role, line: block.line };
    // A caption belongs to the text before it, a list or table to the sentence introducing it.
    const continues = open && role !== 'body' && open.lines.length < PASSAGE_MAX_LINES;
    if (continues) open!.lines.push(line);
    else {
      open = { lines: [line], ...(subheading ? { subheading: subheading.text, subheadingLine: subheading.line } : {}) };
      current.drafts.push(open);
    }
  });

  // A list before the first heading with about one short item per paper, none a sentence ("- attention开山作（机器翻译）",
  // "- Luong attention，全局与局部注意力、"), is the digest's contents: it names what the papers' sections say, as an
  // answer it would stand in for them.
  const preamble = drafts[0] && !drafts[0].isPaper && drafts[0].heading === title ? drafts[0].drafts.flatMap((draft) => draft.lines) : [];
  const paperCount = drafts.filter((draft) => draft.isPaper).length;
  const contents =
    preamble.length >= 3 &&
    preamble.length <= paperCount + CONTENTS_EXTRA &&
    preamble.length * 2 >= paperCount &&
    preamble.every((line) => line.role === 'item' && [...line.text].length <= CONTENTS_ITEM_MAX && !endsSentence(line.text));
  if (contents) for (const line of preamble) line.role = 'caption';

  let paperNumber = 0;
  // A paper heading with nothing to quote under it that neither names nor cites a paper (an image under
  // "## Sequence-to-sequence Framework") counts no paper.
  const counts = (draft: Draft) => draft.isPaper && (draft.drafts.length > 0 || draft.counted);
  let otherNumber = drafts.filter(counts).length;
  const sections: ParsedSection[] = [];
  for (const draft of drafts) {
    const section = counts(draft) ? ++paperNumber : ++otherNumber;
    if (draft.drafts.length === 0) continue; // a heading that only groups others ("论文详细笔记") or with nothing to quote
    const heading = draft.isPaper && ORDINAL_ONLY.test(draft.heading) ? withTitleFromText(draft.heading, draft.drafts) : draft.heading;
    sections.push({
      section,
      heading,
      headingLine: draft.headingLine,
      isPaper: draft.isPaper,
      subheadings: draft.subheadings,
      passages: passagesOf(digest, section, heading, draft.drafts),
      links: draft.links,
      leadLinks: draft.leadLinks,
    });
  }
  return { digest, title, language: options.language, sections };
}
