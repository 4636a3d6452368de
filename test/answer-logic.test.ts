import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { catalogueEntries, helpText, papersOnTopic, readCatalogueQuestion, shortNames } from '../src/answer/catalogue.ts';
import { composeAnswer } from '../src/answer/compose.ts';
import { continuesPrevious } from '../src/answer/conversation.ts';
import {
  announcedCount,
  askedPlace,
  askedFigure,
  askedUnit,
  asksAboutFigure,
  asksFinding,
  asksForName,
  asksForLink,
  asksWhyIncluded,
  definedTerm,
  introducesList,
  isHelpRequest,
  isSmallTalk,
  questionKind,
  withoutOpening,
} from '../src/answer/intent.ts';
import { NameChecker, spellsOut } from '../src/answer/names.ts';
import { isReference, leadQuote, subQuestions } from '../src/answer/pipeline.ts';
import { selectQuotes, sentenceFeatures, withoutVersions, type Candidate, type SelectInput } from '../src/answer/select.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { Lexicon } from '../src/retrieval/lexicon.ts';
import type { Passage } from '../src/types.ts';
import { tempDir, testConfig } from './support/core.ts';

const corpus = loadCorpus('corpus');

describe('question kinds', () => {
  for (const [question, kind] of [
    ['什么是混合专家模型?', 'definition'],
    ['What is QLoRA?', 'definition'],
    ['mixtral', 'definition'],
    ['phi2 params?', 'quantity'], // a bare name with a unit asks how much
    ['DPO 是什么?', 'definition'],
    ['phi 是什么模型?', 'definition'],
    ['thanks Bob, what is DPO?', 'definition'], // an opening addressed to someone is still only an opening
    ['hey guys, what is DPO?', 'definition'],
    ['yo @everyone quick q, what does Q-ROAR even stand for?? on my laptop lol', 'definition'], // "quick q" only opens it
    ['问个问题，DPO 是什么?', 'definition'],
    ['what is Code Llama built on?', 'other'], // what a participle was done on is no definition
    ['What was Guanaco trained with?', 'other'],
    ['and the memory?', 'quantity'],
    ['who made phi?', 'who'],
    ['Llama 2 是哪家公司的?', 'who'],
    ["what's the secret behind phi?", 'why'],
    ['Self-Instruct 是什么思路', 'definition'],
    ['Mixtral 总共大约有多少参数?', 'quantity'],
    ['How many images are in the SAM dataset?', 'quantity'],
    ['SAM 由哪三个组件组成?', 'list'],
    ['What are the steps of RLHF?', 'list'],
    ['What kinds of supervised tasks was GPT-1 fine-tuned on?', 'list'],
    // a count of what is asked for: any noun, not a listed one
    ['What are the two tricks MaIR adds on top of Mamba?', 'list'],
    ['Reformer proposes three changes, which two does the post cover?', 'list'],
    ['为什么 BloombergGPT 只用了 500 亿参数?', 'why'],
    ['Why does DPO skip the reward model?', 'why'],
    ['QLoRA 和 LoRA 有什么区别?', 'comparison'],
    ['ConvNets vs ViTs: which is better?', 'comparison'],
    // a figure asked beside what it is compared with is a figure asked
    ["how many layers does distilbert have compared to bert's 12?", 'quantity'],
    ['How does DistilBERT compare to BERT in size?', 'comparison'],
    ['Does doubling the batch size affect convergence?', 'yesno'],
    ['训练顺序会影响记忆吗?', 'yesno'],
    // how many steps is a count; which steps, a list
    ['Self-Instruct 有几步?', 'quantity'],
    ['RLHF 有哪几个步骤?', 'list'],
  ] as const) {
    it(`reads "${question}" as ${kind}`, () => assert.equal(questionKind(question), kind));
  }

  it('reads the place in a list a question asks for, not a paper called by its place', () => {
    assert.equal(askedPlace('RLHF 的第三步是什么?'), 3);
    assert.equal(askedPlace('SAM 的第三个组件是什么?'), 3);
    assert.equal(askedPlace('which algorithm is used in the third step?'), 3);
    assert.equal(askedPlace('what happens in step 2?'), 2);
    assert.equal(askedPlace('论文3那个做显著性检测的是哪篇?'), undefined);
    assert.equal(askedPlace('第三篇讲了什么?'), undefined);
    assert.equal(askedPlace('它是第一个这样做的模型吗?'), undefined);
  });

  it('reads a question asking what a study found', () => {
    assert.equal(asksFinding('what did the False Promise paper find?'), true);
    assert.equal(asksFinding('这篇论文的结论是什么?'), true);
    assert.equal(asksFinding('what is DPO?'), false);
  });

  it('reads a question asking which thing, whose answer is a name', () => {
    for (const question of [
      'which conference was UniDet published at?',
      'what detector does ScaleDet use?',
      'Text2Mol 的文本 encoder 用的是什么模型？',
      'LMSEG 这篇论文发表在哪个会议上？',
      '是哪家公司做的？',
    ]) {
      assert.equal(asksForName(question), true, question);
    }
    for (const question of ['what is DPO?', 'what happens to a token over capacity?', 'which one is better?', '什么是 DPO?', '为什么要这样做?']) {
      assert.equal(asksForName(question), false, question);
    }
  });

  it('tells a question about a figure from one about images', () => {
    assert.equal(asksAboutFigure('Llama 2 论文那张图里最终的模型叫什么?'), true);
    assert.equal(asksAboutFigure('what does the chart compare?'), true);
    assert.equal(asksAboutFigure('他们预训练 CNN 用了多少张图片'), false);
    assert.equal(asksAboutFigure('SAM 的图像编码器是什么?'), false);
  });

  it('finds the noun a quantity question counts when no known unit names it', () => {
    assert.ok(askedUnit('how much compute did they use?')!.test('compute budgets of up to 110k TPU hours'));
    assert.ok(askedUnit('SAM 被引用了多少次?')!.test('已被引用超过 1500 次'));
    // a counted term written in Latin letters inside a Chinese question, over an English digest
    assert.ok(askedUnit('RetinaNet 每个金字塔层级有多少个 anchor box？')!.test('there are A=9 anchor boxes per level'));
    assert.equal(askedUnit('how many did they release?'), undefined);
    assert.ok(askedUnit('对了,Self-Instruct 有几步?')!.test('这是一个 4 步过程:'));
    // an English phrase counts its last noun
    assert.ok(askedUnit('How many attention heads does TGAT use?')!.test('8 heads'));
    assert.equal(askedUnit('How many attention heads does TGAT use?')!.test('attention over 2 layers'), false);
    // the unit of what is counted, not of a word setting the scene ("sliding window" is no context window)
    const boxes = askedUnit('how many anchor boxes per sliding window did Faster R-CNN use?')!;
    assert.ok(boxes.test('k anchor boxes are generated'));
    assert.equal(boxes.test('a context window of 4096 tokens'), false);
    assert.ok(askedUnit('LLaMA 的模型有多大？')!.test('参数从 7B 到 65B'), 'asked without a unit of its own');
    assert.equal(askedUnit('输入图片尺寸是多少呀？先谢啦'), undefined, 'a sentence-final particle is no unit');
  });

  it('finds what a question asks the figure of, in either language, and no figure where none is asked', () => {
    const cases: [string, string[]][] = [
      ['What batch size did SimCLR use?', ['batch size']],
      ['how many image-text pairs was CLIP trained on?', ['image-text pairs']],
      ['What word error rate does the Conformer reach on test-other?', ['word error rate']],
      ['how much faster did pretraining get?', []],
      ['how many did DeepSeekMoE go up to?', []],
      ['SimPO 里 gamma 默认设成多少比较好？', ['gamma']],
      ['拼图任务的网络训练了多少个 epoch？', ['epoch']],
      ['BEiT 预训练时掩码比例是多少？', ['掩码']],
      ['2015 年把 ImageNet 错误率降到多少', ['错误率', 'imagenet']],
      ['奶奶是几岁时候的照片？', []],
      ['What mIoU does DeepLab reach on PASCAL VOC?', ['miou']],
      ['What nDCG@10 does SPLADE++ reach on BEIR?', ['ndcg']],
      ['what about term frequency?', []],
      ['What is DPO?', []],
      // each side of "X vs Y" is a figure asked; a measure word after 多少 is what is counted, save the general 个
      ['how many actors vs learners does R2D2 use?', ['actors', 'learners']],
      ['ResNet 的作者尝试过多少层的网络？', ['层']],
      // what is counted may follow a modifier ending in 的
      ['W2NER 在多少个广泛使用的基准数据集上做了实验？', ['基准', '数据']],
      // a figure noun that ends a compound is asked; one that opens a name is not
      ['What F1-score does the tagger reach?', ['f1-score']],
      ['What award did the Score-Based Generative Modeling through SDEs paper receive at ICLR 2021?', []],
      // the figure noun heads its phrase: a symbol may follow it, another noun may not
      ['What reduction ratio r does GCNet use?', ['reduction ratio']],
      ['Which adaptive learning rate procedure improves the robustness of Downpour SGD?', []],
      // a Greek letter names a hyperparameter, in either language
      ['What clipping range ε does the GSPO paper use?', ['clipping range ε']],
      ['RLAIF 论文中 KL 惩罚项的系数 β 设成了多少？', ['β', '系数']],
      // a speed is a figure too, however it is asked
      ['What inference speed (FPS) does CornerNet reach according to the post?', ['inference speed']],
      ['What speedup over uncompressed graph processing does CompressGraph report?', ['speedup']],
      ['What latency does it get on one GPU?', ['latency']],
      // a metric at a cutoff is one noun
      ['STAMP 在 RSC15 数据集上的 P@20 是多少？', ['p@20']],
      // a figure word alone ("value") asks the figure of what follows its "of"
      ['Which value of the scaling factor eta did the curiosity paper use?', ['scaling factor eta']],
      ['What value of the KL coefficient β does KL-Cov use?', ['kl coefficient β']],
      // "百分之多少" asks a percentage of what comes before it
      ['DIN在线上A/B测试中，CTR相对提升了百分之多少？', ['ctr']],
      // two figures asked at once, each its own noun
      ['How many GPUs and training iterations were used to train Inductive Moment Matching?', ['gpus', 'training iterations']],
    ];
    for (const [question, nouns] of cases) assert.deepEqual(askedFigure(question), nouns, question);
  });

  it('reads past an opening acknowledgement or turn', () => {
    assert.equal(withoutOpening('lol ok. what does QLoRA quantize?'), 'what does QLoRA quantize?');
    assert.equal(withoutOpening('never mind. what is DPO?'), 'what is DPO?');
    assert.equal(withoutOpening('好的,那 DPO 呢?'), '那 DPO 呢?');
    assert.equal(withoutOpening('QLoRA, what is it?'), 'QLoRA, what is it?');
    assert.equal(questionKind("never mind. what's DPO?"), 'definition');
    assert.equal(definedTerm("never mind. what's DPO?"), 'dpo');
    // a mention or a greeting word with no mark after it
    assert.equal(withoutOpening('hey @bot what does FEDformer stand for?'), 'what does FEDformer stand for?');
    assert.equal(questionKind('@everyone what is DPO?'), 'definition');
  });

  it('finds a name spelt out by its initials, the last word ending the name ("Fourier Enhanced Decomposed Transformer")', () => {
    assert.ok(spellsOut('- Fourier Enhanced Decomposed Transformer', 'FEDformer'));
    assert.ok(spellsOut('GAN stands for Generative Adversarial Network.', 'GAN'));
    assert.ok(spellsOut('Bidirectional Encoder Representations from Transformers', 'BERT'));
    assert.ok(!spellsOut('Attention in frequency domain using FFT', 'FEDformer'));
  });

  it('tells a question about why the digest includes something', () => {
    for (const q of ['why did the author pick the pythia paper', '为什么作者还要收录它?', 'why is BloombergGPT on the list?'])
      assert.ok(asksWhyIncluded(q), q);
    for (const q of ['why is mixtral fast?', '为什么 DPO 更简单?', 'which papers did the author include?']) assert.ok(!asksWhyIncluded(q), q);
  });

  it('finds the count a sentence announces, in both languages', () => {
    assert.equal(announcedCount('任何事物分段模型 (SAM) 由三个主要组件组成,如上图所示。'), 3);
    assert.equal(announcedCount('简而言之,这是一个 4 步过程:'), 4);
    assert.equal(announcedCount('The Segment Anything Model consists of three main components.'), 3);
    assert.equal(announcedCount('Mistral 7B 论文由于篇幅太短。'), undefined);
    assert.ok(introducesList('以下是 Pythia 论文讨论的一些问题:'));
    assert.ok(!introducesList('QLoRA 代表量化 LoRA(低秩自适应)。'));
  });
});

