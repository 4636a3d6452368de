import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createQaService, isCovered, type CoverageEvidence } from '../src/qa.ts';
import { HybridRetriever } from '../src/retrieval/hybrid.ts';
import { Bm25 } from '../src/retrieval/bm25.ts';
import { englishTokens, namePattern, normalize, tokenize } from '../src/retrieval/tokenize.ts';
import { COVERAGE, UNRELATED } from '../src/retrieval/settings.ts';
import { tempDir, testConfig } from './support/core.ts';

describe('Chinese-side tokens', () => {
  it('segments Chinese, joins adjacent words into compounds, drops function words', () => {
    const tokens = tokenize('Mistral 的基础模型是什么?');
    assert.ok(tokens.includes('基础'));
    assert.ok(tokens.includes('模型'));
    assert.ok(tokens.includes('基础模型'), 'the compound is a token of its own');
    assert.ok(!tokens.includes('的') && !tokens.includes('什么'));
  });

  it('keeps model names and arXiv ids whole and adds their parts', () => {
    const tokens = tokenize('Mixtral-8x7B 和 2307.09288');
    assert.ok(tokens.includes('mixtral-8x7b') && tokens.includes('mixtral') && tokens.includes('8x7b'));
    assert.ok(tokens.includes('2307.09288'));
    assert.ok(!tokens.includes('2307'), 'a number with a dot is one token');
  });

  it('normalises width and case', () => {
    assert.equal(normalize('ＱＬｏＲＡ'), 'qlora');
  });
});

describe('English-side tokens', () => {
  it('stems words, drops how people ask, keeps names whole', () => {
    const tokens = englishTokens('Please explain how the Mixtral-8x7B experts are routed');
    assert.ok(tokens.includes('mixtral-8x7b') && tokens.includes('expert') && tokens.includes('rout'));
    assert.ok(!tokens.includes('explain') && !tokens.includes('how') && !tokens.includes('the'));
  });

  it('meets the rendering half way: "finetune" = "fine-tuning", "65 billion" = "65B"', () => {
    assert.ok(englishTokens('fine-tuning').includes(englishTokens('finetune')[0]!));
    assert.ok(englishTokens('a 65-billion-parameter model').includes('65b'));
    assert.ok(englishTokens('65B Llama').includes('65b'));
  });
});

describe('name patterns', () => {
  it('match Latin names as whole words, with or without spaces', () => {
    assert.ok(namePattern('SAM').test('sam 由三个组件组成'));
    assert.ok(!namePattern('SAM').test('the same model'));
    assert.ok(!namePattern('LoRA').test('qlora'));
    assert.ok(namePattern('Bloomberg GPT').test('bloomberggpt 有多少参数'));
    assert.ok(namePattern('混合专家').test('什么是混合专家模型'));
  });

  it('take a version with or without its hyphen or space: "GPT-2" is "GPT2" and "GPT 2", but not "GPT-20"', () => {
    for (const written of ['gpt2 用了 40gb', 'gpt-2 用了', 'gpt 2 用了']) assert.ok(namePattern('GPT-2').test(written), written);
    assert.ok(namePattern('GPT2').test('gpt-2 的词表'));
    assert.ok(namePattern('Llama 2').test('llama-2-70b 的聊天模型'));
    assert.ok(!namePattern('GPT-2').test('gpt-20'));
    assert.ok(!namePattern('phi').test('phi2 的参数'), 'a name with a version is not its bare stem');
  });

  it('take the parts of a name joined or apart: "FacebookMoE" is "facebook MoE" and "Facebook-MoE"', () => {
    for (const written of ['the facebook moe paper', 'facebookmoe', 'facebook-moe']) assert.ok(namePattern('FacebookMoE').test(written), written);
    assert.ok(!namePattern('FacebookMoE').test('facebook'));
  });
});

