/**
 * Groups questions by topic: average-linkage agglomerative clustering over how alike two questions are. Pure: the
 * vectors come from the embedding model (bge-small-zh, normalised, so a dot product is the cosine).
 *
 * Why names count besides the vectors: short questions that share their wording ("How does X work?") are as close
 * (0.55-0.65) as one question asked in English and Chinese ("How does Mamba work?" / "Mamba 模型的原理是什么？", 0.55),
 * while questions naming the same thing are what a group wants counted together, and two short questions worded alike
 * about different things ("What is Sora?" / "What is RAG?", 0.77) are not. So names shift the vectors' verdict:
 * two questions that name the same thing ("Mamba", "Llama 3", "GPT-4o") count NAME_WEIGHT closer, two that each name
 * something but nothing in common NAME_WEIGHT further apart.
 */

/** Two groups are one topic when their questions are on average at least this alike (cosine, shifted by names). */
export const SAME_TOPIC = 0.7;
/** How much closer two questions naming the same thing count, and how much further apart two naming different things. */
export const NAME_WEIGHT = 0.2;

/** A group of questions, as indices into the input. */
export interface Cluster {
  members: number[];
  /** The member most alike to the others (mean similarity), which labels the group. */
  central: number;
}

const LATIN_WORD = /[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?:[\s-]?\d[\w.]*)?/gu;
const HAN = /\p{Script=Han}/u;

/**
 * The things a question names, lower-cased without spaces or hyphens ("Llama 3" → "llama3"): Latin words with a digit
 * or a capital after their first letter (QLoRA, GPT-4o), and capitalised ones, except the first word of an English
 * sentence ("What", "How"); in a Chinese sentence every Latin word is a name ("mamba 是什么").
 */
export function namesIn(question: string): Set<string> {
  const names = new Set<string>();
  for (const sentence of question.split(/(?<=[.?!。？！])\s*/u)) {
    const inChinese = HAN.test(sentence);
    for (const match of sentence.matchAll(LATIN_WORD)) {
      const word = match[0];
      if (word.length < 2) continue;
      const marked = /\d/u.test(word) || /[A-Z]/u.test(word.slice(1));
      const capitalised = /^[A-Z]/u.test(word) && sentence.slice(0, match.index).trim() !== '';
      if (inChinese || marked || capitalised) names.add(word.toLowerCase().replace(/[\s.-]/gu, ''));
    }
  }
  return names;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** +1 when the two questions name the same thing, -1 when both name things but none in common, else 0. */
function nameAgreement(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  for (const name of a) if (b.has(name)) return 1;
  return -1;
}

/** How alike each pair of questions is: the cosine of their vectors, shifted by NAME_WEIGHT as their names agree. */
function similarities(texts: readonly string[], vectors: readonly (readonly number[])[]): number[][] {
  const names = texts.map(namesIn);
  return vectors.map((a, i) => vectors.map((b, j) => (i === j ? 1 : dot(a, b) + NAME_WEIGHT * nameAgreement(names[i]!, names[j]!))));
}

/**
 * Clusters the questions (`texts[i]` embedded as `vectors[i]`): every question starts alone, and the two groups whose
 * questions are on average most alike are merged while that average is at least SAME_TOPIC. Groups come largest
 * first (ties: in input order).
 */
export function clusterQuestions(texts: readonly string[], vectors: readonly (readonly number[])[]): Cluster[] {
  const pairs = similarities(texts, vectors);
  const groups: (number[] | undefined)[] = texts.map((_, i) => [i]);
  // Average similarity between groups, kept up to date as they merge (Lance-Williams update for average linkage).
  const between = pairs.map((row) => [...row]);
  for (;;) {
    let best: [number, number] | undefined;
    let bestSimilarity = SAME_TOPIC;
    for (let a = 0; a < groups.length; a++) {
      if (!groups[a]) continue;
      for (let b = a + 1; b < groups.length; b++) {
        if (groups[b] && between[a]![b]! >= bestSimilarity) [best, bestSimilarity] = [[a, b], between[a]![b]!];
      }
    }
    if (!best) break;
    const [a, b] = best;
    const sizeA = groups[a]!.length;
    const sizeB = groups[b]!.length;
    for (let c = 0; c < groups.length; c++) {
      if (!groups[c] || c === a || c === b) continue;
      const merged = (sizeA * between[a]![c]! + sizeB * between[b]![c]!) / (sizeA + sizeB);
      between[a]![c] = merged;
      between[c]![a] = merged;
    }
    groups[a] = [...groups[a]!, ...groups[b]!];
    groups[b] = undefined;
  }
  return groups
    .filter((members): members is number[] => members !== undefined)
    .map((members) => ({ members, central: mostCentral(members, pairs) }))
    .sort((x, y) => y.members.length - x.members.length || x.members[0]! - y.members[0]!);
}

function mostCentral(members: readonly number[], pairs: readonly (readonly number[])[]): number {
  const meanSimilarity = (i: number) => members.reduce((sum, j) => sum + (i === j ? 0 : pairs[i]![j]!), 0);
  return members.reduce((best, i) => (meanSimilarity(i) > meanSimilarity(best) ? i : best));
}