describe('small talk and help', () => {
  for (const text of ['thanks', "thanks, that's helpful!", 'Thank you so much', '谢谢!', '好的', 'ok', 'cool', '明白了']) {
    it(`"${text}" is small talk`, () => assert.ok(isSmallTalk(text)));
  }
  for (const text of ['thanks, but what about QLoRA?', 'ok so how big is Mistral?', '谢谢,那 DPO 呢?', 'okay what is DPO']) {
    it(`"${text}" is a question, not small talk`, () => assert.ok(!isSmallTalk(text)));
  }
  for (const text of [
    'hi',
    'hi, what can you do?',
    'what is this bot about?',
    '你好',
    '你能做什么?',
    '你好,你能干啥?',
    '你会啥',
    '能问啥?',
    'help',
  ]) {
    it(`"${text}" asks for help`, () => assert.ok(isHelpRequest(text)));
  }
  for (const text of [
    'Who are you going to vote for?',
    'hi, what is QLoRA?',
    'what is this paper about?',
    '你会什么时候更新摘要?',
    'QLoRA 能干啥?',
  ]) {
    it(`"${text}" is not a request for help`, () => assert.ok(!isHelpRequest(text)));
  }
});

describe('the help reply', () => {
  it("suggests questions about the digests loaded, which it answers: the first paper's name and the list of papers", () => {
    const digest = path.join(tempDir('paperbot-help-'), 'gnn.md');
    fs.writeFileSync(digest, '# GNN notes\n\n## GIN\n\nGIN is as powerful as the WL test.\n\n## GraphSAGE\n\nGraphSAGE samples neighbours.\n');
    const own = loadCorpus(path.dirname(digest));
    const en = helpText(own.info, own.papers, 'en');
    const zh = helpText(own.info, own.papers, 'zh');
    assert.match(en, /Try “What is GIN\?”, “What papers does the digest cover\?”/u);
    assert.match(zh, /“GIN 是什么\?”、“这份摘要有哪些论文\?”/u);
    assert.doesNotMatch(en + zh, /QLoRA|ten papers/u);
    for (const suggested of ['What papers does the digest cover?', '这份摘要有哪些论文?']) assert.ok(readCatalogueQuestion(suggested));
  });

  it('names the first twelve papers of a corpus of many and says how many more, with the question that lists them all', () => {
    const digest = path.join(tempDir('paperbot-many-'), 'many.md');
    const names = Array.from({ length: 14 }, (_, i) => `Model${i + 1}X`);
    fs.writeFileSync(digest, ['# Many models', ...names.map((name) => `## ${name}\n\n${name} is a model.`)].join('\n\n'));
    const own = loadCorpus(path.dirname(digest));
    const en = shortNames(own.papers, 'en');
    assert.match(en, /^Model1X, Model2X, .*Model12X and 2 more \(ask “what are all the papers\?” for the list\)$/u);
    assert.ok(!en.includes('Model13X'));
    assert.match(shortNames(own.papers, 'zh'), /Model12X 等\(另有 2 篇,问“有哪些论文\?”可看全部\)$/u);
    for (const suggested of ['what are all the papers?', '有哪些论文?']) assert.ok(readCatalogueQuestion(suggested), suggested);
  });
});

