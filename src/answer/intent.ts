/**
 * What a message asks for, read from its wording alone (no retrieval): small talk, a request for help, a question
 * about the digest as a whole, or a question about its content and of which kind. Bilingual, pure functions.
 */

import { endsWithColon } from '../corpus/sentence-end.ts';
import { hasHan } from '../retrieval/function-words.ts';
import { escapeRegExp, taggedWords } from '../retrieval/tokenize.ts';
import { withoutPlural } from './names.ts';
import { SPACES } from '../util/regexp.ts';

export type QuestionKind = 'definition' | 'quantity' | 'list' | 'why' | 'comparison' | 'yesno' | 'who' | 'other';

const strip = (text: string) =>
  text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+$/gu, '')
    .replace(/^[\p{P}\p{S}\s]+/gu, '');

/** Thanks, acknowledgements and greetings-only: they get a short reply, never a search. */
const SMALL_TALK =
  /^(?:(?:ok(?:ay)?|k|cool|nice|great|awesome|perfect|got it|i see|makes sense|sounds good|good|fine|alright|wow|lol|haha|bye|good ?bye|see you|thx|ty|thanks?(?: you)?(?: (?:so|very) much)?(?: a lot)?|cheers|much appreciated|谢谢(?:你|您|啦|了)?|多谢|感谢|好的?|好吧|嗯+|哦+|明白了?|懂了|知道了|了解|收到|不错|厉害|太棒了|棒|可以|行|再见|拜拜)(?:[\s,，.!！~]*(?:that'?s|that is|this is|it'?s|it is|very|so|really)?\s*(?:helpful|useful|great|nice|clear|cool|interesting|有用|很有帮助|有帮助|清楚))?[\s,，.!！~]*)+$/u;

export function isSmallTalk(text: string): boolean {
  const t = strip(text);
  return t.length > 0 && t.length <= 60 && SMALL_TALK.test(t);
}

const GREETING = '(?:hi|hello|hey|yo|hiya|greetings|你好|您好|嗨|哈喽|在吗)(?:\\s*(?:there|bot|paperbot|all|everyone))?';
const HELP_PHRASE =
  '(?:help|帮助|/help|how (?:do i|to) use (?:this|you|it)(?: bot)?|what can you do|what do you do|what are you|who are you|what is this(?: bot)?(?: about)?|' +
  "what(?:'s| is) this bot(?: about| for)?|what is paperbot|what (?:can|should) i ask(?: you)?|what can (?:you|u) help (?:me )?with|你(?:能|会|可以)(?:做|干|帮我做|帮我干)?(?:什么|啥)|你是谁|你是干(?:什么|啥)的|" +
  '你有(?:什么|啥)用|怎么用|如何使用|这个机器人是(?:干什么|做什么)的|(?:能|可以)问(?:什么|啥))';
/** The whole message is a greeting and/or a request for help ("hi, what can you do?"), nothing more. */
const HELP = new RegExp(`^(?:${GREETING}(?:[\\s,，!！.]+${HELP_PHRASE})?|(?:${GREETING}[\\s,，!！.]+)?${HELP_PHRASE})$`, 'u');

/** "hi", "what can you do?", "帮助": answered with what the bot does, without a search. */
export function isHelpRequest(text: string): boolean {
  return HELP.test(strip(text));
}

