/**
 * The numbers a text states, read the same way in Chinese and English so that a written answer's figure can be found
 * in the passage it cites: "500 亿", "五百亿" and "50 billion" are one amount (5e10), "65B" is 6.5e10, "48 GB" is 48
 * with the unit GB, "三个" is 3. Pure functions; the checker compares what an answer states with what its passages state.
 */

/** An amount with the unit it is measured in, when it has one ("GB", "%", "x"); counts and parameters have none. */
export interface Quantity {
  value: number;
  unit?: string;
}

const SCALE: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  千: 1e3,
  万: 1e4,
  m: 1e6,
  million: 1e6,
  百万: 1e6,
  亿: 1e8,
  b: 1e9,
  billion: 1e9,
  十亿: 1e9,
  t: 1e12,
  trillion: 1e12,
  万亿: 1e12,
};

/** Units a figure is measured in, by their normalised name. Memory sizes keep their own unit: 48 GB is not 48 MB. */
const UNIT: Record<string, string> = {
  gb: 'GB',
  gib: 'GB',
  千兆字节: 'GB',
  mb: 'MB',
  mib: 'MB',
  tb: 'TB',
  tib: 'TB',
  kb: 'KB',
  '%': '%',
  '％': '%',
  percent: '%',
  百分之: '%',
  x: 'x',
  '×': 'x',
  times: 'x',
  fold: 'x',
  倍: 'x',
  epoch: 'epoch',
  epochs: 'epoch',
  个epoch: 'epoch',
};

const DIGITS = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const SCALE_WORD = String.raw`万亿|十亿|百万|thousand|million|billion|trillion|[千万亿]|[kmbt](?![a-z])`;
const UNIT_WORD = String.raw`gib|gb|mib|mb|tib|tb|kb|%|％|percent|times|fold|[x×](?![a-z0-9])|倍|epochs?`;
/**
 * A figure in digits, optionally with a scale ("50 billion", "500 亿", "65B") and a unit ("48 GB", "2 倍", "8%").
 * Digits glued to a Latin name ("A100", "GPT-4", "Llama 2") are read too: the name must then appear in the passage.
 */
const DIGIT_FIGURE = new RegExp(String.raw`(?<![\d.])(${DIGITS})\s*(${SCALE_WORD})?\s*(${UNIT_WORD})?`, 'giu');
/** 百分之五十 = 50 %. */
const ZH_PERCENT = /百分之([零〇一二两三四五六七八九十百千]+)/gu;
/** A Chinese numeral that is a number: before a measure word or a scale ("三个", "两种", "五百亿"), never the 一 of 一些/统一. */
const ZH_FIGURE =
  /([零〇一二两三四五六七八九十百千]+)\s*(万亿|十亿|百万|[万亿])?\s*(个|种|类|项|篇|款|位|名|层|步|次|倍|组|条|大|点|阶段|部分|方面|月|年|天)/gu;
const ZH_SCALED = /([零〇一二两三四五六七八九十百千]+)(万亿|十亿|百万|[万亿])/gu;
const ENGLISH_WORD =
  /\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|dozen|half|halv(?:e|es|ed|ing)|twice|doubl(?:e|es|ed|ing)|triple|thrice)\b/giu;

const ENGLISH_VALUE: Record<string, Quantity> = {
  two: { value: 2 },
  three: { value: 3 },
  four: { value: 4 },
  five: { value: 5 },
  six: { value: 6 },
  seven: { value: 7 },
  eight: { value: 8 },
  nine: { value: 9 },
  ten: { value: 10 },
  eleven: { value: 11 },
  twelve: { value: 12 },
  twenty: { value: 20 },
  thirty: { value: 30 },
  forty: { value: 40 },
  fifty: { value: 50 },
  hundred: { value: 100 },
  dozen: { value: 12 },
  half: { value: 0.5 },
  twice: { value: 2, unit: 'x' },
  double: { value: 2, unit: 'x' },
  triple: { value: 3, unit: 'x' },
  thrice: { value: 3, unit: 'x' },
};
const ZH_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ZH_MULTIPLIER: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
/** "翻倍" (doubles), "减半" (halves): said of a figure in the passage as "doubling", "halves". */
const ZH_WORDS: [RegExp, Quantity][] = [
  [/翻[一]?倍|加倍|两倍/gu, { value: 2, unit: 'x' }],
  [/减半|一半/gu, { value: 0.5 }],
];