describe('questions about the digest as a whole', () => {
  const entries = catalogueEntries(corpus.papers, corpus.passages);
  for (const question of [
    'What are the ten papers?',
    'which papers are in the digest?',
    '这份摘要有几篇论文?',
    '十篇论文是哪些?',
    'list all papers',
  ]) {
    it(`"${question}" asks for the whole list`, () => {
      const request = readCatalogueQuestion(question);
      assert.ok(request);
      assert.equal(request.topic, undefined);
    });
  }
  for (const [question, sections] of [
    ['Which papers are about fine-tuning?', [2, 3, 5, 7]],
    ['哪些论文跟微调有关?', [2, 3, 5, 7]],
    ['Which papers are about computer vision?', [8, 9, 10]],
    ['which papers come from Meta?', [2, 9, 10]],
    ['哪些论文来自 Meta?', [2, 9, 10]],
  ] as const) {
    it(`"${question}" lists sections ${sections.join(', ')}`, () => {
      const request = readCatalogueQuestion(question);
      assert.ok(request?.topic, 'a topic was read');
      assert.deepEqual(
        papersOnTopic(entries, request.topic).map((e) => e.paper.section),
        sections,
      );
    });
  }
  for (const question of [
    'What is the paper about?',
    'Pythia 论文是关于什么的?',
    'Which GPU is used for QLoRA?',
    'What papers does Sophia Yang recommend?',
    // "the paper on …" is one paper the question asks about
    'What new hybrid algorithm does the paper on online data and coverage for preference fine-tuning propose?',
  ]) {
    it(`"${question}" is about the content, not the catalogue`, () => {
      const request = readCatalogueQuestion(question);
      assert.ok(request === undefined || (request.topic !== undefined && papersOnTopic(entries, request.topic).length === 0));
    });
  }
  it('reads no topic out of a question about one paper ("the … paper from Renmin, which quantization methods …?")', () => {
    assert.equal(readCatalogueQuestion('For the semantic codes paper from Renmin, which quantization methods produce the semantic code?'), undefined);
  });
  it('carries §10 as both the paper its heading names and the one its text is about', () => {
    const emu = corpus.papers[9]!;
    assert.equal(emu.arxivId, '2304.08818');
    assert.deepEqual(
      emu.discusses.map((d) => [d.arxivId, d.textIsAbout]),
      [['2311.10709', true]],
    );
  });
});