/** "what is X" / "X 是什么" / "什么是 X" / "define X". */
const DEFINITION =
  /(?:是干嘛的|是干什么的|是做什么的|用来干什么|有什么用)[?？]?$|^what (?:is|are) .+ (?:for|used for)\b|^what does \S+(?: \S+)? do\b|^(?:what(?:'s|s| is| are)\s+(?:an?\s+|the\s+)?(?!the (?:difference|reason|main|size|number))|define\b|explain what\b|什么是|何为)|(?:是什么|是啥|指的是什么|是指什么|是什么意思|代表什么|什么意思)(?:东西|模型|方法|思路|技术|论文)?[?？]?$|^what does .+ (?:stand for|mean)/iu;
/** "what is Code Llama built on?", "what was it trained with?": what a participle was done on or with, no definition. */
const DONE_TO = /^what(?:'s| is| are| was| were)\s.+\s(?:[a-z]+(?:ed|en)|built|made|run)\s(?:on|upon|with|from|by|in|into|for)$/iu;
const QUANTITY =
  /多少|(?<!哪)几[个种篇步年倍次]|多大|多长|多久|how (?:many|much|big|large|long|fast)|what (?:size|percentage|fraction|share)|number of|\bsize of\b/iu;
const LIST =
  /哪些|哪几|哪[三四五两]|列出|组成|组件|步骤|包括什么|包含什么|哪些部分|what are the (?:\w+ )?(?:parts|components|steps|stages|questions|papers|models|ideas)|which (?:\w+ )?(?:components|parts|steps|models)|list (?:the|all)|what (?:components|parts|steps)|(?:what|which) (?:kinds|types|sorts) of|(?:what|which) (?:are )?(?:the )?(?:two|three|four|five|six|\d+)\b|consists? of|made (?:up )?of/iu;
const WHY =
  /为什么|为何|原因|怎么做到|如何做到|如何实现|是如何|怎样|怎么|秘诀|诀窍|\bwhy\b|\bhow (?:does|do|did|is|are|can|could)\b|what (?:makes|made)|reason|secret|\bthe key to\b/iu;
/** Who made, wrote or released something: answered by a sentence naming an organisation or its researchers. */
/** Asks who made a work: its authors, the lab or company behind it (not what "the author" of the digest says). */
const MAKER_ASKED =
  /\bwho (?:made|built|developed|created|released|wrote|published|proposed|trained|is behind)\b|\bwho (?:are|were|is|was) the (?:\w+ )?authors?\b|\b(?:first|lead) author\b|\bwhich (?:company|lab|organi[sz]ation|team|university)\b|哪家|哪个(?:公司|机构|团队|实验室)|谁(?:开发|提出|发布|做|写|训练|推出)|(?:第一|通讯)?作者(?:是谁|有哪些|都有谁)|第一作者|出自哪/iu;
const WHO = new RegExp(`^who\\b|是谁(?:的|做的|开发的|提出的)?[?？]?$|${MAKER_ASKED.source}`, 'iu');
export const asksMaker = (question: string) => MAKER_ASKED.test(withoutOpening(question));
const COMPARISON =
  /区别|不同|差异|相比|比较|对比|哪个更|谁更|优于|胜过|\bvs\.?\b|versus|compared?|comparison|differ|difference|better than|worse than|outperform/iu;
const YES_NO = /[吗嘛][?？]?$|是否|有没有|是不是|能不能|会不会|^(?:is|are|does|do|did|can|could|will|would|was|were|has|have|should)\b/iu;

/** "never mind.", "lol ok.", "quick q,", "对了,": an opening that only turns to the question. */
const TURN_OPENING =
  /^(?:never ?mind|nvm|anyway|anyways|btw|by the way|also|so|well|hmm+|(?:(?:a )?(?:quick|random|dumb|silly|noob) )?(?:q|question)|算了|对了|另外|那么|顺便问一下|请教一下|问一下|问个问题|还有)$/iu;

/**
 * The question without a leading acknowledgement, greeting or turn, addressed to someone or not ("lol ok. what does
 * QLoRA quantize?", "thanks Bob, what is DPO?" → the question after them).
 */
export function withoutOpening(question: string): string {
  const q = question.normalize('NFKC').trim();
  const match = /^([^.!?。！？,，]{1,24})[.!?。！？,，]\s*(\S.*)$/su.exec(q);
  const opening = match?.[1]!.trim();
  if (match && opening && (isOpening(opening) || isOpening(withoutAddressee(opening)))) return withoutOpening(match[2]!);
  // A mention or a greeting word opening it without a mark after ("@bot what does…", "hey what does…").
  const [first, ...rest] = q.split(' ');
  return rest.length > 0 && first && (first.startsWith('@') || isOpening(first)) ? withoutOpening(rest.join(' ')) : q;
}

/** A question without the marks that end it: "What is DPO?!" → "What is DPO". */
export const withoutEndMarks = (text: string) => text.replace(/[?？!！。.]+$/u, '');

/** An acknowledgement, a greeting or a turn of conversation: "thanks", "hey", "anyway". */
function isOpening(text: string): boolean {
  return isSmallTalk(text) || isHelpRequest(text) || TURN_OPENING.test(text);
}

/** The opening without the one it is addressed to: "thanks Bob" → "thanks", "hey guys" → "hey". */
function withoutAddressee(opening: string): string {
  const lastSpace = opening.lastIndexOf(' ');
  return lastSpace > 0 ? opening.slice(0, lastSpace) : opening;
}

/** The kind of answer a question asks for; the first that applies, most specific first. */
export function questionKind(question: string): QuestionKind {
  const q = withoutOpening(question);
  // A bare name ("mixtrall", "QLoRA?") asks what it is; with a unit ("phi2 params?"), how much.
  const bareName =
    /^(?!(?:who|what|why|how|when|where|which|is|are|does|do|did|can|and|or|but|then|also)\b)[A-Za-z0-9][A-Za-z0-9 .+-]{0,40}[?？]?$/iu;
  const words = q.split(SPACES).length;
  if (bareName.test(q) && words <= 3) return askedUnit(q) ? 'quantity' : 'definition';
  // "how many layers does DistilBERT have compared to BERT's 12?" asks a figure; the comparison only frames it.
  if (COMPARISON.test(q) && !(QUANTITY.test(q) && askedFigure(q).length > 0)) return 'comparison';
  if (QUANTITY.test(q)) return 'quantity';
  if (LIST.test(q)) return 'list';
  if (WHO.test(q)) return 'who';
  if (WHY.test(q)) return 'why';
  if (DEFINITION.test(q) && !DONE_TO.test(withoutEndMarks(q))) return 'definition';
  if (YES_NO.test(q)) return 'yesno';
  // A bare "and the memory?" / "那显存呢?" asks for a figure.
  const short = words <= 5 && [...q.replace(/\p{ASCII}/gu, '')].length <= 10;
  if (short && askedUnit(q)) return 'quantity';
  return 'other';
}

/** 一…十 and 两, or digits: the count a sentence announces ("由三个主要组件组成", "4 步过程", "two types"). */
const NUMERALS: Record<string, number> = {
  一: 1,
  两: 2,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};
const ANNOUNCED =
  /([一两二三四五六七八九十]|\d{1,2})\s*(?:个|种|项|步|类)?\s*(?:主要)?\s*(?:组件|组成部分|部分|步骤?|步过程|阶段|类型|问题|要点)|\b(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})[\s-]+(?:main\s+|key\s+|major\s+)?(?:components?|parts?|steps?|stages?|types?|kinds?|questions?)/iu;

/**
 * The place in a list that a question asks for: "RLHF 的第三步", "SAM 的第三个组件", "the third step", "step 2". Papers
 * called by their place ("第三篇", "paper 2") are the retriever's (namedPapers), not a list's.
 */
const ORDINAL =
  /第\s*([一两二三四五六七八九十]|\d{1,2})\s*个?\s*(?:步|阶段|部分|点|项|条|组件)|\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+(?:step|stage|phase|part|component|item|point)s?\b|\b(?:step|stage|phase)\s+(\d{1,2})\b/iu;
const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

export function askedPlace(question: string): number | undefined {
  const match = ORDINAL.exec(question.normalize('NFKC'));
  const word = match?.[1] ?? match?.[2] ?? match?.[3];
  if (!word) return undefined;
  const lower = word.toLowerCase();
  const place = NUMERALS[lower] ?? (ORDINAL_WORDS.includes(lower) ? ORDINAL_WORDS.indexOf(lower) + 1 : Number.parseInt(lower, 10));
  return place >= 1 ? place : undefined;
}

/**
 * "which conference…", "what detector does X use", "用的是什么模型", "哪个机构的": the question asks which thing, and a
 * name is what answers it (a wh-word before a noun, not before a verb: "what is", "which one", "什么是").
 */
export const asksForName = (question: string) =>
  /\bwhich\s+(?!(?:is|are|was|were|one|ones|of)\b)[a-z]|\bwhat\s+(?!(?:is|are|was|were|do|does|did|can|could|would|will|should|has|have|had|happens?|makes?|about|if|else|exactly|kind|kinds|type|types|sort)\b)[a-z]{3,}|(?:(?<!为)什么|哪[一个种家些两几]?[个种类位篇]?)(?![是么样])\p{Script=Han}/iu.test(
    question,
  );

/**
 * Words of a finding, in a question asking what a study found ("what did X find?", "结果如何", "发现了什么") and in a
 * sentence reporting it ("…显示", "事实证明", "it turns out", "showed").
 */
export const FINDING =
  /显示|表明|发现|证明|结果|结论|\b(?:find(?:s|ings?)?|found|show(?:s|ed|n)?|reveal\w*|turns? out|demonstrat\w*|conclu\w*|results?)\b/iu;
export const asksFinding = (question: string) => FINDING.test(question);

/**
 * "what accuracy did CoT get on GSM8K?", "by how much did TD3 beat DDPG on HalfCheetah?", "CoT 在 GSM8K 上的准确率是多少?": a result measured on something, which the digest
 * must give for that something (a count of parameters is the same wherever the model runs).
 */
export const asksMeasuredResult = (question: string) =>
  /\b(?:what|which|how)\b[^?？]{0,40}\b(?:accuracy|score|speedup|perplexity|error rate|wer|bleu|f1|ap|map|auroc)\b|\bby how much\b|\bhow much (?:better|worse|faster|higher|lower)\b|(?:准确率|精度|得分|分数|加速比|困惑度|错误率|\b(?:ap|map|bleu|f1|wer)\b)[^?？]{0,8}(?:多少|几)/iu.test(
    question,
  );

/**
 * "How many parameters does Jukebox have?", "GShard 有多少参数?", "参数量多大": a model's size, not a setting named a
 * parameter ("温度参数设为多少") nor the parameter of what the clause before asks about ("服从什么分布？参数是多少？").
 */
export const asksParameterCount = (question: string) =>
  /how many (?:[\w-]+ )?params?\b|how many (?:[\w-]+ )?parameters|number of param|param(?:eter)? count|多少个?参数|参数量|参数规模|(?<![\p{Script=Han}?？,，])参数(?:有|是)?多少/iu.test(
    question,
  );
/**
 * A model size as digests write it: "5B", "1.5 billion", "175B parameters", "a 7B model", "500 亿", "70 亿参数",
 * "1.23亿个参数"; not a count of something else ("15 million annotated images", "1500 万张图像").
 */
export const writesModelSize = (text: string) =>
  /\d(?:[\d.,]*\d)?\s*(?:[bmk]\b|billion|million|亿|万)(?![ \t]+(?!(?:parameters?|params|weights|models?|llms?|versions?|variants?)\b)[a-z]{3,}|\s*[张条句篇幅对])|\d[\d.,]*\s*(?:个)?\s*(?:parameters?|params|参数)/iu.test(
    text,
  );

/**
 * What a question asks the figure of, as written: "What batch size did SimCLR use?" → "batch size", "how many
 * image-text pairs was CLIP trained on?" → "image-text pairs", "SimPO 里 gamma 默认设成多少?" → gamma, "掩码比例是多少" →
 * 掩码, 比例; "训练了多少个 epoch" → epoch. Empty where no figure is asked, or it is asked without a noun ("how many?").
 */
export function askedFigure(question: string): string[] {
  const q = withoutOpening(question).normalize('NFKC').toLowerCase();
  if (hasHan(q)) return chineseFigure(withMetricsAtCutoff(taggedWords(q)));
  const measured = FIGURE_COUNTED.exec(q) ?? FIGURE_MEASURED.exec(q);
  // "which value of the scaling factor eta…": a figure word alone says only that a figure is asked, what follows its
  // "of" what it is of.
  const of = measured && FIGURE_WORDS.has(measured[1]!) ? FIGURE_OF.exec(q.slice(measured.index + measured[0].length)) : null;
  const noun = of?.[1] ?? measured?.[1];
  // "how many actors vs learners": each is a figure asked, either written with its number answers.
  return noun ? noun.split(/ (?:vs\.?|versus|and|or) /u) : [];
}
/** Words that say a figure is asked, not what it is of ("the exact-match score"): no evidence on their own. */
export const FIGURE_WORDS = new Set(['value', 'values', 'score', 'scores', 'rate', 'rates', 'ratio', 'ratios', 'size', 'sizes', 'number', 'numbers']);
/** What a figure word is of: " of the scaling factor eta did…" → "scaling factor eta". */
const FIGURE_OF =
  /^ of (?:the |a |an )?((?:[a-z][\w-]* ){0,3}?[\p{L}][\w-]*)(?= (?:did|does|do|is|are|was|were|has|have|had|in|on|for|per|at|to|with|used)\b|\s*[?？,，]|$)/u;
/** "how many/much <noun> <verb or preposition>". */
const FIGURE_COUNTED =
  /\bhow (?:many|much) (?!(?:more|less|fewer|\w+er|did|does|do|is|are|was|were|has|have|had|can|could|would|will)\b)((?:[a-z][\w-]* ){0,2}?[a-z][\w-]*(?: and (?:[a-z][\w-]* )?[a-z][\w-]*)?) (?:did|does|do|is|are|was|were|has|have|had|can|could|would|will|should|in|on|for|of|per|at|to|get|go)\b/iu;
/**
 * "what/which … <figure noun>": a noun that is only ever a figure (a rate, a score, a hyperparameter), or the last part
 * of a compound ("top-1 accuracy", "F1-score"), but not its first part ("Score-Based Generative Modeling"); the head
 * of its phrase, before a verb, a preposition or the end, not a word qualifying another ("which learning rate procedure").
 */
const FIGURE_MEASURED =
  /\b(?:what|which) (?:(?:is|are|was|were) (?:the |an? )?)?((?:[a-z][\w-]* ){0,3}?(?:[a-z\d]+-)?(?:values?|scores?|rates?|ratios?|sizes?|coefficients?|accuracy|precision|recall|perplexity|resolution|speed(?:ups?)?|latency|throughput|fps|dimensions?|thresholds?|temperature|epsilon|beta|gamma|alpha|lambda|tau|\p{Script=Greek}|ap|map|iou|miou|bleu|wer|f1|f-measure|f-score|ndcg|mrr|auc))(?:@\d+| \p{L}(?= ))?(?= (?:did|does|do|is|are|was|were|has|have|had|can|could|would|will|should|in|on|for|of|per|at|to|with|over|and|or|vs\.?|versus)\b|\s*[?？,，(（]|$)/iu;

/**
 * The nouns a Chinese question asks the figure of, by part of speech: those counted after "多少"/"几块" ("多少个 epoch",
 * "多少 GB 显存"), else those measured before "多少"/"多大", past its verbs ("准确率具体是多少", "错误率降到多少").
 */
function chineseFigure(words: TaggedWord[]): string[] {
  const at = words.findIndex(({ word, tag }) => tag === 'm' && FIGURE_ASKING.has(word));
  if (at < 0) return [];
  const tagged = (word: TaggedWord | undefined, tags: readonly string[]) => word !== undefined && tags.some((tag) => word.tag.startsWith(tag));
  // A cased letter jieba leaves untagged is a Greek one naming a hyperparameter ("系数 β").
  const isSymbol = (word: TaggedWord) => word.tag === 'x' && word.word.toLowerCase() !== word.word.toUpperCase();
  const isNoun = (word: TaggedWord) => word.tag === 'eng' || isSymbol(word) || (tagged(word, ['n']) && [...word.word].length >= 2);
  const isGap = (word: TaggedWord) => word.tag === 'x' && [...word.word.trim()].every((mark) => '-()（）'.includes(mark));
  // A run of nouns from `start` in the direction `step`, past the words `skipped` tags, gaps and figure words.
  const nounsFrom = (start: number, step: 1 | -1, skipped: readonly string[]) => {
    let i = start;
    const passed = (word: TaggedWord) => isGap(word) || tagged(word, skipped) || COUNT_NOUNS.has(word.word) || (tagged(word, ['n']) && !isNoun(word));
    while (words[i] && passed(words[i]!)) i += step;
    const run: string[] = [];
    for (; words[i] && (isNoun(words[i]!) || isGap(words[i]!)); i += step) if (isNoun(words[i]!)) run.push(words[i]!.word);
    return run;
  };
  const counted = nounsFrom(at + 1, 1, ['q']);
  if (counted.length > 0 || words[at]!.word.startsWith('几')) return counted;
  // "尝试过多少层的网络": the measure word is what is counted ("152 层"), unless it is the general "个".
  const measure = words[at + 1];
  if (tagged(measure, ['q']) && measure!.word !== '个') return [measure!.word];
  // What is counted may follow a modifier ending in 的: "多少个广泛使用的基准数据集" counts 基准数据集.
  const modified = words.slice(at + 1, at + MODIFIER_WORDS).findIndex(({ word }) => word === '的');
  const afterModifier = modified >= 0 ? nounsFrom(at + 2 + modified, 1, []) : [];
  if (afterModifier.length > 0) return afterModifier;
  return nounsFrom(at - 1, -1, ['v', 'd', 'p', 'u', 'f', 'a']).filter((noun) => !COUNT_NOUNS.has(noun));
}
type TaggedWord = ReturnType<typeof taggedWords>[number];
/** A metric at a cutoff ("P@20", "nDCG@10"), which the tagger splits at "@", as the one word it is. */
function withMetricsAtCutoff(words: TaggedWord[]): TaggedWord[] {
  const merged: TaggedWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const [metric, at, cutoff] = [words[i]!, words[i + 1], words[i + 2]];
    if (metric.tag === 'eng' && at?.word === '@' && cutoff?.tag === 'm') {
      merged.push({ word: `${metric.word}@${cutoff.word}`, tag: 'eng' });
      i += 2;
    } else merged.push(metric);
  }
  return merged;
}
/** How far after "多少" a modifier's 的 may stand: "多少个广泛使用的…". */
const MODIFIER_WORDS = 6;
/** The words that ask for a figure: "多少", "多大", "几个", "几块"… (not "几岁", "几天": units of their own). */
const FIGURE_ASKING = new Set(['多少', '多大', ...[...'个块张层项种条次'].map((measure) => `几${measure}`)]);
/** Nouns that say only that a figure is asked ("个数从多少减到多少"). */
const COUNT_NOUNS = new Set(['个数', '数量', '数目', '大小', '比例', '分数', '得分', '数值', '多少', '百分之']);

/** A question about where a paper was published: "发表在哪个会议上?", "which conference was it published at?". */
export const asksVenue = (question: string) => /会议|期刊|\b(?:venue|conference|journal)s?\b|发表在|发在哪/iu.test(question);

/** A question about a figure of the digest: "那张图里…", "图中", "in the figure", "the chart". */
export const asksAboutFigure = (question: string) => /张图(?![片像])|图[中里上表]|插图|\b(?:figure|fig|chart|plot|diagram)s?\b/iu.test(question);

export function announcedCount(sentence: string): number | undefined {
  const match = ANNOUNCED.exec(sentence);
  const word = match?.[1] ?? match?.[2];
  if (!word) return undefined;
  return NUMERALS[word.toLowerCase()] ?? Number(word);
}

/** A sentence that introduces a list: ends with a colon, or announces parts or steps. */
export function introducesList(sentence: string): boolean {
  return endsWithColon(sentence) || announcedCount(sentence) !== undefined || /如下|以下|following/iu.test(sentence);
}

/**
 * The unit a quantity question asks about, as a pattern over a sentence and its rendering: units of measure and
 * what they are often asked as ("多大", "how long"); any other counted noun ("how many experts", "多少张图像") is
 * taken from the question itself (COUNTED).
 */
const TIMES = /倍|times/iu;
const UNITS: [RegExp, RegExp][] = [
  [/参数|parameter|\bparams?\b|多大|how big|size/iu, /参数|parameter|\d+(?:\.\d+)?\s*[bm]\b/iu],
  [/标记|token|令牌|窗口|window|上下文|context/iu, /标记|token|令牌/iu],
  [/显存|内存|memory|vram|\bgb\b|gpu/iu, /GB|内存|显存|memory|GPU/iu],
  [/小时|hour|多久|how long/iu, /小时|hour|天|day/iu],
  [/成本|花费|美元|cost|dollar|\$/iu, /美元|\$|成本|cost/iu],
  // A share, and the metrics written as one: "87.4% on Kinetics-400" gives an accuracy.
  [/百分|%|percent|accuracy|recall|(?:success|win|hit|error) rate|准确率|正确率|召回率|成功率|胜率|命中率|错误率/iu, /%/u],
  [TIMES, TIMES],
];

/** "how much compute", "how many layers", "多少计算量", "有几步": the noun a quantity question counts, when no unit above names it. */
const COUNTED =
  /\bhow (?:much|many) (?!(?:of|did|does|do|is|are|was|were|can|will|would)\b)([a-z][a-z-]{2,})|(?:多少|(?<!哪)几)(?:个)?\s*((?:(?![呀啊啦嘛呢吗])\p{Script=Han}){1,4}?|[a-z][a-z -]{1,24}?)\s*(?:[?？呢吗呀啊啦嘛]|$)/iu;

/** The unit a text asking a figure names ("GPU memory" → GB, "accuracy" → %), if any. */
export const unitOf = (text: string) => UNITS.find(([asked]) => asked.test(text))?.[1];

export function askedUnit(question: string): RegExp | undefined {
  // The unit of what is counted, not of a word setting the scene: "how many anchor boxes per sliding window" counts
  // boxes, not the tokens of a context window.
  const nouns = askedFigure(question);
  const known = nouns.length > 0 ? nouns.map(unitOf).find((unit) => unit !== undefined) : unitOf(question);
  if (known) return known;
  const counted = COUNTED.exec(question.normalize('NFKC'));
  // An English phrase counts its last noun: "how many attention heads" counts heads, not attention.
  const noun = counted?.[1] ? (nouns[0]?.split(' ').at(-1) ?? counted[1]) : counted?.[2];
  if (noun) return new RegExp(escapeRegExp(withoutPlural(noun.toLowerCase())), 'iu');
  // "模型有多大", "how big": asked without a unit of its own.
  return nouns.length > 0 ? unitOf(question) : undefined;
}

const PURPOSE = /是干嘛的|是干什么的|是做什么的|用来干什么|有什么用|(?<!\b(?:stands?|short) )\b(?:used )?for[?？]?$|^what does .+ do\b/iu;

/** A definition question about what something is for or does, not what its name means. */
export function asksPurpose(question: string): boolean {
  return PURPOSE.test(withoutOpening(question));
}

const INCLUSION =
  /收录|入选|列入|纳入|选入|上榜|选(?:了|择)?(?:这|它)|关注|\binclud|\bpick|\bchose|\bselect|\b(?:on|in|onto) (?:the|this|your|his|her) list|make the (?:list|cut)/iu;

/** "why did the author pick the Pythia paper", "为什么作者还要收录它": asks why the digest covers something. */
export function asksWhyIncluded(question: string): boolean {
  return questionKind(question) === 'why' && INCLUSION.test(question.normalize('NFKC'));
}

/** The term a definition question asks about: "滑动窗口注意力是啥" → "滑动窗口注意力", "what is sliding window attention?" → "sliding window attention". */
export function definedTerm(question: string): string | undefined {
  const q = withoutEndMarks(withoutOpening(question));
  const match =
    /^(?:什么是|何为|请问)\s*(.+?)$/u.exec(q) ??
    /^(.+?)\s*(?:是什么意思|是什么|是啥|指的是什么|是指什么|是干嘛的|是干什么的|是做什么的|代表什么|什么意思)(?:东西|模型|方法|思路|技术|论文)?$/u.exec(
      q,
    ) ??
    /^(?:what(?:'s|s| is| are)|define|explain)\s+(?:an?\s+|the\s+)?(.+?)(?:\s+(?:used |short )?for)?$/iu.exec(q) ??
    /^what does\s+(.+?)\s+(?:stand for|mean|do)$/iu.exec(q);
  const term = match?.[1]?.trim();
  return term && [...term].length <= 40 ? term.toLowerCase() : undefined;
}

/** "QLoRA 论文链接?", "arXiv id of the DPO paper?", "where can I read the Llama 2 paper?": asks where the paper is. */
const LINK =
  /arxiv|论文(?:的)?(?:链接|地址|网址|出处)|\b(?:link|url)s?\b.*\bpaper|\bpaper\b.*\b(?:link|url)s?\b|where (?:can|could|do|should) i (?:find|read|get) (?:the |this )?.*\bpaper/iu;

export function asksForLink(question: string): boolean {
  return LINK.test(question.normalize('NFKC'));
}
