/**
 * Cues of the two languages that tell words apart without segmenting them: the Han script, and the function and
 * question words that carry no topic. Free of jieba, so that reading a digest's structure (src/corpus/) does not load it.
 */
import { SPACES } from '../util/regexp.ts';

const HAN = /\p{Script=Han}/u;
const HAN_ALL = /\p{Script=Han}/gu;
/** Whether a text writes any Chinese character. */
export const hasHan = (text: string) => HAN.test(text);
/** How many Han characters a text holds. */
export const countHan = (text: string) => text.match(HAN_ALL)?.length ?? 0;

/** Function words and question words that carry no topic in either language. */
export const STOPWORDS = new Set(
  (
    '的 了 是 在 和 与 及 或 也 都 就 而 被 把 对 从 向 为 以 于 之 其 这 那 这个 那个 这些 那些 它 它们 他们 我们 你 我 他 她 ' +
    '吗 呢 吧 啊 么 什么 怎么 怎样 怎么样 如何 为什么 哪 哪些 哪个 哪里 多少 几 是否 有没有 有 没有 能 能否 可以 会 要 ' +
    '一个 一种 一些 个 种 中 上 下 请 问 告诉 关于 论文 这篇 该 那么 吗? ' +
    'a an the is are was were be been do does did what which who whom whose how why when where can could ' +
    'should would will of in on at to for from by with about as and or not it its this that these those there ' +
    'i you we they he she me my your our their any some many much tell paper papers digest please et al'
  ).split(SPACES),
);

/** English function words on top of STOPWORDS: an English rendering is searched by its content words only. */
export const ENGLISH_STOPWORDS = new Set(
  (
    'am has have had having into than then so such only also just very more most other same own too again further once ' +
    'here all both each few no nor if but because until while during before after above below up down out off over under ' +
    'between through s t don now mean means say says said get got does doing done know us him her them his hers theirs yes ' +
    'work works happen happens ' +
    // how people ask, not what they ask about
    'mention mentions mentioned tell explain describe summarize summarise talk talks discuss discussed'
  ).split(SPACES),
);

/** A word that says how someone asks, not what about ("what", "the", "explain"): never worth translating. */
export function isEnglishFunctionWord(word: string): boolean {
  return STOPWORDS.has(word) || ENGLISH_STOPWORDS.has(word);
}