describe('names in questions', () => {
  const lexicon = Lexicon.load(testConfig().lexiconFile);
  const names = new NameChecker(corpus, lexicon.ordinaryWords(), (word) => lexicon.has(word));
  it('knows the acronyms the digest spells out, and only those', () => {
    for (const term of ['ViT', 'RLHF', 'PPO', 'MoE']) assert.ok(names.spellsOut(term), term);
    for (const term of ['LSTM', 'RAG', 'GPU']) assert.ok(!names.spellsOut(term), term);
  });
  for (const [question, fixed] of [
    ['mixtrall', 'mixtral'],
    ['how much memory does qlroa need?', 'qlora'],
    ['what is zephry built on?', 'zephyr'],
    ['pythya 发布了多少模型?', 'pythia'],
    ['segment anythin', 'anything'],
    ['lamma 2 能商用吗', 'llama 2'],
  ] as const) {
    it(`corrects "${question}" to the digest's "${fixed}"`, () => {
      const checked = names.check(question);
      assert.ok(checked.question.toLowerCase().includes(fixed), checked.question);
      assert.deepEqual(checked.unknown, []);
    });
  }
  /** The names a Markdown digest of this text makes known. */
  const namesOfDigest = (markdown: string, dictionary?: Lexicon) => {
    const dir = tempDir('paperbot-corpus-');
    fs.writeFileSync(path.join(dir, 'notes.md'), markdown);
    return dictionary
      ? new NameChecker(loadCorpus(dir), dictionary.ordinaryWords(), (word) => dictionary.has(word))
      : new NameChecker(loadCorpus(dir));
  };
  it('takes a known name with a lower-case word hyphenated to it ("L2RPN-style") for that name, and a capitalised or versioned one for another', () => {
    const notes = namesOfDigest(
      '# RL competitions\n\n## Learning To Run a Power Network Challenge\n\nL2RPN runs on Grid2Op. Before this NeurIPS competition, similar competitions were held in IJCNN 2019 and WCCI 2020.\n',
      lexicon,
    );
    assert.deepEqual(notes.check('where were the earlier L2RPN-style competitions held?').unknown, []);
    assert.deepEqual(notes.check('where were the earlier L2RPN-Max competitions held?').unknown, ['L2RPN-Max']);
  });
  it("takes a capitalised word written only inside a title for the title's word, not a name", () => {
    const notes = namesOfDigest(
      '# 阅读笔记\n\n## 1. Open-Vocabulary Object Detection with Vision Transformers\n\n论文《Open-Vocabulary Object Detection with Vision Transformers》用 OWL-ViT 做开放词汇检测。作者来自 Google。\n\n## 2. Segment Anything\n\nSAM 能分割任何物体。\n',
    );
    assert.ok(!notes.modelNames.has('object') && !notes.modelNames.has('vision'), [...notes.modelNames].join(' '));
    assert.ok(notes.modelNames.has('owl-vit') && notes.modelNames.has('google') && notes.modelNames.has('sam'));
  });
  it('takes a capital that only opens a line or a sentence for no name ("Training language models…")', () => {
    const notes = namesOfDigest(
      '# 阅读笔记\n\n## 1. InstructGPT\n\nTraining language models to follow instructions 是它的论文。作者来自 OpenAI,Performer 不在其中。\n',
    );
    assert.ok(!notes.modelNames.has('training'), [...notes.modelNames].join(' '));
    assert.ok(notes.modelNames.has('performer') && notes.modelNames.has('openai'), [...notes.modelNames].join(' '));
  });
  it('takes a common word labelling a field ("Method: A-MPC + DQN", a table column) for no name, one written mid-sentence for one', () => {
    const notes = namesOfDigest(
      '# Notes\n\n## 1. Mobile Robot Control\n\n| Paper | Method | Setting |\n|---|---|---|\n| 15 | A-MPC + DQN | ground robot |\n\nIt combines adaptive MPC with Deep RL (DQN), unlike the Performer baseline.\n',
      lexicon,
    );
    assert.ok(!notes.modelNames.has('method') && !notes.modelNames.has('setting'), [...notes.modelNames].join(' '));
    assert.ok(notes.modelNames.has('performer') && notes.modelNames.has('dqn'), [...notes.modelNames].join(' '));
  });
  it('takes a common word capitalised once in passing ("German translator") for no sign that a question is about the digest', () => {
    const notes = namesOfDigest(
      '# Agents\n\n## 1. GAIA\n\nLevel 1 questions need at most one tool, such as a Tetris rules database, a German translator or a Spell checker.\n\nThe model named Grok comes from xAI. The Spell tool helps too.\n',
      lexicon,
    );
    assert.ok(notes.modelNames.has('german'), [...notes.modelNames].join(' '));
    assert.ok(!notes.recurringNames.has('german'), [...notes.recurringNames].join(' '));
    for (const name of ['grok', 'tetris', 'xai', 'spell'])
      assert.ok(notes.recurringNames.has(name), `${name}: ${[...notes.recurringNames].join(' ')}`);
  });
  it('takes a capitalised function word or word of talking to the bot for no name ("…the Answer, What is the Question?")', () => {
    const notes = namesOfDigest(
      '# RL Weekly\n\n## 1. SOP\n\nMore news: If MaxEnt RL is the Answer, What is the Question? An analysis by Eysenbach.\n',
    );
    assert.ok(!['if', 'what', 'answer', 'question'].some((word) => notes.modelNames.has(word)), [...notes.modelNames].join(' '));
    assert.ok(notes.modelNames.has('maxent') && notes.modelNames.has('eysenbach'), [...notes.modelNames].join(' '));
  });
  it('takes a word put in capitals once for emphasis for no name ("really, **REALLY** important"), an acronym written so again for one', () => {
    const notes = namesOfDigest(
      '# Papers I read\n\n## 1. VAE\n\nIt is really, **REALLY** important that you understand the ELBO. The ELBO is a bound.\n\n## 2. CLIP\n\nCLIP learns to clip nothing: CLIP aligns images and text.\n',
    );
    assert.ok(!notes.modelNames.has('really'), [...notes.modelNames].join(' '));
    assert.ok(notes.modelNames.has('elbo') && notes.modelNames.has('clip'), [...notes.modelNames].join(' '));
  });
  it('takes a function word written in capitals (a title in capitals) for no name, and an acronym for one', () => {
    const notes = namesOfDigest(
      '# 笔记\n\n## 论文1：PHYSICS-AWARE DIFFERENCE GRAPH NETWORKS FOR SPARSELY-OBSERVED DYNAMICS\n\n用 PDE 建模 FOR 循环之外的动力学。\n',
    );
    assert.ok(!notes.modelNames.has('for'), [...notes.modelNames].join(' '));
    assert.ok(notes.modelNames.has('pde'), [...notes.modelNames].join(' '));
  });
  it('knows the initials of a name the digest writes out ("GNN" for "Graph Neural Network"), not any capitals', () => {
    const notes = namesOfDigest('# 笔记\n\n## 1. Text Level Graph Neural Network for Text Classification\n\n每个词是图上的一个节点。\n');
    assert.deepEqual(notes.check('Text Level GNN 里的边表示什么?').unknown, []);
    assert.deepEqual(notes.check('GAT 里的边表示什么?').unknown, ['GAT']);
  });
  it('knows an acronym of the start of one paper\'s title that the digest never writes ("VAR"), unless the question spells it out otherwise or two titles share the words', () => {
    const notes = namesOfDigest(
      [
        '# NeurIPS picks',
        '## Visual Autoregressive Modeling: Scalable Image Generation',
        'The authors predict the next resolution.',
        '## Dynamic Planning in Open-Ended Dialogue',
        'An agent plans a conversation.',
        '## Dual Attention Network for Scene Segmentation',
        'Position and channel attention modules.',
        '## ConvNets Match Vision Transformers at Scale',
        'Convolutions scale too.',
        '## Unified Off-Policy Learning to Rank',
        'Ranking as an RL problem.',
        '## Learning to Rank in Generative Retrieval',
        'A rank loss for generative retrieval.',
      ].join('\n\n'),
    );
    const unknown = (question: string) => notes.check(question).unknown;
    assert.deepEqual(unknown('Which two parts does the VAR architecture combine?'), []);
    assert.deepEqual(unknown('What does the DANet position module add?'), [], 'capitals and a small ending: D, A and Net of Network');
    assert.deepEqual(unknown('Which corpus did DPO plan over?'), []);
    assert.ok(unknown('How does Direct Preference Optimization (DPO) avoid a reward model?').includes('DPO'));
    // Only the last word abbreviated gives more than its first letter: "CSV" is not "ConvNets … Vision".
    assert.ok(unknown('how do I turn Excel into CSV?').includes('CSV'));
    assert.deepEqual(unknown('what does the LTR loss optimise?'), ['LTR']);
  });
  it('takes a capital opening what follows a colon for no name ("Performance Gains: According to…")', () => {
    const notes = namesOfDigest('# Picks\n\n## 1. VAR\n\n- **Performance Gains:** According to the authors, VAR beats diffusion.\n');
    assert.ok(!notes.modelNames.has('according'), [...notes.modelNames].join(' '));
    assert.ok(notes.modelNames.has('var'), [...notes.modelNames].join(' '));
  });
  it('takes an acronym in the plural ("GPUs") for a kind of thing, not a name, and the singular for one', () => {
    const notes = namesOfDigest('## 1. LARS\n\nTraining time: 11 minutes (8× Tesla P40).\n\n## 2. LAMB\n\nBERT in 76 minutes.\n');
    assert.deepEqual(notes.check('how long did training take and on what GPUs?').unknown, []);
    assert.deepEqual(notes.check('how long did training take and on what TPU?').unknown, ['TPU']);
  });

  it('takes two characters with a digit for a name ("T5"), and no word glued to a figure ("3x3")', () => {
    const notes = namesOfDigest('# 笔记\n\n## 1. BART\n\nBART 把文本加噪再还原，用 3 层解码器。\n');
    assert.deepEqual(notes.check('T5 模型采用了什么预训练目标？').unknown, ['T5']);
    assert.deepEqual(notes.check('BART 为啥用两个3x3卷积？').unknown, []);
  });
  it('takes a compound with every part capitalised for a name ("Step-Back"), one with a lower-case part for joined words', () => {
    const notes = namesOfDigest('# 笔记\n\n## 1. HyDE\n\nTake a step back and match the documents with vision models.\n');
    assert.ok(notes.check('文章里 Step-Back Prompting 的 prompt 是怎么写的？').unknown.includes('Step-Back'));
    assert.deepEqual(notes.check('what does HyDE match-documents-with-vision mean?').unknown, []);
  });
  it('knows the names a sub-heading writes ("### Barber, D., & Bishop, C. M. (1998)" under a paper)', () => {
    const notes = namesOfDigest(
      '# BNN\n\n## 05. Ensemble Learning in Bayesian Neural Networks\n\n### Barber, D., & Bishop, C. M. (1998)\n\n- use a full covariance\n',
    );
    assert.deepEqual(notes.check('Barber & Bishop 那篇用什么协方差？').unknown, []);
  });
  it('knows a name written with a space where the question has a hyphen ("top-5"), and a metric\'s mean ("mIoU" for "mean IOU")', () => {
    const notes = namesOfDigest('# Segmentation\n\n## 1. FCN\n\nFCN reaches a top 5 error of 6.7% and a mean IOU of 62.2 on VOC2012.\n');
    assert.deepEqual(notes.check('What top-5 error did FCN reach?').unknown, []);
    assert.deepEqual(notes.check('What mIoU did FCN reach on VOC2012?').unknown, []);
    assert.deepEqual(notes.check('What mAcc did FCN reach on VOC2012?').unknown, ['mAcc']);
  });
  it('compares a question\'s name with a digest\'s name that holds pattern marks ("SVD++") without failing', () => {
    const notes = namesOfDigest('# 推荐\n\n## 1. Recurrent Recommender Networks\n\nRRN outperformed methods such as SVD++ on Netflix.\n');
    // A word near no name, with a version: every name of the digest is tried with that version.
    assert.deepEqual(notes.check('What is Blorfy 2?').unknown, ['Blorfy']);
  });
  it('reads an author with a year as a citation, not as a version of a name the digest knows ("Lin 2016")', () => {
    const notes = namesOfDigest(
      '# 关系抽取\n\n## 1. Neural Relation Extraction with Selective Attention over Instances\n\nLin 提出了句子级注意力，Lin 用双线性函数给句子打分。\n',
    );
    assert.deepEqual(notes.check('Lin 2016 的 Selective Attention 里打分函数是什么形式？').unknown, []);
  });
  it('does not turn an ordinary word into a name ("python" is not a typo of "Pythia")', () => {
    const checked = names.check('how do i reverse a linked list in python');
    assert.deepEqual(checked.corrections, []);
  });
  it('does not correct a word of the dictionary to a word of the digest ("Transformer" is no typo of "transforms")', () => {
    const notes = namesOfDigest('# CV\n\n## 1. RAFT: Recurrent All-Pairs Field Transforms for Optical Flow\n\nRAFT transforms features.\n', lexicon);
    assert.deepEqual(notes.check('What did the Swin Transformer paper propose?').corrections, []);
  });

  for (const [question, unknown] of [
    ['What is Llama 3?', 'Llama 3'],
    ['Llama 3 有多少参数?', 'Llama 3'],
    ['what architecture does Stable Diffusion 3 use', 'Stable Diffusion 3'],
    ['LLaVA 是怎么把视觉编码器接到语言模型上的?', 'LLaVA'],
    ['Tell me about Mamba', 'Mamba'],
    ['How does Gemma compare with Mistral?', 'Gemma'],
    ['What is new in GPT-5?', 'GPT-5'],
    ['Summarise a 2024 paper on state space models', '2024'],
    ['RWKV 是什么?', 'RWKV'],
    ['Mamba 是什么?', 'Mamba'], // capitalised: a name even where the dictionary has the word (a snake)
    ['sora 是什么?', 'sora'], // lower case but no English word
  ] as const) {
    it(`reports "${unknown}" in "${question}" as a name the digest does not discuss`, () => {
      assert.ok(names.check(question).unknown.includes(unknown), JSON.stringify(names.check(question)));
    });
  }
  for (const question of [
    'What does the digest say about Gemini?',
    'How many parameters does GPT-4 reportedly have?',
    'Is Llama 2 open source?',
    'phi-1.5 有多少参数?',
    'What did Mistral 7B beat Llama 2 13B on?',
    'What dataset were the ConvNets pretrained on?',
    'Why is DPO simpler than RLHF?',
    'What is bloomberg gpt?',
    'phi2 params?',
    'How was Llama 1 trained?', // the first of a series the digest names bare ("the first Llama paper")
    'Was LLaMA-1 open?',
    'QLoRA 和 distillation 有什么关系?', // a lower-case English word in a Chinese question is a word, not a name
    'weight-pruning 对 Mixtral 有用吗?',
    'QLoRA 在 ImageNet 上提升了多少个点啊，thx', // how people write on a chat
    'what is DPO? lol pls explain',
  ]) {
    it(`knows every name in "${question}"`, () => assert.deepEqual(names.check(question).unknown, []));
  }
});