/**
 * 三 = 3, 十二 = 12, 五百 = 500, 两千三百 = 2300; undefined for what is not a numeral. Kept here: nzh reads 两 as 0
 * (两千三百 = 300) and both it and chinese-numbers-converter read any text as 0; the latter also ships a test library
 * (should) as a runtime dependency.
 */
export function chineseNumeral(text: string): number | undefined {
  let total = 0;
  let digit: number | undefined;
  for (const char of text) {
    if (char in ZH_DIGIT) {
      digit = ZH_DIGIT[char]!;
    } else if (char in ZH_MULTIPLIER) {
      total += (digit ?? 1) * ZH_MULTIPLIER[char]!;
      digit = undefined;
    } else {
      return undefined;
    }
  }
  return total + (digit ?? 0);
}

/** Every figure a text states, each once. Citation marks ("[2]") are not figures. */
export function quantitiesOf(text: string): Quantity[] {
  const plain = text.normalize('NFKC').replace(/\[\d+\]/gu, ' ');
  const found: Quantity[] = [];
  const add = (value: number | undefined, unit?: string) => {
    if (value === undefined || !Number.isFinite(value)) return;
    const quantity: Quantity = { value: round(value), ...(unit ? { unit } : {}) };
    if (!found.some((q) => sameQuantity(q, quantity))) found.push(quantity);
  };
  for (const [, digits, scale, unit] of plain.matchAll(DIGIT_FIGURE)) {
    // "48 GB": the B belongs to the unit, not a scale ("48 G" is no figure of ours).
    add(Number(digits!.replace(/,/gu, '')) * (scale ? SCALE[scale.toLowerCase()]! : 1), unit ? UNIT[unit.toLowerCase()] : undefined);
  }
  for (const [, numeral] of plain.matchAll(ZH_PERCENT)) add(chineseNumeral(numeral!), '%');
  const chineseFigures = new Set<string>();
  for (const [whole, numeral, scale, measure] of plain.matchAll(ZH_FIGURE)) {
    chineseFigures.add(whole);
    const value = chineseNumeral(numeral!);
    // 一个/一种 is the article "a", not a claim about a count.
    if (value === 1 && !scale) continue;
    add(value === undefined ? undefined : value * (scale ? SCALE[scale]! : 1), measure === '倍' ? 'x' : undefined);
  }
  for (const [whole, numeral, scale] of plain.matchAll(ZH_SCALED)) {
    if ([...chineseFigures].some((figure) => figure.includes(whole))) continue;
    const value = chineseNumeral(numeral!);
    add(value === undefined ? undefined : value * SCALE[scale!]!);
  }
  for (const [word] of plain.matchAll(ENGLISH_WORD)) {
    const lowered = word.toLowerCase();
    const quantity = ENGLISH_VALUE[lowered.startsWith('halv') ? 'half' : lowered.startsWith('doubl') ? 'double' : lowered]!;
    add(quantity.value, quantity.unit);
  }
  for (const [pattern, quantity] of ZH_WORDS) if (pattern.test(plain)) add(quantity.value, quantity.unit);
  return found;
}

/** Equal amounts in the same unit. */
export function sameQuantity(a: Quantity, b: Quantity): boolean {
  return a.unit === b.unit && Math.abs(a.value - b.value) <= Math.abs(b.value) * 1e-9;
}

/**
 * Whether `stated` is backed by one of `available`: the same amount in the same unit, or — for a bare amount
 * ("48") — the same amount in any unit. A unit the passages never give the amount ("48 MB" for their "48 GB") is not.
 */
export function backedBy(stated: Quantity, available: readonly Quantity[]): boolean {
  return available.some((q) => (stated.unit === undefined ? Math.abs(q.value - stated.value) <= Math.abs(q.value) * 1e-9 : sameQuantity(stated, q)));
}

/** Floating-point noise from scaling ("1.8" * 1e12) must not make equal amounts differ. */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

const COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 6 });

/** How a figure reads in a message: "50B", "48 GB". */
export function describeQuantity(quantity: Quantity): string {
  return `${COMPACT.format(quantity.value)}${quantity.unit ? ` ${quantity.unit}` : ''}`;
}
