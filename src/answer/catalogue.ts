import type { DigestInfo } from '../corpus/load.ts';
import { sourceUrl } from '../corpus/profile.ts';
import { knownName, samePaper } from '../corpus/paper-ref.ts';
import { splitSentences } from '../corpus/sentences.ts';
import { t } from '../messages/catalogue.ts';
import { withoutEndMarks } from './intent.ts';
import { withoutPlural } from './names.ts';
import { normalize, tokenize } from '../retrieval/tokenize.ts';
import type { Language, Paper, Passage } from '../types.ts';

/**
 * Questions about the digest as a whole ("what are the ten papers?", "哪些论文跟微调有关?", "which come from
 * Meta?", "hi, what can you do?") are answered from the catalogue: section numbers, titles and a line each.
 */

export interface CatalogueEntry {
  paper: Paper;
  /** The paper's line: the opening sentence of its section, in the reader's language where a rendering exists. */
  line: { zh: string; en?: string };
}

const LINE_CHARS = { zh: 70, en: 150 } as const;

/** The opening sentence of each paper's section, cut at a clause boundary when long. */
export function catalogueEntries(papers: readonly Paper[], passages: readonly Passage[]): CatalogueEntry[] {
  return papers.map((paper) => {
    // Its first line of running text: a link line ("Abstract") or a caption says nothing about the paper.
    const own = passages.filter((p) => samePaper(p, paper));
    const first = own.flatMap((p) => p.lines).find((line) => line.role === 'body');
    // An English digest's own line is its English one, and its rendering (if any) the Chinese.
    const [zhText, enText] = own[0]?.language === 'en' ? [first?.translation ?? first?.text, first?.text] : [first?.text, first?.translation];
    const zh = splitSentences(zhText ?? '')[0] ?? paper.heading;
    const en = enText ? splitSentences(enText)[0] : undefined;
    return { paper, line: { zh: clip(zh, LINE_CHARS.zh), ...(en ? { en: clip(en, LINE_CHARS.en) } : {}) } };
  });
}

function clip(text: string, limit: number): string {
  if ([...text].length <= limit) return text;
  const cut = [...text].slice(0, limit).join('');
  const clause = Math.max(cut.lastIndexOf(','), cut.lastIndexOf(','), cut.lastIndexOf(';'), cut.lastIndexOf(' '));
  return `${cut.slice(0, clause > limit / 2 ? clause : limit).trimEnd()}…`;
}

const ALL_PAPERS = new RegExp(
  [
    '^(?:so |and |ok |hi |hey )?(?:what|which) (?:are|were) (?:the |all (?:the )?)?(?:ten |10 )?(?:papers|ones)(?: (?:in|of|covered|discussed|included|listed|on the list)\\b.*)?$',
    '^(?:what|which) papers (?:are|does|do|did) (?:in |covered (?:in|by) |included in |on )?(?:the |this )?(?:digest|list|summary)',
    '^(?:what|which) papers (?:does|do|did) .+ (?:cover|include|discuss|contain|review)$',
    '^(?:list|show|name) (?:me )?(?:the |all )?(?:the )?(?:ten |10 )?papers',
    '(?:papers|articles) (?:are )?(?:in|of|covered (?:by|in)|discussed in) (?:the|this) (?:digest|list|summary)$',
    '^what (?:does|is) (?:the|this) digest (?:cover|about|contain)',
    '^(?:summari[sz]e|give me an overview of|overview of) (?:the|this) digest$',
    '哪十篇|哪几篇|有哪些论文|都有什么论文|什么论文|几篇|多少篇|论文列表|论文清单|十篇论文(?:是|有|分别)|介绍了哪些|包括哪些论文|都讲了什么',
    '(?:摘要|这篇文章|这份文章)(?:主要)?(?:讲|介绍|说)了(?:哪些|什么)(?:内容|东西)?',
  ].join('|'),
  'iu',
);
const COUNT = /几篇|多少篇|how many papers/iu;
const TOPIC =
  /(?:(?<!\b(?:the|this|that) )paper|papers|ones|sections?)\s+(?:are |is |were )?(?:about|on|deal(?:s|ing)? with|cover(?:s|ing)?|concern(?:s|ing)?|involv(?:e|es|ing)|related to|relate to|use|using|from|by|come from|came from|published by|released by|focus(?:ed)? on)\s+(.+)$|(?:哪些|哪几篇|哪篇|什么)(?:论文|文章)?(?:跟|和|与|关于|涉及|讲|讨论|来自|属于|是)(.+?)(?:有关|相关|的|方面)?(?:论文|文章)?[?？]?$|(?:来自|出自)\s*(.+?)\s*的(?:论文|文章)/iu;

export interface CatalogueQuestion {
  count: boolean;
  /** The topic or organisation the papers are asked for, when the question filters them. */
  topic?: string;
}

/** Reads a whole-digest question; undefined for a question about the digest's content. */
export function readCatalogueQuestion(question: string): CatalogueQuestion | undefined {
  const q = withoutEndMarks(question.normalize('NFKC').trim());
  const topic = TOPIC.exec(q);
  const subject = (topic?.[1] ?? topic?.[2] ?? topic?.[3])?.replace(/^(?:the|a|an)\s+/iu, '').trim();
  // A topic is a phrase, not a clause: "the semantic codes paper from Renmin, which quantization methods…" asks about a paper.
  if (subject && !/[,，]/u.test(subject) && /(?:paper|论文|digest|摘要)/iu.test(q)) return { count: COUNT.test(q), topic: subject };
  if (ALL_PAPERS.test(q) || COUNT.test(q)) return { count: COUNT.test(q) };
  return undefined;
}