describe('the cues of a sentence', () => {
  const input = { kind: 'who', subjects: [], knownNames: new Set(), subjectSections: new Set(), candidates: [] } as unknown as SelectInput;
  const sentence = (text: string, section = 1) =>
    ({ text, role: 'body', similarity: 0.5, coverage: 0, rank: 0, passage: { digest: 'd', section } }) as unknown as Candidate;
  const cues = (text: string, selectInput: SelectInput = input) => sentenceFeatures(selectInput, sentence(text));
  it('reads no figure in a name that carries a version or a year, however written, and a figure outside one', () => {
    for (const text of ['Llama 2 and GPT-4', 'phi-2 and Mistral-7B', 'QR-DQN [@Dabney2017]', 'ResNet50 on A100 GPUs', 'MoCo v2']) {
      assert.doesNotMatch(withoutVersions(text), /\d/u, text);
    }
    assert.match(withoutVersions('took 100 GPUs on 2 trillion tokens'), /100.*2/u);
    // A percentage is a figure even after a capitalised word opening a note ("- Achieves 79.7% mean IOU").
    assert.match(withoutVersions('Achieves 79.7% mean IOU'), /79\.7%/u);
  });

  it('takes a sentence announcing a count and its list for a whole answer to a question asking that count', () => {
    const announcing = (kind: SelectInput['kind']) => cues('简而言之,这是一个 4 步过程:', { ...input, kind }).fragment;
    assert.equal(announcing('quantity'), 0);
    assert.equal(announcing('list'), 0);
    assert.equal(announcing('other'), 1);
  });

  it('takes a company, a lab or a team as the maker a who-question asks for, in either language', () => {
    for (const text of [
      "It's a model from the Israeli tech company AI21 Labs.",
      '该模型来自一家以色列公司。',
      'The team at DeepMind trained it.',
      'Authors: Jang Hyun Cho, Bharath Hariharan Conference: ICCV 2019',
      '作者：张三、李四',
      'Kosec, Fu, and Krell — the authors of this paper want to reduce this barrier.',
      '本文的作者是张三和李四。',
      '这是 DeepMind 今年放在 arXiv 上的一篇文章。',
    ]) {
      assert.equal(cues(text).maker, 1, text);
    }
    assert.equal(cues("I wasn't sure whether or not to include Jurassic-1.").maker, 0);
    assert.equal(cues('作者认为回归问题的解空间过大。').maker, 0, 'what the authors think names no maker');
    assert.equal(cues('The authors are doing a great job.').maker, 0, 'praise of the authors names none');
  });

  it('takes a name the question does not give as the answer to a which-question, and only to one', () => {
    const which = { ...input, kind: 'other', subjects: ['text2mol'], knownNames: new Set(['text2mol', 'scibert']), asksName: true } as SelectInput;
    const answerName = (selectInput: SelectInput, text: string) => cues(text, selectInput).answerName;
    assert.equal(answerName(which, '分子和文本分别有一个encoder，文本的用SciBERT。'), 1);
    assert.equal(answerName(which, 'Text2Mol 还有一个 transformer decoder。'), 0, 'the name asked about answers nothing');
    assert.equal(answerName({ ...which, asksName: false }, '文本的用SciBERT。'), 0, 'nor a name where none is asked for');
  });

  it('reads a sentence introducing a list as unfinished, except for a question asking for the list', () => {
    const intro = 'The supervised tasks it handles include:';
    assert.equal(cues(intro, { ...input, kind: 'list' }).fragment, 0);
    assert.equal(cues(intro, { ...input, kind: 'other' }).fragment, 1);
  });

  it("marks a sentence of the asked paper's own section, not the same fact in a summary", () => {
    const asked = { ...input, kind: 'other', subjects: ['adacot'], subjectSections: new Set(['d:2']) } as unknown as SelectInput;
    const inSection = (section: number) => sentenceFeatures(asked, sentence('AdaCoT 用 PPO 优化帕累托目标。', section)).subjectSection;
    assert.equal(inSection(2), 1);
    assert.equal(inSection(5), 0);
  });
});