describe('BM25', () => {
  const bm25 = new Bm25([
    ['qlora', '量化', '内存'],
    ['dpo', '偏好'],
    ['qlora', 'lora', '微调'],
    ['mistral', '滑动窗口'],
  ]);

  it('weighs rare terms above common ones and never goes negative', () => {
    assert.ok(bm25.idf('dpo') > bm25.idf('qlora'));
    assert.equal(bm25.idf('unknown'), 0);
    assert.ok(bm25.idf('qlora') > 0);
  });

  it('ranks documents by the query terms they hold, and leaves out those with none', () => {
    const hits = bm25.search(['qlora', '量化'], 10);
    assert.deepEqual(
      hits.map((h) => h.index),
      [0, 2],
    );
    assert.ok(hits[0]!.score > hits[1]!.score);
  });
});

describe('the "not covered" decision', () => {
  const evidence = (over: Partial<CoverageEvidence>): CoverageEvidence => ({
    sentenceTop: 0,
    lexicalCoverage: 0,
    namesPaper: false,
    mentionsName: false,
    ...over,
  });

  it('answers a question naming a paper or a name the digest mentions, whatever the similarity', () => {
    assert.ok(isCovered(evidence({ namesPaper: true })));
    assert.ok(isCovered(evidence({ mentionsName: true })));
  });

  it('answers on a strong sentence match alone', () => {
    assert.ok(isCovered(evidence({ sentenceTop: COVERAGE.strongSentence })));
    assert.ok(!isCovered(evidence({ sentenceTop: COVERAGE.strongSentence - 0.01 })));
  });

  it('answers a fairly strong match only when the words agree', () => {
    assert.ok(isCovered(evidence({ sentenceTop: COVERAGE.sentence, lexicalCoverage: COVERAGE.lexical })));
    assert.ok(!isCovered(evidence({ sentenceTop: COVERAGE.sentence, lexicalCoverage: COVERAGE.lexical - 0.01 })));
  });

  it('answers a modest match when nearly all distinctive words are there, never an unrelated one', () => {
    assert.ok(isCovered(evidence({ sentenceTop: COVERAGE.sentenceFloor, lexicalCoverage: COVERAGE.strongLexical })));
    assert.ok(!isCovered(evidence({ sentenceTop: COVERAGE.sentenceFloor - 0.01, lexicalCoverage: 1 })));
  });
});

/** A corpus folder of small digests, one file per name, one line per item. */
/** The QA service over a corpus folder, with an index of its own. */
const qaOver = (corpusDir: string) => createQaService(testConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: tempDir('paperbot-index-') }));

function corpusOf(prefix: string, files: Record<string, string[]>): string {
  const dir = tempDir(prefix);
  for (const [name, lines] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), lines.join('\n'));
  return dir;
}

