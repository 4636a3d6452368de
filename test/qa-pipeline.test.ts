/**
 * The answering steps of src/answer/pipeline.ts, each on its own over the seed digest: read the question, retrieve,
 * decide coverage, choose the sentences, compose the reply.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  answerQuestion,
  askedSubjects,
  chooseSentences,
  composeReply,
  coveredQuestion,
  quotesSubject,
  readQuestion,
  retrieveFor,
  selectionInput,
  type QaContext,
  type ReadQuestion,
  type RetrievedQuestion,
} from '../src/answer/pipeline.ts';
import { asksParameterCount, writesModelSize } from '../src/answer/intent.ts';
import { nextTurn } from '../src/answer/conversation.ts';
import type { SelectInput } from '../src/answer/select.ts';
import { ANSWER } from '../src/answer/settings.ts';
import type { Passage } from '../src/types.ts';
import { qaOverDigest, sharedQa } from './support/core.ts';

let ctx: QaContext;
before(async () => {
  ctx = (await sharedQa()).context;
});

const read = async (question: string): Promise<ReadQuestion> => {
  const result = await readQuestion(ctx, question);
  assert.ok(!('done' in result), `"${question}" was answered while being read`);
  return result;
};
const covered = async (question: string): Promise<RetrievedQuestion> => {
  const result = await coveredQuestion(ctx, question);
  assert.ok(!('done' in result), `"${question}" was not covered: ${'done' in result ? result.done.answer : ''}`);
  return result;
};

describe('readQuestion', () => {
  it('answers small talk and catalogue questions, and refuses a name the digest lacks, before any search', async () => {
    const thanks = await readQuestion(ctx, 'thanks!');
    assert.equal('done' in thanks && thanks.done.kind, 'smalltalk');
    const list = await readQuestion(ctx, 'what are the ten papers?');
    assert.equal('done' in list && list.done.kind, 'catalogue');
    const llama3 = await readQuestion(ctx, 'What is Llama 3?');
    assert.ok('done' in llama3 && !llama3.done.answered && /Llama 3/u.test(llama3.done.answer));
  });

  it('takes a person beside a paper the question describes rather than names for its scene, not its subject', async () => {
    // "教小型语言模型如何推理" is Orca 2's heading in other words; Carol is who recommended it.
    const described = await readQuestion(ctx, 'Carol 推荐的那篇教小型语言模型如何推理的论文，用了什么训练方法?');
    assert.ok(!('done' in described), 'done' in described ? described.done.answer : '');
    const alone = await readQuestion(ctx, 'Carol 用了什么训练方法?');
    assert.ok('done' in alone && !alone.done.answered && /Carol/u.test(alone.done.answer));
  });

  it('reads the language, the kind, a corrected name and the defined term', async () => {
    const question = await read('what is qlroa?');
    assert.equal(question.language, 'en');
    assert.equal(question.kind, 'definition');
    assert.match(question.question, /qlora/iu);
    assert.equal(question.defined, 'qlora');
    assert.equal((await read('QLoRA 需要多少显存?')).kind, 'quantity');
  });

  it('keeps the previous turn for a question that depends on it, not for an off-topic one', async () => {
    const first = 'what is Mistral 7B?';
    const previous = nextTurn(undefined, first, await answerQuestion(ctx, first));
    const generic = await readQuestion(ctx, 'how many parameters?', { previous: previous! });
    assert.ok(!('done' in generic) && generic.previous !== undefined);
    const weather = await readQuestion(ctx, '今天深圳天气怎么样?', { previous: previous! });
    assert.ok(!('done' in weather) && weather.previous === undefined);
  });
});

describe('retrieveFor', () => {
  it("retrieves the section asked about, with the question's subjects and the evidence", async () => {
    const retrieved = await retrieveFor(ctx, await read('How much GPU memory does QLoRA need?'));
    assert.equal(retrieved.retrieval.hits[0]?.passage.section, 3);
    assert.ok(retrieved.subjects.includes('qlora'));
    assert.equal(retrieved.evidence.namesPaper, true);
  });

  it('takes a name the question writes whole for the subject, not its word that names something else too', async () => {
    // "Llama" alone is a name of the digest too: the question asks about Llama 2.
    assert.deepEqual((await retrieveFor(ctx, await read('Llama 2 能商用吗'))).subjects, ['llama 2']);
    const { subjects } = await retrieveFor(ctx, await read('what did the Switch Transformer do differently from Mixtral?'));
    assert.ok(subjects.includes('switch transformer') && subjects.includes('mixtral'), subjects.join());
  });
});

describe('selectionInput', () => {
  const passagesOf = (input: SelectInput) => new Set(input.candidates.map((c) => c.passage.id));
  it('answers a question naming a paper from every passage of its section, the best retrieved first', async () => {
    const retrieved = await retrieveFor(ctx, await read('What does the Mistral 7B section say about the experts?'));
    const input = selectionInput(ctx, retrieved);
    const section = ctx.retriever.passagesOfPaper(retrieved.retrieval.hits[0]!.passage).map((p) => p.id);
    assert.ok(section.length > ANSWER.candidatePassages, 'a section longer than the retrieved passages answered from');
    assert.deepEqual([...passagesOf(input)].sort(), [...section].sort());
    const top = new Set(retrieved.retrieval.hits.slice(0, ANSWER.candidatePassages).map((hit) => hit.passage.id));
    for (const c of input.candidates) if (!top.has(c.passage.id)) assert.equal(c.rank, ANSWER.sectionPassageRank);
  });

  it('answers other questions from the best retrieved passages only', async () => {
    const retrieved = await retrieveFor(ctx, await read('which model beats larger ones with fewer parameters?'));
    assert.equal(retrieved.evidence.namesPaper, false);
    assert.equal(passagesOf(selectionInput(ctx, retrieved)).size, ANSWER.candidatePassages);
  });
});

describe('coveredQuestion', () => {
  it('gives the question to answer when the digest covers it, else the refusal', async () => {
    assert.equal((await covered('How many parameters does BloombergGPT have?')).retrieval.hits[0]?.passage.section, 4);
    const recipe = await coveredQuestion(ctx, "What's a good recipe for banana bread?");
    assert.ok('done' in recipe && recipe.done.kind === 'refusal');
  });

  it('judges a message again by the clause that asks when the scene dilutes it', async () => {
    const question = await covered('what does the digest say was one of the bigger challenges with LLM benchmarks this year? asking from Nairobi');
    assert.match(question.asked, /Nairobi/u, 'the reply still quotes the message as asked');
    assert.equal(question.retrieval.hits[0]?.passage.section, 2);
  });
});

describe('chooseSentences and composeReply', () => {
  it('answers a term from running text, never from a figure caption alone ("混合专家是什么意思?")', async () => {
    const quotes = chooseSentences(ctx, await covered('混合专家是什么意思?'));
    assert.ok(quotes.length > 0);
    assert.ok(
      quotes.every((quote) => !/注释图/u.test(quote.text)),
      quotes.map((quote) => quote.text).join(' | '),
    );
  });

  it("quotes the sentence after one that only restates the question, in either language, but not after a list's introduction", async () => {
    const qa = await qaOverDigest('embeddings.md', [
      '# Knowledge graph embeddings',
      '## Holographic embeddings for knowledge graphs',
      'HolE composes the entity vectors with circular correlation. At this point, you may be wondering why a simple convolutional operator would not suffice. The answer is that convolution is commutative, while relations need not be symmetric.',
      '## UPFlow: Upsampling Pyramid for Unsupervised Optical Flow',
      'UPFlow 改进了金字塔网络的上采样。top-down problem：金字塔网络的中间层缺乏监督。本文引入了 pyramid distillation loss 来监督中间层。',
      '## MoleculeSTM',
      '这个模型的有效性来源于两点：',
      '- Open vocabulary：文本不受限于已有的分子描述。',
      '- Compositionality：多目标优化不再需要检索大型数据库。',
    ]);
    const why = await qa.ask('Why would a simple convolution operator not suffice for holographic embeddings?');
    assert.ok(why.answered && why.answer.includes('commutative'), why.answer);
    const upflow = await qa.ask('UPFlow 为了解决金字塔网络中间层缺乏监督的 top-down 问题，引入了什么？');
    assert.ok(upflow.answered && upflow.answer.includes('pyramid distillation loss'), upflow.answer);
    const points = await qa.ask('MoleculeSTM 这个模型的有效性来源于哪两点？');
    assert.ok(points.answered && points.answer.includes('Open vocabulary') && points.answer.includes('Compositionality'), points.answer);
  });

  it('chooses the sentence stating the asked figure and composes a reply citing its section', async () => {
    const question = await covered('How many parameters does BloombergGPT have?');
    const quotes = chooseSentences(ctx, question);
    assert.ok(quotes.length > 0 && quotes.length <= 3);
    assert.match(`${quotes[0]!.text} ${quotes[0]!.translation ?? ''}`, /500 亿|50 billion/u);
    const reply = composeReply(ctx, question, quotes);
    assert.equal(reply.answered, true);
    assert.match(reply.answer, /^From the digest \(§4 BloombergGPT/u);
    assert.equal(reply.citations[0]?.section, 4);
    assert.ok(reply.topic?.includes('bloomberggpt'));
  });

  it("compares an English question with the English rendering of the digest's sentences too", async () => {
    const question = await covered('how many params are actually used per forward pass in mixtral');
    const candidate = selectionInput(ctx, question).candidates.find((c) => c.text.includes('<14B'))!;
    // the Chinese sentence alone is further from the English question than its rendering, less the offset
    assert.ok(candidate.similarity > 0.5, `similarity ${candidate.similarity}`);
    assert.match(
      chooseSentences(ctx, question)
        .map((quote) => quote.text)
        .join(' '),
      /<14B/u,
    );
  });
});

describe('givesAskedFigure', () => {
  it("refuses a model's size where the paper's section writes none, and answers it where it does", async () => {
    const emu = await answerQuestion(ctx, 'How many parameters does Emu Video have?');
    assert.ok(!emu.answered, emu.answer);
    assert.ok(!asksParameterCount('Inst Disc 训练时温度参数设为多少？'), 'a setting named a parameter is no model size');
    assert.ok(!asksParameterCount('span 长度服从什么分布？参数是多少？'), 'the parameter of what the clause before asks about');
    assert.ok(asksParameterCount('GShard 参数是多少？'));
    const pythia = await answerQuestion(ctx, 'Pythia 有多少参数?');
    assert.ok(pythia.answered && /7000 万|70M|120 亿|12B/iu.test(pythia.answer), pythia.answer);
  });

  it("refuses a figure the named paper's section never gives, in either language, and answers one it gives", async () => {
    const qa = await qaOverDigest('contrastive.md', [
      '# Contrastive learning notes',
      '## SimCLR',
      'SimCLR learns representations by maximizing agreement between two augmented views of the same image.',
      'A projection head maps the representations to the space where the contrastive loss is applied. With a batch size of 4096 and 100 epochs it reached 69.3% top-1 accuracy.',
      'It is often compared with BYOL, which learns without negative pairs.',
      '## MoCo',
      'MoCo keeps a queue of negative keys and a momentum encoder, so that the dictionary can be much larger than a mini-batch.',
      'The keys come from a slowly progressing encoder, which keeps them consistent with each other. MoCo v2 adds an MLP head and trains for more epochs.',
    ]);
    // "v2" is a version of a name, not a figure; a model without a section of its own ("BYOL") is judged by the
    // passages naming it and those the answer would quote.
    for (const question of [
      'What batch size did MoCo use?',
      'What temperature value does MoCo use?',
      'MoCo 的 queue 大小是多少？',
      'MoCo v2 训练了多少个 epoch？',
      'How many parameters does the BYOL model have?',
    ]) {
      const answer = await qa.ask(question);
      assert.equal(answer.answered, false, `${question} → ${answer.answer}`);
    }
    for (const question of ['What batch size did SimCLR use?', 'SimCLR 的 batch size 是多少？']) {
      const answer = await qa.ask(question);
      assert.ok(answer.answered && answer.answer.includes('4096'), `${question} → ${answer.answer}`);
    }
  });

  it('answers an accuracy the section writes as a percentage on its benchmark, and "what is the size of" by the figure it gives', async () => {
    const qa = await qaOverDigest('video.md', [
      '# Video self-supervised learning',
      '## VideoMAE: Masked Autoencoders are Data-Efficient Learners',
      'VideoMAE masks 90% to 95% of the video tubes and reconstructs them. It reaches 87.4% on Kinetics-400 and 75.4% on Something-Something V2 without extra data.',
      '## DANet: Dual Attention Network',
      'The channel attention module builds an attention map S of size C×C (512×512 over ResNet features), and each entry says how much channel j affects channel i.',
    ]);
    for (const question of ['What Kinetics-400 accuracy does VideoMAE reach without extra data?', 'VideoMAE 在 Kinetics-400 上的准确率是多少？']) {
      const answer = await qa.ask(question);
      assert.ok(answer.answered && answer.answer.includes('87.4%'), `${question} → ${answer.answer}`);
    }
    const size = await qa.ask('What is the size of the attention map S in DANet?');
    assert.ok(size.answered && size.answer.includes('512×512'), size.answer);
  });

  it('answers what a name stands for with the title-like line spelling it out', async () => {
    const qa = await qaOverDigest('forecasting.md', [
      '# Transformer-Based Time Series Forecasting',
      '### 1. Informer (2021)',
      '**Core Ideas:**\n- ProbSparse self-attention reduces the cost to O(L log L)\n- A generative decoder predicts long sequences at once',
      '### 2. FEDformer (2022)',
      '**Core Ideas:**\n- Fourier Enhanced Decomposed Transformer\n- Attention in the frequency domain using FFT\n- Model ensembles improve the forecasts',
    ]);
    const answer = await qa.ask('hey @bot what does FEDformer actually stand for? need it for a slide, ty');
    assert.ok(answer.answered && answer.answer.includes('Fourier Enhanced Decomposed Transformer'), answer.answer);
  });

  it('refuses a model size when the quoted numbers count something else ("up to ~50-60 words")', async () => {
    const qa = await qaOverDigest('sparse.md', [
      '# Modern sparse neural retrieval',
      '## SPLADE',
      'SPLADE expands documents and queries with a BERT masked-language-model head and keeps the expansion sparse.',
      'Its model is BERT-base, with 110M parameters, so the expansion model itself is small.',
      '## External Document Expansion',
      'docT5query is the most used document expansion model. It is based on the Text-to-Text Transfer Transformer (T5) model trained to generate top-k possible queries for which the given document would be an answer. These predicted short queries (up to ~50-60 words) can have repetitions in them.',
      'The problem with docT5query expansion is a very long inference time, as with any generative model.',
    ]);
    const answer = await qa.ask('How many parameters does the docT5query model have, according to the article?');
    assert.equal(answer.answered, false, answer.answer);
  });

  it('refuses a model size that no quoted sentence states, though the paper\'s section writes "20K" and the quotes a count ("三个主要组件")', async () => {
    const qa = await qaOverDigest('vln.md', [
      '# 视觉语言导航论文',
      '## NaVILA: Legged robot vision-language-action model for navigation',
      'NaVILA 结合了视觉-语言-动作模型与运动控制的两级系统来实现导航。',
      'VILA 由三个主要组件组成：视觉编码器、投影器和大型语言模型。',
      '使用视觉语言模型（VILA）处理单视图图像，生成自然语言形式的中间动作指令。',
      '对于来自 YouTube 的真实数据，首先基于熵的采样分出 20K 个代表性的轨迹，再用 LLM 生成自然语言指令。',
      '## HAMT: History Aware Multimodal Transformer',
      'HAMT 用 ViT-B/16 编码每一步的全景图，整个模型约 1.2 亿参数，以 120M 的规模在 R2R 上训练。',
    ]);
    const answer = await qa.ask('NaVILA 使用的 VILA 视觉语言模型一共有多少参数（多少B）？');
    assert.equal(answer.answered, false, answer.answer);
    const hamt = await qa.ask('HAMT 整个模型有多少参数？');
    assert.ok(hamt.answered && hamt.answer.includes('120M'), hamt.answer);
  });

  it('reads a venue with its year as dating the paper asked about, but a benchmark with its year as asked about for a result', async () => {
    const qa = await qaOverDigest('best-papers.md', [
      '# 2019(一篇)',
      '### A Theory of Fermat Paths for Non-Line-of-Sight Shape Reconstruction',
      '本文提出了费马路径理论，并据此推导出一种估计非视距物体形状的算法，称为费马流（Fermat Flow）算法。',
      '# 2018(一篇)',
      '### Taskonomy: Disentangling Task Transfer Learning',
      '本文提出了一种计算视觉任务之间迁移关系的方法，得到了任务分类学。',
    ]);
    const named = await qa.ask('CVPR 2019 最佳论文提出的用来估计非视距物体形状的算法叫什么名字？');
    assert.ok(named.answered && named.answer.includes('费马流'), named.answer);
    const result = await qa.ask('Taskonomy 在 AIME 2024 上的得分是多少？');
    assert.equal(result.answered, false, result.answer);
  });

  it('finds the paper whose section alone writes, again and again, a name the question gives', async () => {
    const qa = await qaOverDigest('summarization.md', [
      '# EMNLP 2020 notes',
      '## What have we achieved in text summarization?',
      'To answer the question, Huang et al. designed a multi-dimensional human evaluation called PolyTope.',
      'They evaluated 4 extractive and 6 abstractive summarization models with PolyTope on CNN/DailyMail.',
      '## Re-evaluating summarization evaluation',
      'Bhandari et al. re-evaluate how well metrics like ROUGE agree with human judgements of summaries.',
      'Different evaluation metrics suit different datasets, and should be chosen empirically.',
    ]);
    const answer = await qa.ask('How many extractive and how many abstractive summarization models were evaluated with PolyTope?');
    assert.equal(answer.citations[0]?.section, 1, answer.answer);
    assert.ok(answer.answer.includes('4 extractive and 6 abstractive'), answer.answer);
  });

  it('answers what a name is short for with the sentence spelling it out, not one that only names it', async () => {
    const qa = await qaOverDigest('model-based.md', [
      '# Model-Based RL',
      '## World Models',
      'A world model learns a compressed representation of the environment and trains a controller inside it.',
      '## Learning Latent Dynamics for Planning from Pixels',
      'It is also known as PlaNet.',
      'They propose the **Deep Planning Network (PlaNet)**, a purely model-based agent that learns the environment dynamics from images.',
    ]);
    const answer = await qa.ask('What is PlaNet short for?');
    assert.ok(answer.answered && answer.answer.includes('Deep Planning Network'), answer.answer);
  });

  it('refuses a figure no quoted sentence gives, though the section has numbers and the word asked', async () => {
    const qa = await qaOverDigest('planning.md', [
      '# Model-based RL',
      '## AlphaZero',
      'AlphaZero runs MCTS and selects its action by the root visit count. Instead of running simulations from leaf nodes, it uses a neural network to predict the value. The network shares most layers between the policy and the value head. Its residual blocks are deep, which may bring a large worst-case generalization error. Self-play games are stored in a replay buffer. The chess version was trained for 9 hours on 5000 TPUs.',
      '## MuZero',
      'MuZero learns a model of reward, value and policy, and plans with it in 8 board games and 57 Atari games.',
    ]);
    const simulations = await qa.ask('How many MCTS simulations per move does AlphaZero run during self-play?');
    assert.equal(simulations.answered, false, simulations.answer);
    const games = await qa.ask('On how many Atari games was MuZero evaluated?');
    assert.ok(games.answered && games.answer.includes('57'), games.answer);
  });

  it('gives a count that the sentence after the one naming what is counted states, its noun in the plural', async () => {
    const qa = await qaOverDigest('detection.md', [
      '# Object detection notes',
      '## Faster R-CNN',
      'Faster R-CNN replaces Selective Search with a Region Proposal Network that shares the convolutional features.',
      'The RPN produces a feature vector for each sliding window, which is fed into a box regressor and a classifier. For each of these sliding windows, k anchor boxes are generated. In their experiments, they generate 9 anchors based on 3 scales and 3 aspect ratios.',
      '## YOLO',
      'YOLO divides the image into a grid and predicts boxes and class probabilities in one pass.',
    ]);
    const answer = await qa.ask('hey quick q: how many anchor boxes per sliding window did faster rcnn use in their experiments?');
    assert.ok(answer.answered && answer.answer.includes('9 anchors'), answer.answer);
  });

  it('finds the paper a question calls by its authors, as its heading or byline gives them', async () => {
    const qa = await qaOverDigest('collapse.md', [
      '# Literature review: model collapse',
      '#### Shumailov et al. 2024 — AI models collapse when trained on recursively generated data',
      'Training on generated data makes the tails of the distribution disappear over generations.',
      '#### Gerstgrasser et al. 2024 — Is Model Collapse Inevitable?',
      'Replacing real data with synthetic data collapses; accumulating synthetic data beside the real data keeps the test error bounded.',
      '#### Hodel & West 2026 — Epistemic diversity across language models',
      'An ecosystem of up to 16 models keeps its diversity longer than a single model does.',
      '### Deep Ensembles: A Loss Landscape Perspective',
      '- Authors: Stanislav Fort, Huiyi Hu, Balaji Lakshminarayanan',
      '- Key Contribution: functional diversity arises from mode diversity.',
      '### DICE: Diversity in Deep Ensembles via Conditional Redundancy Adversarial Estimation',
      '- Authors: Alexandre Ramé, Matthieu Cord',
      '- Key Contribution: regularizes deep ensembles to increase their diversity.',
      '### A Deep Look into Neural Ranking Models for Information Retrieval',
      'Guo et al, 2019',
      'A survey that compares representation-focused and interaction-focused architectures.',
      '### A Deep Relevance Matching Model for Ad-hoc Retrieval',
      'by Guo et al, ACM 2017',
      'DRMM maps the local interactions of each query term into a fixed-length matching histogram.',
      '## Methodological warnings',
      "Gerstgrasser test two temperatures; don't compare replace and accumulate runs across seeds.",
    ]);
    for (const [question, section] of [
      ["hey @bot, in Gerstgrasser et al what happens with 'replace' vs 'accumulate'? ty!", 2],
      ["sup @everyone, for my thesis: what's the biggest number of models Hodel & West put in one ecosystem?", 3],
      ['what do fort et al say the functional diversity of deep ensembles comes from?', 4],
      ['Guo 等人 2019 年那篇综述对比了哪两类模型架构？', 6],
      ['In Guo et al. (2017), what are the local interactions of each query term mapped into?', 7],
    ] as const) {
      const answer = await qa.ask(question);
      assert.equal(answer.citations[0]?.section, section, `${question} → ${answer.answer}`);
    }
  });

  it('refuses an everyday question whose only tie to the digest is a common word it capitalises once ("German")', async () => {
    const qa = await qaOverDigest('agents.md', [
      '# Agent benchmarks',
      '## GAIA: a benchmark for General AI Assistants',
      'Level 1 questions need at most one tool and five steps.',
      'Examples of tools: Tetris rules database, German translator, Spell checker, Text Editor.',
      '## WebArena',
      'The best GPT-4 agent completes 14.4% of the tasks, humans 78.2%.',
    ]);
    const answer = await qa.ask('How long does it take to renew a German passport?');
    assert.equal(answer.answered, false, answer.answer);
    assert.ok((await qa.ask('Which tools does GAIA give as examples?')).answered);
  });

  it("cites the asked paper's own section first, before another section that mentions it", async () => {
    const qa = await qaOverDigest('detection.md', [
      '# 3D detection notes',
      '## ROI-10D: Monocular Lifting of 2D Detection to 6D Pose and Metric Shape',
      'A 2D detector proposes boxes first, then a differentiable ROI lifting recovers the eight corners.',
      "Each object's orientation is written as a quaternion q, with the box size whl beside it.",
      '## Shift R-CNN',
      'ROI-10D represents the pose of each object as a quaternion, while Shift R-CNN regresses the yaw angle directly.',
      '## Stereo R-CNN',
      'Stereo R-CNN detects objects in both images of a stereo pair at once.',
    ]);
    const answer = await qa.ask('How does ROI-10D represent the pose of each object?');
    assert.equal(answer.citations[0]?.section, 1, answer.answer);
  });

  it('finds the paper a Chinese question calls by "A 和 B", a surname of two words included', async () => {
    const qa = await qaOverDigest('agents.md', [
      '# Agent societies',
      '## Emergent norms in simulated towns',
      'Authors: Ann Lee, Bo Chen',
      'LLM agents in a simulated town are compared with human survey data on norms.',
      '## Unraveling the Emergence of Collective Behavior in Networks of Cognitive Agents',
      'Authors: Mirta Zomer, Manlio De Domenico',
      'This work investigates how LLM-based cognitive agents generate collective behaviour, contrasting them with classical models of interacting particles.',
    ]);
    const named = qa.context.retriever.namedPapers('谢谢！那个 Zomer 和 De Domenico 的集体行为论文，是拿 LLM 智能体跟什么系统做对比的？');
    assert.deepEqual(
      named.map((key) => qa.context.paperByKey.get(key)?.heading),
      ['Unraveling the Emergence of Collective Behavior in Networks of Cognitive Agents'],
    );
  });

  it('finds the paper a question calls by surname and year, as the reference under its heading gives them', async () => {
    const qa = await qaOverDigest('bayesian.md', [
      '# Summary of Bayesian DL papers',
      '## 01. A Practical Bayesian Framework for Backpropagation Networks',
      '### MacKay, D. J. (1992)',
      'The prior over the weights is a single Gaussian whose width the evidence sets.',
      '## 02. Keeping Neural Networks Simple by Minimizing the Description Length of the Weights',
      '### Hinton, G. E., & Van Camp, D. (1993)',
      'The prior over the weights is an adaptive mixture of Gaussians, paid for with the bits back argument.',
      '## 03. Computing with Infinite Networks',
      '### Williams, C. K. (1997)',
      'The prior over the weights is Gaussian, and the covariance of the outputs is computed analytically.',
    ]);
    for (const [question, section] of [
      ['In the MacKay (1992) summary, what prior over the weights is used?', 1],
      ['what prior over the weights do hinton & van camp use?', 2],
      ['Williams (1997) 这篇里权重的先验是什么？', 3],
    ] as const) {
      const answer = await qa.ask(question);
      assert.equal(answer.citations[0]?.section, section, `${question} → ${answer.answer}`);
    }
  });

  it('finds a figure asked by a compound noun where the section writes its head, and asked by a version the section writes', async () => {
    const qa = await qaOverDigest('pretrained.md', [
      '# 十大预训练模型',
      '## 1) VGG:',
      'VGG 由牛津大学的研究人员开发，VGG-16 有 16 层。',
      '## 2) Inception:',
      'InceptionV3 模型由 42 层组成，使用了分解卷积。',
      '**输入：** 尺寸为 (299, 299, 3) 的图像',
      '**输出：** 1000 维图像嵌入',
    ]);
    const answer = await qa.ask('大家好 @bot 我想在自己笔记本上跑一下 InceptionV3，它要求的输入图片尺寸是多少呀？先谢啦');
    assert.ok(answer.answered && answer.answer.includes('299'), answer.answer);
    assert.equal(answer.citations[0]?.section, 2, answer.answer);
  });

  it("finds a metric's mean written out, or in a table's score column, and refuses it where the section gives neither", async () => {
    const qa = await qaOverDigest('segmentation.md', [
      '# Segmentation notes',
      'I also show their benchmark scores (mean IOU) on the VOC2012 test dataset.',
      '## FCN',
      'FCN replaces the fully connected layers with convolutions and upsamples with deconvolution layers.',
      '| Score | Comment |\n|---|---|\n| 67.2 | More momentum, not described in the paper |',
      '## DeepLab',
      'DeepLab uses atrous convolution to enlarge the field of view without losing resolution.',
      'A fully connected CRF then sharpens the boundaries of the segments.',
    ]);
    const fcn = await qa.ask('What mIoU did FCN reach on VOC2012?');
    assert.ok(fcn.answered && fcn.answer.includes('67.2'), fcn.answer);
    const deeplab = await qa.ask('What mIoU does DeepLab reach on VOC2012?');
    assert.equal(deeplab.answered, false, deeplab.answer);
  });

  it('reads a figure word closing a long phrase as saying only that a figure is asked', async () => {
    const qa = await qaOverDigest('agents.md', [
      '# Agent security',
      '## AgentPoison',
      'AgentPoison poisons the long-term memory of LLM agents with optimised triggers.',
      'It achieves over 80% retrieval success and more than 60% end-to-end attack success on three agents.',
      '## CVE-Bench',
      'CVE-Bench is built from 40 critical vulnerabilities of real web applications.',
    ]);
    const answer = await qa.ask('What end-to-end attack success rate does AgentPoison achieve?');
    assert.ok(answer.answered && answer.answer.includes('60%'), answer.answer);
  });

  it('does not refuse for a Chinese noun the dictionary cannot render over a digest that writes no Chinese', async () => {
    const qa = await qaOverDigest('detectors.md', [
      '# Detectors',
      '## YOLOv3',
      'The main improvement is a deeper 53-layer backbone network with residual connections.',
      '## SSD',
      'SSD predicts boxes from feature maps of several scales.',
    ]);
    const answer = await qa.ask('YOLOv3 的 backbone 有多少层？');
    assert.ok(answer.answered && answer.answer.includes('53-layer'), answer.answer);
  });

  it('reads a model size however a digest writes it, and nothing else as one', () => {
    for (const text of ['It has 1.5B parameters.', 'a 175 billion parameter model', '500 亿参数', '共 1.23亿个参数', 'with 340M weights'])
      assert.ok(writesModelSize(text), text);
    for (const text of ['The model was released in 2023.', 'Table 3 lists the results.', '训练了 3 天。']) assert.ok(!writesModelSize(text), text);
    // a count of something else in millions is no size
    for (const text of ['training on ImageNet with 15 million annotated images', '用 1500 万张图像训练']) assert.ok(!writesModelSize(text), text);
    assert.ok(writesModelSize('a 7B model beats the 13B one'));
  });
});

describe('who made a work', () => {
  it("refuses who made a paper where no quote names a maker, and answers from an author list, 'et al.' or 'X 提出的'", async () => {
    const qa = await qaOverDigest('detection.md', [
      '# Detection notes',
      '## YOLO9000: Better, Faster, Stronger',
      'Proposes multiple improvements to the original YOLO, such as anchor boxes and multi-scale training. It detects over 9000 object categories in real time.',
      '## Informer',
      'Zhou et al. (2021) proposed Informer for long sequence time-series forecasting. ProbSparse self-attention reduces the cost to O(L log L).',
      '## Chameleon：把一切映射为离散 token',
      'Chameleon 是 Meta 提出的原生多模态模型。它把一切模态都映射成离散 token。',
    ]);
    const yolo = await qa.ask('who are the authors of YOLO9000 and which lab were they at?');
    assert.equal(yolo.answered, false, yolo.answer);
    const informer = await qa.ask('Who are the authors of the Informer paper?');
    assert.ok(informer.answered && informer.answer.includes('Zhou et al.'), informer.answer);
    const chameleon = await qa.ask('Chameleon 这个原生多模态模型是哪家公司提出的？');
    assert.ok(chameleon.answered && chameleon.answer.includes('Meta'), chameleon.answer);
    // The authors asked about for what they did, not who they are.
    const improvements = await qa.ask('What improvements did the authors of YOLO9000 propose?');
    assert.ok(improvements.answered && improvements.answer.includes('anchor boxes'), improvements.answer);
  });
});

describe("a paper whose name a successor's holds", () => {
  it("cites the paper named exactly first, and the successor's where the question writes its name", async () => {
    const qa = await qaOverDigest('tracking.md', [
      '# Tracking notes',
      '### High Performance Visual Tracking with Siamese Region Proposal Network (SiamRPN, CVPR2018)',
      'Feature extraction: SiamRPN uses an AlexNet without padding, with conv2 and conv4 removed, as its backbone.',
      '### SiamRPN++: Evolution of Siamese Visual Tracking with Very Deep Networks (CVPR2019)',
      'SiamRPN++ swaps the AlexNet backbone for a ResNet-50 and samples positives uniformly around the centre to break the centre bias.',
    ]);
    const original = await qa.ask('which backbone does SiamRPN use to extract features?');
    assert.ok(original.answered && original.citations[0]?.section === 1, original.answer);
    const successor = await qa.ask('which backbone does SiamRPN++ use?');
    assert.ok(successor.answered && successor.citations[0]?.section === 2, successor.answer);
  });
});

describe('askedSubjects', () => {
  it('leaves out a subject only the scene-setting clause names, and keeps those of the asking clause and of the turn before', () => {
    const asked = (question: string, subjects: string[]) => askedSubjects({ question, subjects });
    assert.deepEqual(asked('quick one for my thesis on MIR datasets: how many dancers are in the AIST database?', ['mir', 'aist']), ['aist']);
    assert.deepEqual(asked('What mean rank does TransE achieve on FB15k?', ['transe', 'fb15k']), ['transe', 'fb15k']);
    assert.deepEqual(asked('我在做 REID 项目，RandomErasing 在哪个任务上验证过？', ['reid', 'randomerasing']), ['randomerasing']);
    assert.deepEqual(asked('它比 RLHF 好在哪?', ['dpo', 'rlhf']), ['dpo', 'rlhf']);
  });
});

describe('quotesSubject', () => {
  const quote = (sectionTitle: string, text: string) => {
    const passage: Passage = { id: 'd#1.1', digest: 'd', section: 1, sectionTitle, text, lines: [] };
    return { passage, text };
  };
  const nothingElse = () => '';

  it('holds when a quoted passage or its heading writes what is asked, however it is spaced', () => {
    assert.equal(quotesSubject(['mobilenetv3'], [quote('MobileNet V3', '重新设计了激活函数。')], nothingElse), true);
    assert.equal(quotesSubject(['ghostnet', 'ghost'], [quote('小结', 'GhostNet 用廉价操作生成更多特征图。')], nothingElse), true);
    assert.equal(quotesSubject([], [quote('MobileNet V3', '重新设计了激活函数。')], nothingElse), true);
  });

  it('fails when the sentences are about something else: a name the digest only mentions elsewhere', () => {
    assert.equal(quotesSubject(['ghostnet'], [quote('MobileNet v1', '逐点卷积将特征图加权组合。')], nothingElse), false);
  });

  it("holds for a name the quoted section writes elsewhere, or a name of the section's paper", () => {
    const gin = [quote('How powerful are graph neural networks?', 'The idea to consider embeddings from all layers comes from [4].')];
    assert.equal(
      quotesSubject(['gin'], gin, () => 'GIN-0 is strongly not worse than GIN-ε.'),
      true,
    );
    const sam = ctx.papers.find((paper) => paper.aliases.some((alias) => alias.toLowerCase() === 'sam'))!;
    assert.equal(
      quotesSubject(['sam'], [quote('细分一切', '提示编码器处理点和框。')], () => sam.aliases.join(' ')),
      true,
    );
  });
});

describe("a name the asker glosses with a paper's title", () => {
  it('is refused when a name called a paper is one the digest never writes, even in English over a Chinese digest', async () => {
    const qa = await qaOverDigest('video.md', [
      '## Video',
      '### 2019 - [Depth-Aware Video Frame Interpolation](https://arxiv.org/abs/1904.00830)',
      '* 插帧时考虑深度，显式建模遮挡。训练了 40 epoch，参数量是 24M。',
      '### 2022 - [Real-Time Intermediate Flow Estimation for Video Frame Interpolation](https://arxiv.org/abs/2011.06294)',
      '* 直接估计中间帧光流，用特权蒸馏训练。',
    ]);
    const answer = await qa.ask('What does the GMA paper add on top of Real-Time Intermediate Flow Estimation?');
    assert.ok(!answer.answered && /GMA/u.test(answer.answer), answer.answer);
  });

  it('is that paper\'s name, though the digest never writes it ("DAIN（Depth-Aware Video Frame Interpolation）")', async () => {
    const qa = await qaOverDigest('video.md', [
      '## Video',
      '### 2019 - [Depth-Aware Video Frame Interpolation](https://arxiv.org/abs/1904.00830)',
      '* 插帧时考虑深度，显式建模遮挡。训练了 40 epoch，参数量是 24M，runtime 为 0.13s。',
      '### 2022 - [Real-Time Intermediate Flow Estimation for Video Frame Interpolation](https://arxiv.org/abs/2011.06294)',
      '* 直接估计中间帧光流，用特权蒸馏训练，比 DAIN 快很多。',
    ]);
    for (const [question, fact] of [
      ['DAIN（Depth-Aware Video Frame Interpolation）这篇的参数量是多少？', '24M'],
      ['what does the Real-Time Intermediate Flow Estimation (RIFE) paper train with?', '特权蒸馏'],
    ] as const) {
      const answer = await qa.ask(question);
      assert.ok(answer.answered && answer.answer.includes(fact), `${question} → ${answer.answer}`);
    }
  });
});

describe('a list announced with its count, whose items label lists of their own', () => {
  it('answers with the labels it counts, not with the first items under the first label', async () => {
    const qa = await qaOverDigest('recsys.md', [
      '# 推荐系统论文',
      '## *Item-Based Collaborative Filtering Recommendation Algorithms*',
      '影响最广的一篇推荐系统论文。',
      '文章把Item-based算法分为两步：',
      '* 相似度计算，得到各item之间的相似度\n\t* 基于余弦（Cosine-based）的相似度计算\n\t* 调整的余弦（Adjusted Cosine）相似度计算\n* 预测值计算，对用户未打分的物品进行预测\n\t* 加权求和\n\t* 回归',
      '## *Factorization Machines*',
      'FM 建模特征的二阶交叉。',
    ]);
    const answer = await qa.ask('Item-Based Collaborative Filtering 这篇论文把算法分成了哪两步？');
    assert.ok(answer.answered && answer.answer.includes('相似度计算，得到') && answer.answer.includes('预测值计算'), answer.answer);
  });
});

describe('answerQuestion over a section with nothing to quote', () => {
  it("refuses a question about a paper whose section holds only the paper's title", async () => {
    const qa = await qaOverDigest('notes.md', [
      '# 多数据集检测笔记',
      '## LMSEG',
      '作者用文本嵌入统一了多个数据集的类别,并在三个数据集上联合训练分割模型。',
      '## OneFormer',
      'OneFormer: One Transformer to Rule Universal Image Segmentation',
    ]);
    const answer = await qa.ask('OneFormer 的 task token 是怎么设计的?');
    assert.equal(answer.answered, false, answer.answer);
    assert.match(answer.answer, /没有涉及/u);
  });
});