describe('choosing the sentences', () => {
  const passage = (section: number) =>
    ({
      id: `d:${section}.1`,
      digest: 'd',
      section,
      sectionTitle: `S${section}`,
      text: '',
      lines: [],
      language: 'en',
    }) as unknown as Candidate['passage'];
  const candidate = (p: Candidate['passage'], index: number, text: string, similarity: number, extra: Partial<Candidate> = {}): Candidate => ({
    passage: p,
    rank: 0,
    text,
    role: 'body',
    lineIndex: index,
    position: 0,
    ofLine: 1,
    index,
    similarity,
    coverage: 0,
    matched: [],
    ...extra,
  });
  const input = (kind: SelectInput['kind'], candidates: Candidate[]): SelectInput => ({
    kind,
    subjects: [],
    knownNames: new Set(),
    subjectSections: new Set(),
    candidates,
    following: (c) => candidates.filter((other) => other.passage === c.passage && other.index > c.index),
  });

  it('answers a list question with the sentence introducing the list and its items, when one item looks most like the question', () => {
    const p = passage(8);
    const items = ['Multi-query attention.', 'SwiGLU activations, rather than GELU.', 'RoPE embeddings.'];
    const candidates = [
      candidate(p, 0, 'PaLM is a large model.', 0.6),
      candidate(p, 1, 'Changes from GPT-3:', 0.66),
      ...items.map((text, i) => candidate(p, 2 + i, text, i === 1 ? 0.75 : 0.6, { role: 'item' })),
    ];
    assert.deepEqual(
      selectQuotes(input('list', candidates)).map((q) => q.text),
      ['Changes from GPT-3:', ...items],
    );
  });

  it('opens on an item that introduces a list of its own, with its items, not on the sentence introducing the outer list', () => {
    const p = passage(3);
    const candidates = [
      candidate(p, 0, 'The core architecture consists of three main components:', 0.6),
      candidate(p, 1, 'Planner: The system entry point.', 0.6, { role: 'item' }),
      candidate(p, 2, 'Code Interpreter (CI): Contains two sub-components:', 0.8, { role: 'item' }),
      candidate(p, 3, 'Code Generator (CG): Generates code for subtasks.', 0.5, { role: 'item' }),
      candidate(p, 4, 'Code Executor (CE): Executes the generated code.', 0.5, { role: 'item' }),
    ];
    const quoted = selectQuotes(input('list', candidates)).map((q) => q.text);
    assert.deepEqual(quoted.slice(0, 3), [
      'Code Interpreter (CI): Contains two sub-components:',
      'Code Generator (CG): Generates code for subtasks.',
      'Code Executor (CE): Executes the generated code.',
    ]);
  });

  it('shows the item that looks most like the question among the items of its list, in place of the last ones where the room ran out before it', () => {
    const p = passage(1);
    const long = (label: string) => `${label}: ${'the model does well on this, as the authors report at length; '.repeat(3)}`;
    const items = [long('Multi-scale Prediction'), long('Image Editing'), long('Performance Gains'), long('Scaling Laws')];
    const answering = 'Architecture: It combines a GPT-2-like transformer with a multi-scale VQVAE.';
    const candidates = [
      candidate(p, 0, 'Key highlights include:', 0.6),
      ...items.map((text, i) => candidate(p, 1 + i, text, 0.6, { role: 'item' })),
      candidate(p, 5, answering, 0.8, { role: 'item' }),
    ];
    const quoted = selectQuotes(input('list', candidates)).map((q) => q.text);
    assert.equal(quoted[0], 'Key highlights include:');
    assert.equal(quoted.at(-1), answering);
    assert.ok(quoted.length >= 3, quoted.join(' | '));
  });

  it('brings the formula a sentence explaining it points back to, from the passage before, and no prose or link line before it', () => {
    const [first, second] = [passage(4), passage(4)];
    const formula = candidate(first, 0, '$$R = -a \\cdot e^H + b$$', 0.3, { role: 'caption' });
    const where = candidate(second, 0, '其中 R 是下游性能，H 是策略熵。', 0.8);
    const withFormula = { ...input('definition', [where]), preceding: () => formula };
    assert.deepEqual(
      selectQuotes(withFormula).map((q) => q.text),
      ['$$R = -a \\cdot e^H + b$$', '其中 R 是下游性能，H 是策略熵。'],
    );
    const prose = candidate(first, 0, 'The loss is computed per frame:', 0.3);
    const link = candidate(first, 0, 'https://arxiv.org/pdf/2402.14740v2', 0.3, { role: 'caption' });
    for (const before of [prose, link]) {
      assert.deepEqual(
        selectQuotes({ ...withFormula, preceding: () => before }).map((q) => q.text),
        ['其中 R 是下游性能，H 是策略熵。'],
        before.text,
      );
    }
  });

  it('brings the table or list a sentence ending in a colon introduces, whatever colon it has before ("…显示: …，见下表:")', () => {
    const p = passage(3);
    const candidates = [
      candidate(p, 0, '消融实验显示: 取一个接近于1的值（如0.999）效果才好，见下表:', 0.8),
      candidate(p, 1, 'momentum: accuracy (%), 0.99: 57.8, 0.999: 59.0', 0.1, { role: 'item' }),
      candidate(p, 2, 'MoCo 使用了 InfoNCE Loss。', 0.1),
    ];
    assert.deepEqual(
      selectQuotes(input('quantity', candidates)).map((q) => q.text),
      candidates.slice(0, 2).map((c) => c.text),
    );
  });

  it('brings the later items of an enumeration the answer starts inline ("两个点：一是…。二是…。"), not the sentences between', () => {
    const p = passage(8);
    const candidates = [
      candidate(p, 0, '这篇论文需要注意两个点：一是怎样引入时序信息的方法，很值得借鉴。', 0.8),
      candidate(p, 1, '这个方法后来被很多论文沿用。', 0.3),
      candidate(p, 2, '二是梯度引导法是首次被提出。', 0.4),
      candidate(p, 3, '此外，谷歌也发布了模型。', 0.3),
      candidate(p, 4, '事实证明，谷歌出品必属精品。', 0.3),
      candidate(p, 5, '视频生成从此流行起来。', 0.3),
      candidate(p, 6, '最后，我们来看下一篇。', 0.3),
    ];
    assert.deepEqual(
      selectQuotes(input('list', candidates)).map((q) => q.text),
      [candidates[0]!.text, candidates[2]!.text],
      'what comes after the last item is no item, however it opens',
    );
    const english = [
      candidate(p, 0, 'The method has two parts. First, it clusters the frames.', 0.8),
      candidate(p, 1, 'Second, it labels each cluster.', 0.4),
    ];
    assert.deepEqual(
      selectQuotes(input('other', english)).map((q) => q.text),
      english.map((c) => c.text),
    );
  });

  it('brings the sentence after the opening that points back to it, where there is room', () => {
    const p = passage(2);
    const candidates = [
      candidate(p, 0, 'They introduce network dissection, a framework that finds units tied to concepts.', 0.8),
      candidate(p, 1, 'This technique is applied to a VGG-16 scene classifier and a GAN.', 0.5),
      candidate(p, 2, 'Layers differ.', 0.5),
    ];
    assert.deepEqual(
      selectQuotes(input('other', candidates)).map((q) => q.text),
      candidates.slice(0, 2).map((c) => c.text),
    );
  });

  it('quotes the digest’s own question with the answer after it, in the next paragraph where the question stands alone', () => {
    const [question, answer] = [passage(2), { ...passage(2), id: 'd:2.2' }];
    const candidates = [
      candidate(question, 0, 'Why mask the singular values rather than delete them?', 0.85, { coverage: 0.3 }),
      candidate(answer, 0, 'A value that looks unimportant early on may turn out to matter later in training.', 0.49),
      candidate(answer, 1, 'So the paper keeps the vectors.', 0.3),
    ];
    const sectionInput = { ...input('why', candidates), following: (c: Candidate) => candidates.slice(candidates.indexOf(c) + 1) };
    assert.deepEqual(
      selectQuotes(sectionInput).map((q) => q.text),
      candidates.slice(0, 2).map((c) => c.text),
    );
  });

  it('adds sentences of the same section further behind than one of another section may be, those stating asked words the first lacks first', () => {
    const [p, other] = [passage(2), passage(3)];
    const candidates = [
      candidate(p, 0, 'GPT-2 is where models start to get big.', 0.8, { matched: ['big'] }),
      candidate(p, 3, 'The model is big too.', 0.7, { matched: ['big'] }),
      candidate(p, 4, 'It has 1.5B parameters.', 0.69, { matched: ['big'] }),
      candidate(other, 0, 'Its dataset is described elsewhere.', 0.7, { matched: ['dataset'] }),
      candidate(p, 1, 'The dataset is much bigger: 40GB of WebText.', 0.65, { matched: ['dataset'] }),
      candidate(p, 2, 'Far behind.', 0.5, { matched: ['dataset'] }),
    ];
    assert.deepEqual(
      selectQuotes(input('other', candidates)).map((q) => q.text),
      ['GPT-2 is where models start to get big.', 'The dataset is much bigger: 40GB of WebText.', 'The model is big too.'],
    );
  });
});