/** The papers whose tags (or names) match `topic`: "fine-tuning" meets "fine-tuning", "微调" meets "微调". */
export function papersOnTopic(entries: readonly CatalogueEntry[], topic: string): CatalogueEntry[] {
  const wanted = simplify(topic);
  if (!wanted) return [];
  return entries.filter(({ paper }) =>
    [...paper.tags.en, ...paper.tags.zh].some((tag) => {
      const t = simplify(tag);
      return t.length > 0 && (wanted.includes(t) || t.includes(wanted));
    }),
  );
}

/** Lower case, no spaces, hyphens or plural s: "Fine tuning" = "fine-tuning", "LLMs" = "llm". */
const simplify = (text: string) =>
  withoutPlural(
    normalize(text)
      .replace(/[\s\-_.,，、]+/gu, '')
      .replace(/(?<=[a-z]{3})s\b/gu, ''),
  );

export function paperTitle(paper: Paper, language: Language): string {
  return language === 'en' ? (paper.headingEn ?? paper.titleEn) : paper.heading;
}

/** "§3 QLoRA: …" and, indented below it, the paper's line, in the reader's language where possible. */
export function catalogueLines(entries: readonly CatalogueEntry[], language: Language): string[] {
  return entries.map(({ paper, line }) => {
    const text = language === 'en' ? (line.en ?? line.zh) : line.zh;
    return `§${paper.section} ${paperTitle(paper, language)}\n  ${text}`;
  });
}

/**
 * The digest a question names, by its title or file name ("what papers does Five years of GPT progress cover?"): most of
 * the title's words (at least two, stop words aside) are among the question's. Undefined when it names none, or no
 * single one.
 */
export function digestNamed(question: string, digests: readonly DigestInfo[]): DigestInfo | undefined {
  const asked = new Set(tokenize(question));
  const lowered = normalize(question);
  const named = digests.filter((digest) => {
    if (lowered.includes(digest.name.toLowerCase())) return true;
    return [digest.title, digest.titleEn ?? ''].some((title) => {
      const words = [...new Set(tokenize(title))];
      const found = words.filter((word) => asked.has(word)).length;
      return words.length >= 2 && found >= 2 && found * 3 >= words.length * 2;
    });
  });
  return named.length === 1 ? named[0] : undefined;
}

const digestTitle = (digest: DigestInfo, language: Language) => (language === 'en' ? (digest.titleEn ?? digest.title) : digest.title);

/**
 * The list a whole-digest question asks for: the papers on a topic, or every paper, of the digest the question names,
 * else of every digest, under each digest's title when there are several.
 */
export function catalogueAnswerText(
  digests: readonly DigestInfo[],
  entries: readonly CatalogueEntry[],
  request: CatalogueQuestion,
  language: Language,
  named?: DigestInfo,
): string | undefined {
  const shown = named ? digests.filter((d) => d === named) : digests;
  const of = (digest: DigestInfo) => entries.filter((entry) => entry.paper.digest === digest.name);
  if (request.topic) {
    const matching = papersOnTopic(named ? of(named) : entries, request.topic);
    if (matching.length === 0) return undefined;
    const lines = catalogueLines(matching, language).map((l) => `• ${l}`);
    const title = shown.map((d) => digestTitle(d, language)).join(' / ');
    return t(language, 'papersOnTopic', { title, topic: request.topic, count: matching.length, lines: lines.join('\n') });
  }
  return shown
    .map((digest) => {
      const lines = catalogueLines(of(digest), language).map((l) => `• ${l}`);
      return t(language, 'digestPapers', { title: digestTitle(digest, language), count: of(digest).length, lines: lines.join('\n') });
    })
    .join('\n\n');
}

/** Where to read each paper a question names ("QLoRA 论文链接?"): its link, or undefined when none of them has one. */
export function paperLinksText(papers: readonly Paper[], language: Language): string | undefined {
  const lines = papers.flatMap((paper) => {
    const url = sourceUrl(paper);
    return url ? [`• §${paper.section} ${language === 'en' ? paper.titleEn : paper.heading} — ${url}`] : [];
  });
  return lines.length > 0 ? t(language, 'paperLinks', { lines: lines.join('\n') }) : undefined;
}

/** The name a paper is best known by, else its title's head. */
const shortName = (p: Paper) => knownName(p) ?? p.titleEn.split(':')[0] ?? p.titleEn;

/** Most papers a refusal or the help names: beyond them a corpus of many digests would fill a Discord message. */
const NAMES_SHOWN = 12;

/**
 * Short names for refusals and help: "Pythia, Llama 2, QLoRA, …, Emu Video" (§10 by what its text is about); past
 * NAMES_SHOWN, the first of them and how many more there are.
 */
export function shortNames(papers: readonly Paper[], language: Language): string {
  // A paper several digests cover is named once.
  const names = [...new Map(papers.map(shortName).map((shown) => [normalize(shown), shown])).values()];
  if (names.length <= NAMES_SHOWN) return names.join(', ');
  return t(language, 'namesAndMore', { names: names.slice(0, NAMES_SHOWN).join(', '), more: names.length - NAMES_SHOWN });
}

/** What the bot does, with questions to try about the papers loaded (the first one's name), whatever the digests. */
export function helpText(digests: readonly DigestInfo[], papers: readonly Paper[], language: Language): string {
  const title = digests.map((d) => (language === 'en' ? (d.titleEn ?? d.title) : d.title)).join(' / ');
  const example = papers[0] ? shortName(papers[0]) : title;
  return t(language, 'help', { title, count: papers.length, names: shortNames(papers, language), example });
}

export function smallTalkReply(question: string, language: Language): string {
  const thanks = /thank|thx|\bty\b|cheers|appreciat|谢|感谢/iu.test(question);
  return t(language, thanks ? 'smallTalkThanks' : 'smallTalkOk');
}
