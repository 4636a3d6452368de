/**
 * Words that only set the scene (hardware, places, people, tools, mentions, thanks) never make the bot refuse on
 * their own; a name the question asks about that the digest lacks still does.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { LocalQaService } from '../src/qa.ts';
import { asksMeasuredResult } from '../src/answer/intent.ts';
import { askedNames, askingClause, asksKind, namesNewTerm, placedByAsker, setsScene, withoutScene } from '../src/answer/names.ts';
import { qaOverDigest, sharedQa } from './support/core.ts';

describe('askingClause: the clause of a message that asks', () => {
  const cases: [string, string][] = [
    ['Thanks Alice! What is DPO?', 'What is DPO?'],
    ['what did X find? our team lead in Austin keeps citing it', 'what did X find?'],
    ["I'm running TRL on Kubernetes — which algorithm is used in the third step?", 'which algorithm is used in the third step?'],
    ['Llama 3.1 405B 怎么样?', 'Llama 3.1 405B 怎么样?'],
    ['Llama 2 能商用吗?参数范围多大?', 'Llama 2 能商用吗?'],
    ['how many parameters', 'how many parameters'],
    ['My boss in Singapore asked: how many parameters does BloombergGPT have?', 'how many parameters does BloombergGPT have?'],
    // An abbreviation's full stop ends no clause.
    ['Which theorem did Larsen et al. generalize to general sets?', 'Which theorem did Larsen et al. generalize to general sets?'],
    ['We use it daily. Which GPU, e.g. an A100, does QLoRA need?', 'Which GPU, e.g. an A100, does QLoRA need?'],
  ];
  for (const [message, clause] of cases) it(`"${message}" → "${clause}"`, () => assert.equal(askingClause(message), clause));
});

describe('setsScene: a name a preposition places before the question', () => {
  const cases: [string, string, boolean][] = [
    ['greetings from São Paulo 🇧🇷 does the author think text-to-video will grow?', 'Paulo', true],
    ['周末在 ComfyUI 里玩图,作者说哪些模型很火?', 'ComfyUI', true],
    // In the question's own part, the name is what is asked about or where it is measured.
    ['What mAP does YOLOv4 get on MS COCO?', 'COCO', false],
    ["What's the weather in Berlin today?", 'Berlin', false],
    ['Mamba, 它是什么?', 'Mamba', false],
  ];
  for (const [asking, name, scene] of cases)
    it(`"${asking}": ${name} ${scene ? 'sets the scene' : 'does not'}`, () => assert.equal(setsScene(asking, name), scene));
});

describe('withoutScene: the question without the parts that only set its scene', () => {
  const knowsDpo = (text: string) => text.includes('DPO');
  const cases: [string, string[], string][] = [
    ['在 Colab T4 上微调,QLoRA 里量化的是什么?', ['Colab'], 'QLoRA 里量化的是什么?'],
    ['quick one from Lagos 🙏 does pretraining on duplicated data help?', ['Lagos'], 'does pretraining on duplicated data help?'],
    ['我在 WSL 里复现 DPO,它的训练目标是什么?', ['WSL'], '我在 WSL 里复现 DPO,它的训练目标是什么?'],
    [
      'In the class-selectivity paper, what dataset were the ResNets trained on?',
      [],
      'In the class-selectivity paper, what dataset were the ResNets trained on?',
    ],
  ];
  for (const [question, unknown, searched] of cases) {
    it(`"${question}" → "${searched}"`, () => assert.equal(withoutScene(question, unknown, knowsDpo).trim(), searched));
  }
});

describe('a kind asked for ("on what GPU?"): answered only by a quote naming a thing the question does not', () => {
  it('takes the word after "what/which/什么" for the kind asked, unless a result of it is asked', () => {
    assert.ok(asksKind('How many random maps was ViPER trained on, and on what GPU?', 'GPU'));
    assert.ok(asksKind('ViPER 用的什么 GPU 训练的？', 'GPU'));
    assert.ok(!asksKind('What FID does MeanFlow report for one-step generation?', 'FID'));
    assert.ok(!asksKind('Can I run ViPER on my GPU?', 'GPU'));
  });
  it('finds a name with a digit or an inner capital that the question does not write, not a bare figure', () => {
    const question = 'How many random maps was ViPER trained on, and on what GPU?';
    assert.ok(namesNewTerm('4000 random maps, 40 hours training on RTX 3090', question));
    assert.ok(!namesNewTerm('ViPER was trained on 4000 random maps for 40 hours', question));
    assert.ok(!namesNewTerm('VideoPoet employs a decoder-only transformer architecture', 'What GPU did they train VideoPoet on?'));
  });
});

describe('askedNames: the unknown names a question asks about', () => {
  const cases: [string, string[], string[]][] = [
    ['What perplexity does Transformer-XL reach on WikiText-103?', ['WikiText-103'], []],
    ['BERT 预训练用的是 BooksCorpus 吗?', ['BooksCorpus'], ['BooksCorpus']],
    ['GPT-2 的 warmup 步数是多少?', ['warmup'], ['warmup']],
    ['did the packing authors run their experiments on Graphcore IPUs?', ['Graphcore', 'IPUs'], ['IPUs']],
    ['Can I fine-tune a 65B model with QLoRA on my RTX 4090?', ['RTX'], []],
    ['我在 RTX 4090 上跑 QLoRA,实际用的是什么数据类型?', ['RTX'], []],
    ['Mixtral 在 Kubernetes 上一次前向传播用到多少参数?', ['Kubernetes'], []],
    ['Can Acme use Llama 2 commercially?', ['Acme'], []],
    ['quick q from our MacBook, which tokens can Mistral attend to?', ['MacBook'], []],
    // a tail after the question ("…, according to these notes?") is not where the question stands
    ['How does the MAE (Masked Autoencoders) paper pre-train vision transformers, according to these notes?', ['MAE'], ['MAE']],
    // examples set off by commas between a question word's phrase and its auxiliary are what is asked
    ['Which benchmark datasets, such as LETOR or MSLR-WEB10K, does the off-policy paper evaluate on?', ['MSLR-WEB10K'], ['MSLR-WEB10K']],
    // a comma inside brackets (a citation) separates no scene from the question
    ['Speaker-Follower（Fried et al., 2018）是怎样用 speaker 模型做数据增强的？', ['Speaker-Follower'], ['Speaker-Follower']],
    // the kind a question word asks for need not be written ("RTX 3090" answers it), a measure whose result is asked must
    ['How many random maps was ViPER trained on, and on what GPU?', ['GPU'], []],
    ['ViPER 用的什么 GPU 训练的？', ['GPU'], []],
    ['What FID does MeanFlow report for one-step generation?', ['FID'], ['FID']],
  ];
  for (const [asking, unknown, asked] of cases) {
    it(`"${asking}" asks about ${asked.join(', ') || 'none of them'}`, () => assert.deepEqual(askedNames(asking, unknown), asked));
  }
  // A result measured on something is asked for that something; a count is the same wherever the model runs.
  const results: [string, string[], string[]][] = [
    ['what accuracy did CoT get on GSM8K according to the post?', ['GSM8K'], ['GSM8K']],
    ['What speedup does PEARL get on the HumanEval code benchmark?', ['HumanEval'], ['HumanEval']],
    ['CoT 在 GSM8K 上的准确率是多少?', ['GSM8K'], ['GSM8K']],
    ['Mixtral 在 Kubernetes 上一次前向传播用到多少参数?', ['Kubernetes'], []],
    ["how did QLoRA's Guanaco score against ChatGPT on the Vicuna benchmark?", ['Vicuna'], ['Vicuna']],
    ['RETRO 在 Pile 数据集上的困惑度是多少?', ['Pile'], ['Pile']],
    ['Grounding DINO 在 COCO 上 zero-shot 的 AP 是多少?', ['COCO'], ['COCO']],
    ['What accuracy did Bob get with QLoRA?', ['Bob'], []],
    ['By how much did TD3 outperform DDPG on HalfCheetah?', ['HalfCheetah'], ['HalfCheetah']],
    ['Can I fine-tune a 65B model with QLoRA on my RTX 4090?', ['RTX'], []],
  ];
  for (const [asking, unknown, asked] of results) {
    it(`"${asking}" asks about ${asked.join(', ') || 'none of them'}`, () =>
      assert.deepEqual(askedNames(asking, unknown, asksMeasuredResult(asking)), asked));
  }
});

describe('context words', () => {
  let qa: LocalQaService;
  before(async () => {
    qa = await sharedQa();
  });

  const answered: [string, number, RegExp][] = [
    ['Can I fine-tune a 65B model with QLoRA on my RTX 4090?', 3, /48 GB/u],
    ['@everyone reading group tonight in Berlin: how many Pythia models were originally released?', 1, /8/u],
    ['thanks Bob! 顺便问下,DPO 用什么替代了 RLHF?', 5, /奖励/u],
    ['我用 WSL 跑 Mistral 7B,它的滑动窗口有多大?', 6, /4,?096/u],
    ['My boss at a fintech in Singapore asked: how many parameters does BloombergGPT have?', 4, /50/u],
    // The scene in a clause of its own, after the question: it neither names what is asked nor dilutes the evidence.
    [
      'what does the digest say was one of the bigger challenges with LLM benchmarks this year? asking from Nairobi',
      2,
      /trustworthiness of benchmarks/u,
    ],
    // Answered from the right section; which of its sentences states the data is the sentence choice's concern.
    ['hey guys, what pretraining data did the ConvNets-match-ViTs paper use?', 8, /ConvNets Match Vision Transformers/u],
    // A person, a company or a place as the subject, and a tool placed by a preposition, set the scene too.
    ['Can Acme use Llama 2 commercially?', 2, /commercial/u],
    ['Mixtral 在 Kubernetes 上一次前向传播用到多少参数?', 6, /参数/u],
    // A place or a tool a preposition puts in a part before the question sets its scene, even where nothing else is named.
    ['greetings from São Paulo 🇧🇷 does the author think text-to-video models will get more popular next year?', 10, /text-to-video/iu],
    ['周末在 ComfyUI 里玩图,作者说 2022 年有哪些文本转图像模型很火?', 10, /Stable Diffusion/u],
    // The scene's part is not searched: the answer is what is asked, and a part naming the subject stays.
    ['hey all, writing from Accra 🙏 did the Pythia paper find that deduplicating the training data helps?', 1, /deduplication/u],
    ['在 Kaggle 上微调,想搞清楚 QLoRA 里到底是把什么量化了?', 3, /低秩矩阵被量化/u],
    ['我在 WSL 里复现 DPO,它用的是什么训练目标来代替强化学习?', 5, /分类目标/u],
    // A question written in title case names no other model by its capitals.
    ['How Does QLoRA Work?', 3, /QLoRA/u],
    // A word of the question's grammar opening it is no part of the name after it ("Does Mixtral" is no model).
    ['Does Mixtral use all of its parameters for every token?', 6, /Mixtral/u],
  ];
  for (const [question, section, fact] of answered) {
    it(`answers "${question}"`, async () => {
      const answer = await qa.ask(question);
      assert.equal(answer.answered, true, answer.answer);
      assert.equal(answer.citations[0]?.section, section, answer.answer);
      assert.match(answer.answer, fact);
    });
  }

  const refused: [string, RegExp][] = [
    ['What is Llama 3?', /does not discuss Llama 3/u],
    ['Mixtral 8x22B 用了多少训练数据?', /没有讨论 Mixtral 8x22B/u],
    ['Can you recommend a good RTX 4090 for gaming?', /does not/u],
    ["What's the weather in Berlin today?", /does not/u],
    ['那 Llama 3.1 405B 在这份摘要里是怎么评价的?', /没有讨论 Llama 3/u],
    ['DeepSeek-V3 是怎么训练的', /没有讨论 DeepSeek-V3/u],
    // Compared with something the digest knows, the unknown name is still what is asked.
    ['How does Mamba compare with Mistral 7B?', /does not discuss Mamba/u],
    // The clause that asks names nothing known; the known name is in the next one.
    ['这份摘要有讲 Mamba 吗?它和 Mistral 比怎么样?', /没有讨论 Mamba/u],
    // Beside a paper the digest covers, a term it never writes is still what a detail question asks about.
    ['Pythia 训练时的 warmup 步数是多少?', /没有讨论 warmup/u],
    ['Llama 2 的预训练数据里有 BooksCorpus 吗?', /没有讨论 BooksCorpus/u],
    // In English over this Chinese digest, a name with a number is written so in either language: no translation.
    ['What BLEU score does the NLLB-200 paper give for DPO?', /does not discuss NLLB-200/u],
    // So is a name with an inner capital (a Chinese digest writes "ShapeNet" as it is).
    ['What IoU does Segment Anything reach on ShapeNet?', /does not discuss (?:IoU|ShapeNet)/u],
    // A known name beside a capitalised word the digest never writes is another model.
    ['Llama Guard 是什么?', /没有讨论 Llama Guard/u],
    ['Code Llama 能写代码吗?', /没有讨论 Code Llama/u],
    // A plus makes another name: LoRA+ is not the digest's LoRA.
    ['LoRA+ 给 A 和 B 设的学习率比例是多少?', /没有讨论 LoRA\+/u],
  ];
  for (const [question, reply] of refused) {
    it(`refuses "${question}"`, async () => {
      const answer = await qa.ask(question);
      assert.equal(answer.answered, false, answer.answer);
      assert.match(answer.answer, reply);
    });
  }

  it('a size the digest writes before the name is known: "Guanaco 65B" is its "65B Guanaco"', async () => {
    const answer = await qa.ask('Guanaco 65B 达到了 ChatGPT 性能的百分之多少?');
    assert.equal(answer.answered, true, answer.answer);
    assert.match(answer.answer, /99\.3/u);
  });
});

describe('placedByAsker: a name the asker speaks of as their own', () => {
  const cases: [string, string, boolean][] = [
    ['Can I fine-tune a 65B model with QLoRA on my RTX 4090?', 'RTX 4090', true],
    ['我的 RTX 4090 跑得动 QLoRA 吗?', 'RTX 4090', true],
    ["what's new in Llama 3?", 'Llama 3', false],
    ['Can you recommend a good RTX 4090 for gaming?', 'RTX 4090', false],
    ['What is Llama 3?', 'Llama 3', false],
  ];
  for (const [asking, name, placed] of cases) {
    it(`"${asking}": ${name} ${placed ? 'sets the scene' : 'is asked about'}`, () => assert.equal(placedByAsker(asking, name), placed));
  }
});

describe('a version of a known name that only sets the scene', () => {
  it('answers "on my RTX 4090" beside a digest that writes "RTX-2080", and still refuses a question about the RTX 4090', async () => {
    const qa = await qaOverDigest('gpu.md', [
      '# GPU notes',
      '## QLoRA',
      'QLoRA quantizes the frozen model to 4-bit NormalFloat, so a 65B model fits on a single 48 GB GPU.',
      '## Lightweight GAN',
      'The generator trains for a few hours on a single RTX-2080 GPU with a few hundred images.',
    ]);
    const answered = await qa.ask('Can I fine-tune a 65B model with QLoRA on my RTX 4090?');
    assert.equal(answered.answered, true, answered.answer);
    assert.match(answered.answer, /48 GB/u);
    const refused = await qa.ask('Can you recommend a good RTX 4090 for gaming?');
    assert.equal(refused.answered, false, refused.answer);
    assert.match(refused.answer, /does not discuss RTX 4090/u);
  });
});