describe('a question asking where a paper is', () => {
  for (const question of [
    'QLoRA 论文链接?',
    'Llama 2 论文的 arXiv 编号是多少？',
    'link to the DPO paper pls',
    'where can I read the Orca 2 paper?',
    'DPO paper url?',
  ]) {
    it(`"${question}" asks for the link`, () => assert.equal(asksForLink(question), true));
  }
  for (const question of ['Mistral 用磁力链接发布了什么?', 'what does DPO link to RLHF?', 'how did they share Mixtral? a torrent link?']) {
    it(`"${question}" does not`, () => assert.equal(asksForLink(question), false));
  }
});

describe('the questions of one message', () => {
  for (const [message, questions] of [
    ['Llama 2 能商用吗？参数范围多大？', ['Llama 2 能商用吗？', '参数范围多大？']],
    [
      'Which lab put out the guided-diffusion codebase, and why does the blogger recommend building on it?',
      ['Which lab put out the guided-diffusion codebase', 'why does the blogger recommend building on it?'],
    ],
    ['有人知道 CFG 那篇最后发在哪儿吗，另外原来的分类器引导有啥毛病？', ['有人知道 CFG 那篇最后发在哪儿吗', '原来的分类器引导有啥毛病？']],
    ['What do DPO and RLHF have in common, and is it cheaper?', ['What do DPO and RLHF have in common', 'is it cheaper?']],
    ['How do SAM and Emu Video differ?', ['How do SAM and Emu Video differ?']], // "and" inside one question
    ['真的吗? QLoRA 需要多少显存?', ['QLoRA 需要多少显存?']], // an interjection is no question of its own
  ] as const) {
    it(`"${message}" asks ${questions.length}`, () => assert.deepEqual(subQuestions(message), questions));
  }
});

