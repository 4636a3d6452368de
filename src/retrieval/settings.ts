/**
 * The thresholds and weights of retrieval, each with the reason for its value: how the rankings are fused, and how
 * close a question must come to the corpus to count as covered (the "not covered" decision of qa.ts). They were chosen on the project's own question files (test/fixtures/*.jsonl), never on ../shared/eval.
 * `npm run calibrate` re-runs the search that chose the coverage thresholds and prints the figures behind them.
 */

/** How the rankings of retrieval are fused (reciprocal rank fusion) and what counts as lexical evidence. */
export const RETRIEVAL = {
  /** The usual RRF constant: ranks 1 and 10 differ, ranks 40 and 50 hardly. */
  rrfK: 60,
  /** A question naming a paper lifts that paper's passages by three quarters of a first-rank vote (0.5 → 0.75: on the
   * labelled digests, no digest lost and the seed held; a full vote cost deepseek-base-models-en one answer). */
  namedPaperBoost: 0.75,
  /**
   * A question holding this share of a paper heading's informative words (two at least) points to that paper: a half
   * found "贝叶斯神经网络后验那篇" without matching any question of the seed to a heading it does not mean.
   */
  describedHeading: 0.5,
  /**
   * A follow-up ("为什么作者还要收录它?") is about the previous turn's paper even where another section shares its
   * words ("我之所以将其纳入" in §4): a full first-rank vote.
   */
  followUpBoost: 1,
  /**
   * An English word a Chinese corpus lacks says little about the topic ("technique", "lets"), unlike an unknown
   * Chinese word ("红烧肉"): it counts a quarter as much against coverage.
   */
  unknownEnglishInChinese: 0.25,
  /** Unless a fifth of the digest's passages are English prose: then the word is missing from it (src/retrieval/hybrid.ts). */
  englishPassageShare: 0.2,
  /**
   * Against the English renderings, a word they never use is evidence of an off-topic question ("backpropagation",
   * "election"), though an English question also brings its own phrasing: it counts this much of the rarest word.
   */
  unseenEnglish: 1,
  /**
   * Weight of the English renderings' lexical ranking for an English question (the others weigh 1). Measured on
   * our files: 1 gives hit@1 0.974 / 0.895 (questions / hard-questions), 0.5 gives 0.987 / 0.947 with key@3 on the
   * hard set 0.842 instead of 0.895; the rendering still decides coverage and sentence choice at any weight.
   */
  englishLexical: 0.5,
  /** Passages retrieved for answering. */
  limit: 8,
  /**
   * A capitalised name in a question that at most this many sections use places it there: their passages rank first
   * (measured on sixteen digests: together 0.749 -> 0.759, alone unchanged, each digest alone or beside the others).
   */
  placingSections: 2,
  /**
   * How deep each ranking is read (bounded k), so that a question costs about the same whatever the corpus size:
   * the nearest passages (HNSW), the best lexical matches (Chinese side and English renderings, from the
   * postings of the question's terms). Fusion ranks only the passages some list brings (plus those of a paper
   * the question names), so k must reach past the `limit` passages answering sees: a passage fused into the top
   * 8 stands in the top 8 of at least one ranking nearly always, and 3 × limit leaves room for one that does not.
   * Measured on our files: every figure and every miss is the same for any k from 10 up to every passage.
   */
  denseK: 24,
  lexicalK: 24,
  /** Nearest sentences: a passage has about three (211 in 68), so 3 × denseK sentences reach as many passages. */
  sentenceK: 72,
  /**
   * Subtracted from the similarity of a sentence's rendering in the question's language: text in the question's own
   * language looks closer with this model whatever it says. On the seed's answer set (English questions met the English
   * rendering): 0 → 0.938, 0.05 → 0.944, 0.1 → 0.950, 0.15 → 0.944, 0.2 → 0.925 (0.912 without renderings).
   */
  renderingOffset: 0.1,
} as const;

/**
 * "Not covered" (cosine similarities of bge-small-zh-v1.5; IDF-weighted token coverage, 0..1). A question that
 * names a paper, or a name the digest mentions, is covered. Otherwise it is covered when its best sentence match
 * is strong, or fairly strong and backed by the question's distinctive words. Chosen by `npm run calibrate` on
 * 272 of our own questions that reach this decision (244 answerable, 28 off-topic; test/fixtures): 1 off-topic
 * answered ("Transformer 的注意力公式是什么?", 0.65) and 4 false refusals (1.6%).
 */
export const COVERAGE = {
  /** A sentence this similar answers on its own; unrelated questions reach ~0.60 with this model. */
  strongSentence: 0.63,
  /** A sentence this similar answers when the words agree too ... */
  sentence: 0.58,
  /** ... i.e. when this share of the question's distinctive words stands in one of the top passages. */
  lexical: 0.35,
  /**
   * Most of the question's distinctive words in one passage answer it even where the sentence similarity is
   * modest, as it is for English questions over a Chinese digest with this model ("what is sliding window
   * attention?" 0.52) ...
   */
  strongLexical: 0.6,
  /** ... as long as the similarity is not that of an unrelated question. */
  sentenceFloor: 0.5,
  /** A refusal names the nearest sections only when they are at least this close. */
  nearestHint: 0.5,
} as const;

/**
 * Questions no digest covers, in both languages: how similar an unrelated question looks to a corpus. With this model,
 * English text is closer to any English text than Chinese is to Chinese: unrelated English questions reach 0.60-0.65
 * over an English digest, 0.44-0.51 over the Chinese seed, for which COVERAGE was set. A corpus where they look
 * closer than they did over the seed (median above UNRELATED_LEVEL) raises the similarity thresholds by the
 * difference, for questions in that language. Language cues (weather, recipes, trains), not any digest's words.
 */
export const UNRELATED = {
  probes: {
    en: [
      "What's the weather like tomorrow?",
      'Can you recommend a good pasta recipe?',
      'How do I change a flat tire on my bike?',
      'Who won the football match last night?',
      'What is the capital of Australia?',
      'How much does a cup of coffee cost?',
      'What time does the train to the airport leave?',
      'How do I grow tomatoes on a balcony?',
    ],
    zh: [
      '明天天气怎么样?',
      '推荐一个好吃的红烧肉做法。',
      '自行车爆胎了怎么补?',
      '昨晚的足球比赛谁赢了?',
      '澳大利亚的首都是哪里?',
      '一杯咖啡多少钱?',
      '去机场的火车几点出发?',
      '阳台上怎么种西红柿?',
    ],
  },
  /** The probes' median top sentence similarity over the seed digest, per language: 0.493 and 0.407 measured 2026-12-05. */
  level: { en: 0.5, zh: 0.41 },
} as const;