describe('a question naming a paper (HybridRetriever.retrieve)', () => {
  const corpusDir = corpusOf('paperbot-named-', {
    'notes.md': [
      '# Vision notes',
      '## Sea-thru: A Method For Removing Water From Underwater Images',
      'Researchers from the University of Haifa removed the blue-green tint of underwater pictures.',
      '## RAFT: Recurrent All-Pairs Field Transforms for Optical Flow',
      'RAFT won the ECCV 2020 best paper award for optical flow.',
      '## Paper references',
      '[1] Akkaynak and Treibitz. Sea-Thru: A Method for Removing Water From Underwater Images. CVPR 2019.',
      '[2] Teed and Deng. RAFT: Recurrent All-Pairs Field Transforms for Optical Flow. ECCV 2020.',
    ],
  });
  after(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

  it("is answered from the paper's own section, not from a reference list that names it too", async () => {
    const { retriever } = (await qaOver(corpusDir)).context;
    const retrieval = await retriever.retrieve('which university was behind Sea-thru?');
    assert.deepEqual(retrieval.namedPapers, ['notes:1']);
    assert.deepEqual([...new Set(retrieval.hits.map((hit) => hit.passage.section))], [1]);
  });
});

describe('English words a Chinese digest lacks (HybridRetriever.retrieve, lexical coverage)', () => {
  const notes = (abstracts: boolean) => [
    '# 扩散模型日报',
    '## DistriFusion: Distributed Parallel Inference for High-Resolution Diffusion Models',
    ...(abstracts ? ['Diffusion models synthesize high-quality images. We propose DistriFusion to use parallelism across multiple GPUs.'] : []),
    '该方法把输入拆成多个块，分给不同的 GPU，作者说这能 make inference fast。',
    '研究背景：扩散模型在合成高质量图像方面取得了巨大成功，然而生成高分辨率图像的计算成本巨大，交互式应用的延迟很高。',
    '研究方法：利用扩散过程的顺序性，重用前一时间步的预计算特征图，为当前时间步提供上下文，并采用异步通信与计算流水线化。',
    '## ViewFusion: Towards Multi-View Consistency via Interpolated Denoising',
    ...(abstracts ? ['We propose ViewFusion, a training-free algorithm that keeps generated views consistent.'] : []),
    'ViewFusion 产生一致的多视图图像，不需要额外微调。',
    '研究方法：在去噪过程中插值已知视图的信息，逐步生成新的视图，保证多视图之间的一致性，可以直接接入预训练的扩散模型。',
  ];
  // A paragraph each, as the notes write them.
  const paragraphs = (lines: string[]) => lines.flatMap((line) => [line, '']);
  const chineseOnly = corpusOf('paperbot-zh-only-', { 'daily.md': paragraphs(notes(false)) });
  const withAbstracts = corpusOf('paperbot-zh-abstracts-', { 'daily.md': paragraphs(notes(true)) });
  after(() => [chineseOnly, withAbstracts].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const question = 'How do I make a sourdough starter from scratch?';

  it('say little against a digest that writes no English, and count fully against one that quotes English abstracts', async () => {
    const coverage = async (dir: string) =>
      (await (await qaOver(dir)).context.retriever.retrieve(question, { language: 'en' })).evidence.lexicalCoverage;
    // "make" stands in the notes; "sourdough", "starter" and "scratch" are written nowhere.
    const [quiet, missing] = [await coverage(chineseOnly), await coverage(withAbstracts)];
    assert.ok(missing < quiet / 2, `${missing} against ${quiet}`);
  });
});

describe("a name two papers' headings write (HybridRetriever.namedPapers)", () => {
  const corpusDir = corpusOf('paperbot-shared-name-', {
    'systems.md': [
      '# Distributed training',
      '### Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism',
      'Megatron-LM splits the first weight matrix of the MLP block along its columns.',
      '### Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM',
      'For most cases, checkpointing every 1 or 2 transformer layers is optimal.',
    ],
  });
  after(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

  it("calls the paper whose heading shares more of the question's other words, else the one the name is of", async () => {
    const { retriever } = (await qaOver(corpusDir)).context;
    assert.deepEqual(retriever.namedPapers('how often should I checkpoint according to the megatron-lm gpu clusters paper?'), ['systems:2']);
    assert.deepEqual(retriever.namedPapers('How does Megatron-LM split the MLP block?'), ['systems:1']);
  });
});

describe("a name a later heading writes beside its own paper's (HybridRetriever.namedPapers)", () => {
  const corpusDir = corpusOf('paperbot-shared-name-zh-', {
    'multimodal.md': [
      '# 多模态模型',
      '## CLIP：对比式语言-图像预训练',
      '文本编码器：GPT-2 Transformer（63M 参数，12 层）。',
      '## LLaVA：CLIP 编码 + 线性投影 + Vicuna',
      '视觉编码器：CLIP（ViT-L/14），再经线性投影送入 Vicuna。',
    ],
  });
  after(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

  it('calls the paper the name is of where the other heading shares only a part of a word ("编码器" against "CLIP 编码")', async () => {
    const { retriever } = (await qaOver(corpusDir)).context;
    assert.deepEqual(retriever.namedPapers('CLIP 的文本编码器用的是什么模型？'), ['multimodal:1']);
  });
});

describe("a question calling a paper by a phrase of its title beside another paper's name (HybridRetriever.namedPapers)", () => {
  const corpusDir = corpusOf('paperbot-title-phrase-', {
    'alignment.md': [
      '# Preference fine-tuning',
      '### DPO: Direct Preference Optimization',
      'DPO fits the policy to preference pairs directly, without a reward model.',
      '### The Importance of Online Data: Understanding Preference Fine-tuning via Coverage',
      'Offline methods such as DPO converge to the optimal policy only when the data covers it; HyPO adds online samples.',
    ],
  });
  after(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

  it('names the paper its title calls, not the one the question gives as an example', async () => {
    const { retriever } = (await qaOver(corpusDir)).context;
    assert.deepEqual(retriever.namedPapers('在 The Importance of Online Data 这篇论文中，像 DPO 这样的离线方法要收敛需要什么条件？'), [
      'alignment:2',
    ]);
    assert.deepEqual(retriever.namedPapers('How does DPO avoid a reward model?'), ['alignment:1']);
  });
});

describe('a question calling a paper by an acronym of its title (HybridRetriever.namedPapers)', () => {
  const corpusDir = corpusOf('paperbot-title-acronym-', {
    'picks.md': [
      '# NeurIPS picks',
      '### Visual Autoregressive Modeling: Scalable Image Generation via Next-Scale Prediction',
      'Architecture: It combines a GPT-2-like transformer with a multi-scale VQVAE.',
      '### Dynamic Planning in Open-Ended Dialogue using Reinforcement Learning',
      'An agent plans the conversation with reinforcement learning.',
    ],
  });
  after(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

  it('names the paper whose title the acronym abbreviates, not where the question spells the acronym out as something else', async () => {
    const { retriever } = (await qaOver(corpusDir)).context;
    assert.deepEqual(retriever.namedPapers('Which two components does the VAR architecture combine?'), ['picks:1']);
    assert.deepEqual(retriever.namedPapers('How does Direct Preference Optimization (DPO) avoid a reward model?'), []);
  });
});

describe('a question calling a paper by the year its heading gives (HybridRetriever.namedPapers)', () => {
  const corpusDir = corpusOf('paperbot-years-', {
    'timeline.md': [
      '# Mixture of experts, a timeline',
      '',
      '### 1991 [Adaptive Mixture of Local Experts](https://example.org/jjnh91.pdf)',
      '',
      'Each expert learns a subset of the training cases; a gating network decides which expert is used.',
      '',
      '### 2017 [Outrageously Large Neural Networks](https://arxiv.org/abs/1701.06538)',
      '',
      'Noisy top-k gating keeps the layer sparse, so that thousands of experts fit in one model.',
      '',
      '### 2021 [Switch Transformers](https://arxiv.org/abs/2101.03961)',
      '',
      'Each token is routed to a single expert.',
    ],
  });
  after(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

  it('names the one paper whose heading gives the year a paper is called by, and none for a year that calls no paper', async () => {
    const { retriever } = (await qaOver(corpusDir)).context;
    assert.deepEqual(retriever.namedPapers('According to the 1991 work, what does the gating network decide?'), ['timeline:1']);
    assert.deepEqual(retriever.namedPapers('2017 年稀疏门控 MoE 论文用了什么门控?'), ['timeline:2']);
    assert.deepEqual(retriever.namedPapers('Who won the 2018 FIFA World Cup?'), []);
    assert.deepEqual(retriever.namedPapers('What happened in 2017?'), []);
  });
});

describe('fusion of the rankings (HybridRetriever.retrieve, on a four-paper corpus)', () => {
  // Four short papers the real model embeds in milliseconds: the fused ranking, not the model, is under test.
  const corpusDir = corpusOf('paperbot-fusion-', {
    'mini.txt': [
      '小摘要',
      '1)领域适应',
      '研究人员用金融和法律语料继续预训练,得到 AdaptLLM-7B 模型。',
      '2)指令微调',
      '指令微调让大语言模型学会按照人类的指令回答问题,预训练之后再用少量数据微调。',
      '3)混合专家',
      '混合专家模型在每一层有多个前馈网络,路由器为每个词元选择其中两个专家。',
      '4)巴洛双胞胎:通过减少冗余的自我监督学习',
      '两个视图的嵌入的互相关矩阵被推向单位矩阵,它对小批量不敏感。',
    ],
  });
  let retriever: HybridRetriever;
  before(async () => {
    const qa = await qaOver(corpusDir);
    retriever = new HybridRetriever(qa.corpus, qa.index, qa.embeddings);
  });
  const top = async (question: string, options = {}) => (await retriever.retrieve(question, options)).hits.map((hit) => hit.passage.section);

  it('puts first the passage that every ranking agrees on', async () => {
    assert.equal((await top('路由器如何为每个词元选择专家?'))[0], 3);
  });

  it('lets a rare exact term decide where dense similarity is lukewarm', async () => {
    assert.equal((await top('AdaptLLM-7B'))[0], 1);
  });

  it('ranks every passage once, best first', async () => {
    const retrieval = await retriever.retrieve('预训练之后怎么微调?');
    assert.deepEqual([...retrieval.hits.map((hit) => hit.passage.section)].sort(), [1, 2, 3, 4]);
    const scores = retrieval.hits.map((hit) => hit.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    assert.equal(retrieval.hits[0]?.passage.section, 2);
  });

  it('takes "论文3", "第三篇", "paper 2" and "the 4th paper" for the paper in that place', () => {
    assert.deepEqual(retriever.namedPapers('论文3那个路由器选几个专家?'), ['mini:3']);
    assert.deepEqual(retriever.namedPapers('第三篇讲了什么'), ['mini:3']);
    assert.deepEqual(retriever.namedPapers('what does paper 2 say about fine-tuning?'), ['mini:2']);
    assert.deepEqual(retriever.namedPapers('in the 4th paper, is it sensitive to batch size?'), ['mini:4']);
    assert.deepEqual(retriever.namedPapers('第2阶段用了多少数据?'), []);
  });

  it("takes a question holding most of a heading's words as pointing to that paper, and one word as pointing to none", () => {
    assert.deepEqual(retriever.describedPapers('混合专家那篇里路由器选几个?'), ['mini:3']);
    assert.deepEqual(retriever.describedPapers('专家是谁?'), []);
    // by the name before its heading's colon
    assert.deepEqual(retriever.describedPapers('巴洛双胞胎对 batch 大小敏感吗?'), ['mini:4']);
  });

  it('takes "<words> 那篇" as pointing to the one paper whose section holds those words, and to none where several do', () => {
    assert.deepEqual(retriever.describedPapers('路由器那篇里每个词元选几个专家?'), ['mini:3']);
    assert.deepEqual(retriever.describedPapers('模型那篇用了多少数据?'), []);
  });

  it("answers a question naming a paper from that paper's passages, not another's that match its other words better", async () => {
    assert.deepEqual(await top('巴洛双胞胎的模型在每一层有多个前馈网络,路由器为每个词元选择其中两个吗?'), [4]);
  });

  it('a follow-up naming no paper leans to the paper of the previous turn', async () => {
    const after = (section: number) => ({ previous: { question: '这是什么方法?', citations: [{ digest: 'mini', section }] } });
    for (const section of [1, 2, 3]) assert.equal((await top('它的效果怎么样?', after(section)))[0], section, `after §${section}`);
  });
});

describe('a paper called by a phrase of its title (HybridRetriever.namedPapers)', () => {
  const corpusDir = corpusOf('paperbot-title-phrase-', {
    'ner.md': [
      '# GNN 笔记',
      '## Leverage Lexical Knowledge for Chinese NER via Collaborative Graph Network',
      '构建了三种图。Large language model 之前的工作。',
      '## A Large Language Model for Finance',
      '金融语料继续预训练。',
      '## Graph Convolutional Networks for Text Classification',
      '词和文档作为节点。',
      '## Multilingual End-to-end ST (2019)',
      '一个模型翻译多种语言。',
    ],
  });
  after(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

  it('is named by three title words or more that no other section writes, in any case and form', async () => {
    const { retriever } = (await qaOver(corpusDir)).context;
    assert.deepEqual(retriever.namedPapers('协同图网络（Collaborative Graph Network）那篇一共构了几种图？'), ['ner:1']);
    assert.deepEqual(retriever.namedPapers('the graph convolutional networks paper: what are the nodes?'), ['ner:3']);
    // Another section writes "large language model": the phrase names no paper.
    assert.deepEqual(retriever.namedPapers('which large language model is best?'), []);
    // "end to end" is one content word twice: no phrase of a title.
    assert.deepEqual(retriever.namedPapers('Who proposed the first end-to-end speech translation system?'), []);
  });
});

describe('papers called by their authors (HybridRetriever.namedPapers)', () => {
  const corpusDir = corpusOf('paperbot-authors-', {
    'agents.md': [
      '# Agent security',
      '## Chen et al. 2024',
      'AgentPoison poisons the memory of agents.',
      '## Wu et al. (2024)',
      'Function calls carry jailbreaks.',
    ],
    'retrieval.md': [
      '# Dense retrieval',
      '## Zhang et al., 2021. Mr. TyDi: A Benchmark',
      'Eleven languages.',
      '## Wu et al., 2022. Context Aware Pretraining',
      'CCP aligns languages.',
    ],
    'theory.md': [
      '# Benign overfitting',
      '## [2019 | Liang, Rakhlin] Just Interpolate: Kernel Ridgeless Regression Can Generalize',
      'The minimum-norm interpolant generalizes in high dimensions.',
      '## [2020 | Belkin, Hsu, Xu] Two models of double descent for weak features',
      'Risk falls again past the interpolation threshold.',
      '## Prefix-Tuning: Optimizing Continuous Prompts for Generation',
      'Authors: Xiang Lisa Li, Percy Liang',
      '',
      'Prefix-Tuning prepends trainable vectors.',
    ],
  });
  after(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

  it('takes authors with another year for another paper, and "et al." for no word of a heading', async () => {
    const { retriever } = (await qaOver(corpusDir)).context;
    assert.deepEqual(retriever.namedPapers('What did Wu et al. (2024) find about function calls?'), ['agents:2']);
    assert.deepEqual(retriever.namedPapers('Why did Wu et al. (2022) align the languages?'), ['retrieval:2']);
    // Two authors call the paper both wrote, as a heading's bracket or a byline gives them.
    assert.deepEqual(retriever.namedPapers("According to Liang and Rakhlin's notes, how are the best results achieved?"), ['theory:1']);
    assert.deepEqual(retriever.namedPapers('What did Li & Liang prepend?'), ['theory:3']);
    // "et al." is in every author heading: it describes none of them.
    assert.deepEqual(retriever.describedPapers('In Weiss et al. (2017), which tasks were trained?'), []);
  });
});

describe('a corpus of Chinese and English digests (HybridRetriever.calibrateLanguages)', () => {
  // English text sits nearer any English question than Chinese text does: without calibration an English question
  // about the Chinese digest's topic is answered from whichever English passage is nearest.
  const chinese = [
    '小摘要',
    '1)混合专家',
    '混合专家模型在每一层有多个前馈网络,路由器为每个词元选择其中两个专家。',
    '2)领域适应',
    '研究人员用金融和法律语料继续预训练。',
  ];
  const corpusDir = corpusOf('paperbot-languages-', {
    'mini.txt': chinese,
    'notes.md': [
      '# Reading notes',
      '## 1. Chinchilla',
      'Chinchilla showed that for a fixed compute budget, models should be trained on far more tokens than before.',
      '## 2. Gopher',
      'Gopher is a 280 billion parameter model trained by DeepMind on the MassiveText dataset.',
      '## 3. Switch Transformer',
      'The Switch Transformer simplifies routing: each token is sent to a single feed-forward block, which keeps training stable.',
    ],
  });
  const chineseOnly = corpusOf('paperbot-languages-zh-', { 'mini.txt': chinese });
  after(() => [corpusDir, chineseOnly].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const topDigest = async (retriever: HybridRetriever, question: string) =>
    (await retriever.retrieve(question, { language: 'en' })).hits[0]?.passage.digest;

  it('scores passages of the other language by similarity above what an unrelated question reaches there', async () => {
    const qa = await qaOver(corpusDir);
    const uncalibrated = new HybridRetriever(qa.corpus, qa.index, qa.embeddings);
    const calibrated = new HybridRetriever(qa.corpus, qa.index, qa.embeddings);
    await calibrated.calibrateLanguages(UNRELATED.probes);
    const similarities = async (retriever: HybridRetriever, language: 'en' | 'zh', question: string) =>
      new Map((await retriever.retrieve(question, { language })).hits.map((hit) => [hit.passage.id, hit.sentences[0]!.similarity]));
    for (const [language, question, own] of [
      ['en', 'How does the router pick experts for each token?', 'notes'],
      ['zh', '路由器如何为每个词元选择专家?', 'mini'],
    ] as const) {
      const raw = await similarities(uncalibrated, language, question);
      const shifted = await similarities(calibrated, language, question);
      for (const passage of qa.corpus.passages) {
        const shift = shifted.get(passage.id)! - raw.get(passage.id)!;
        if (passage.digest === own) assert.equal(shift, 0, `${language}: its own language's passages stay as they are`);
        else assert.ok(Math.abs(shift) > 0.02, `${language}: ${passage.id} shifted by ${shift}`);
      }
      const shifts = qa.corpus.passages.filter((p) => p.digest !== own).map((p) => shifted.get(p.id)! - raw.get(p.id)!);
      assert.ok(
        shifts.every((shift) => Math.abs(shift - shifts[0]!) < 1e-9),
        'one shift for the whole language',
      );
    }
    // English text is nearer an English question than Chinese text is: the Chinese passages move up.
    const chinesePassage = qa.corpus.passages.find((p) => p.digest === 'mini')!.id;
    const question = 'How does the router pick experts for each token?';
    assert.ok(
      (await similarities(calibrated, 'en', question)).get(chinesePassage)! > (await similarities(uncalibrated, 'en', question)).get(chinesePassage)!,
    );
    assert.equal(await topDigest(qa.context.retriever, question), 'mini');
  });

  it('asks a question naming a paper within the digest that holds it, and only there', async () => {
    const qa = await qaOver(corpusDir);
    // The Chinese digest's words match better, but only the English one has the paper asked about.
    const hits = (await qa.context.retriever.retrieve('Switch Transformer 的路由器为每个词元选择几个专家?', { language: 'zh' })).hits;
    assert.deepEqual([hits[0]?.passage.digest, hits[0]?.passage.section], ['notes', 3]);
    assert.deepEqual(
      [...new Set(hits.map((hit) => hit.passage.digest))],
      ['notes'],
      "the other digest's passages, which do not name it, are left out",
    );
  });

  it("meets an English sentence's words in the forms it writes them: 样本 is sample, written samples there", async () => {
    // The dictionary's first renderings of 样本 are example, examples and sample, which the digest also writes.
    const dir = corpusOf('paperbot-forms-', {
      'notes.md': [
        '# Notes',
        '## 1. LLaVA',
        'LLaVA collects 158K instruction-following samples in total.',
        '## 2. Flamingo',
        'For example, Flamingo scraped 43 million webpages: each sample interleaves images and text, as the examples show.',
      ],
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const qa = await qaOver(dir);
    const [hit] = (await qa.context.retriever.retrieve('LLaVA 一共有多少条样本?', { language: 'zh' })).hits;
    assert.ok(hit!.sentences[0]!.matched.includes('samples'), hit!.sentences[0]!.matched.join(' '));
  });

  it('changes nothing in a corpus of one language', async () => {
    const qa = await qaOver(chineseOnly);
    const calibrated = new HybridRetriever(qa.corpus, qa.index, qa.embeddings);
    await calibrated.calibrateLanguages(UNRELATED.probes);
    const plain = new HybridRetriever(qa.corpus, qa.index, qa.embeddings);
    const question = 'How does the router pick experts for each token?';
    assert.deepEqual(await calibrated.retrieve(question, { language: 'en' }), await plain.retrieve(question, { language: 'en' }));
  });
});

describe('a capitalised name only one section writes places the question there, in either language', () => {
  const corpusDir = corpusOf('paperbot-placing-', {
    'mini.txt': [
      '小摘要',
      '1)损失景观',
      'Larsen 等人把 Gordon 的定理推广到了一般集合,用来估计训练所需的自由度。',
      '2)领域适应',
      '研究人员用金融和法律语料继续预训练。',
    ],
    'notes.md': [
      '# Reading notes',
      '## 1. Theory',
      'Which theorem did the authors generalize to general sets? They generalize the classic theorem to general sets.',
      '## 2. Gopher',
      'Gopher is a 280 billion parameter model trained on the MassiveText dataset.',
    ],
  });
  after(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

  it('counts English words no digest writes against an English passage in full, against a Chinese one a little', async () => {
    const { retriever } = (await qaOver(corpusDir)).context;
    const unrelated = await retriever.retrieve('Which banana bread recipe did the authors generalize?', { language: 'en' });
    assert.ok(unrelated.evidence.lexicalCoverage < COVERAGE.lexical, `lexical coverage ${unrelated.evidence.lexicalCoverage}`);
    const related = await retriever.retrieve('Which theorem did the authors generalize to general sets?', { language: 'en' });
    assert.ok(related.evidence.lexicalCoverage >= COVERAGE.lexical, `lexical coverage ${related.evidence.lexicalCoverage}`);
  });

  it('answers an English question naming "Larsen" from the Chinese digest that writes the name', async () => {
    const qa = await qaOver(corpusDir);
    const hits = (await qa.context.retriever.retrieve('Which theorem did Larsen et al. generalize to general sets?', { language: 'en' })).hits;
    assert.deepEqual([hits[0]?.passage.digest, hits[0]?.passage.section], ['mini', 1]);
  });
});

describe('a question describing an English heading in other forms of its words (HybridRetriever.describedPapers)', () => {
  const corpusDir = corpusOf('paperbot-described-', {
    'week.md': [
      '# Papers I read this week',
      '## [Scaling laws for routed language models](https://arxiv.org/abs/2202.01169)',
      'Routing helps most for small models trained on internet text, and the gains fall as the dense model grows.',
      '## [Internet explorer](https://arxiv.org/abs/2302.14051)',
      'An agent searches the internet for images to train on.',
    ],
  });
  after(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

  it('points to the paper whose heading says "routed" for a question saying "routing"', async () => {
    const qa = await qaOver(corpusDir);
    assert.deepEqual(qa.context.retriever.describedPapers('那篇 routing 缩放定律的论文建议多大的模型用 routing?'), ['week:1']);
  });

  it("points to a long title's paper by two of its words that no other heading has", async () => {
    const qa = await qaOver(corpusDir);
    assert.deepEqual(qa.context.retriever.describedPapers('is routed scaling worth it?'), ['week:1']);
    assert.deepEqual(qa.context.retriever.describedPapers('is internet scaling worth it?'), []);
  });

  it('takes no paper for described by words the whole digest writes, though only one heading has them', async () => {
    const dir = corpusOf('paperbot-described-topic-', {
      'st.md': [
        '# Speech translation',
        '## Directly Translating Foreign Speech (2017)',
        'A sequence-to-sequence model translates speech without transcripts.',
        '## ASR pre-training (2018)',
        'Augmented Librispeech holds 236 hours of English speech translated into French.',
        '## Multilingual ST (2019)',
        'One model translates speech into many languages.',
      ],
    });
    try {
      const { retriever } = (await qaOver(dir)).context;
      assert.deepEqual(retriever.describedPapers('How many hours of speech does Augmented Librispeech have, translated into what?'), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('points to the paper a question calls "the agent paper" by a word of its section, after the last "the"', async () => {
    const qa = await qaOver(corpusDir);
    const called = (question: string) => qa.context.retriever.describedPapers(question);
    assert.deepEqual(called('who wrote the agent paper?'), ['week:2']);
    assert.deepEqual(called('what did the authors of the dense model paper find?'), ['week:1']);
    assert.deepEqual(called('what does the recipes paper say?'), [], 'a word the digest never uses');
    assert.deepEqual(called('what does the models paper say about the internet?'), ['week:1']);
    // "internet" stands in both sections, but in one heading only.
    assert.deepEqual(called('what does the internet paper find?'), ['week:2']);
  });

  it('points to the paper a Chinese question calls "<words> 那篇" by the English words the dictionary renders them as', async () => {
    const qa = await qaOver(corpusDir);
    const called = (question: string) => qa.context.retriever.describedPapers(question);
    // 代理 → agent, 搜索 → search; 去中心化 is one word of the dictionary, not 去 + 中心化.
    assert.deepEqual(called('代理搜索图片那篇用了什么方法?'), ['week:2']);
    assert.deepEqual(called('烹饪那篇用了什么方法?'), []);
  });
});