describe('the passage a later question of a message is answered from', () => {
  const quote = (ordinal: number, text: string) => ({
    passage: { id: `d:1.${ordinal}`, digest: 'd', section: 1, sectionTitle: 'DAT', text, lines: [] },
    text,
  });
  const topic = quote(1, '本文将 DAT 的概念和自监督结合，提出使用 DAT 继续训练自监督模型。');
  const figure = quote(2, '采用预训练的 HuBERT 作为基本模型，首先训练了 60 epoch。');
  const epochs = { nouns: ['epoch'], unrendered: false, gives: (passage: { text: string }) => /\d+ epoch/u.test(passage.text) };
  it('is the best quote giving the figure it asks, past one that only names the topic', () => {
    assert.equal(leadQuote([topic, figure], epochs), figure);
  });
  it('is the best quote where it asks no figure, or none gives it', () => {
    assert.equal(leadQuote([topic, figure], undefined), topic);
    assert.equal(leadQuote([topic], epochs), topic);
  });
});

describe('the yardstick of a comparison is not what is asked about', () => {
  for (const [question, name, reference] of [
    ['Can you list the architecture changes PaLM made relative to GPT-3?', 'gpt-3', true],
    ['Can you list the architecture changes PaLM made relative to GPT-3?', 'palm', false],
    ['How much more data did Chinchilla use than Gopher?', 'gopher', true],
    ['Gopher 用的数据集跟 GPT-3 的训练文本比起来差多少？', 'gpt-3', true],
    ['DPO 和 RLHF 分别是什么？', 'rlhf', false], // "和" joins two things asked about
    ['比起 Llama 2，Mistral 7B 强在哪？', 'llama 2', true],
    // one word may qualify the yardstick
    ['does DoRA make inference slower than plain LoRA?', 'lora', true],
    ['does DoRA make inference slower than plain LoRA?', 'dora', false],
  ] as const) {
    it(`${reference ? 'takes' : 'does not take'} "${name}" in "${question}" as the yardstick`, () =>
      assert.equal(isReference(question, name), reference));
  }
});

describe('follow-up decision', () => {
  const standalone = { namesPaper: false, hasSpecificTerm: true };
  const generic = { namesPaper: false, hasSpecificTerm: false };
  const named = { namesPaper: true, hasSpecificTerm: true };
  for (const question of [
    '它发布了多少个模型?',
    'How big are its models?',
    'and the memory?',
    '那显存呢?',
    'what about the dataset?',
    'Why is it so good?',
  ]) {
    it(`"${question}" points back to the previous turn`, () =>
      assert.equal(continuesPrevious(question, question.includes('dataset') ? standalone : generic), 'points-back'));
  }
  it('a generic question with no topic of its own may continue, once the digest is seen to cover it ("how many parameters?")', () => {
    assert.equal(continuesPrevious('how many parameters?', generic), 'generic');
    assert.equal(continuesPrevious('今天深圳天气怎么样?', generic), 'generic');
  });
  it('a question with a specific term of its own starts fresh ("what is sliding window attention?")', () => {
    assert.ok(!continuesPrevious('what is sliding window attention?', standalone));
  });
  it('a question naming a paper starts fresh', () => {
    assert.ok(!continuesPrevious('What is DPO?', named));
    assert.ok(!continuesPrevious('那 QLoRA 呢?', named));
  });
});

describe('composeAnswer', () => {
  const passage = (language: 'zh' | 'en', text: string, translation?: string): Passage => ({
    digest: 'd',
    section: 1,
    id: 'd:1.1',
    sectionTitle: 'DPO',
    text,
    lines: [{ text, role: 'body', line: 3, ...(translation ? { translation } : {}) }],
    language,
    ...(translation ? { translation } : {}),
  });
  const answer = (p: Passage, language: 'zh' | 'en') =>
    composeAnswer({
      question: 'q',
      language,
      quotes: [{ passage: p, text: p.text, ...(p.translation ? { translation: p.translation } : {}) }],
      hits: [],
      paperOf: () => undefined,
    }).answer;

  it('quotes a digest in the reader language as written, and in the other its rendering, said to be translated', () => {
    const english = passage('en', 'DPO skips the reward model.', 'DPO 跳过了奖励模型。');
    assert.equal(answer(english, 'en'), 'According to the digest (§1 DPO): DPO skips the reward model. [1]');
    assert.equal(answer(english, 'zh'), '根据摘要(§1 DPO),译自英文:DPO 跳过了奖励模型。 [1]');
    const chinese = passage('zh', 'DPO 跳过了奖励模型。', 'DPO skips the reward model.');
    assert.equal(answer(chinese, 'en'), 'From the digest (§1 DPO), translated from the Chinese: DPO skips the reward model. [1]');
  });

  it('without a rendering, quotes the digest as written and says in which language', () => {
    assert.equal(answer(passage('en', 'DPO skips the reward model.'), 'zh'), '根据摘要(§1 DPO),原文为英文:DPO skips the reward model. [1]');
    assert.equal(
      answer(passage('zh', 'DPO 跳过了奖励模型。'), 'en'),
      'According to the digest (§1 DPO), quoted as written: DPO 跳过了奖励模型。 [1]',
    );
  });

  it('quoting two digests, shows each quote in the reader language where it can and says that part is translated', () => {
    const english = passage('en', 'DPO skips the reward model.');
    const chinese = { ...passage('zh', 'DPO 只需要一个分类目标。', 'DPO needs only a classification objective.'), id: 'c:1.1', digest: 'c' };
    const quotes = [english, chinese].map((p) => ({ passage: p, text: p.text, ...(p.translation ? { translation: p.translation } : {}) }));
    assert.equal(
      composeAnswer({ question: 'q', language: 'en', quotes, hits: [], paperOf: () => undefined }).answer,
      'According to the digest (§1 DPO), partly translated from the Chinese: DPO skips the reward model. [1] DPO needs only a classification objective. [2]',
    );
  });
});
