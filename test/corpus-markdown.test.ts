/**
 * Digests as groups publish them: Markdown read by mdast (each construct below), which headings are papers, and a
 * corpus folder mixing Markdown, text and files that cannot be read.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { headingNames, loadCorpus } from '../src/corpus/load.ts';
import { parseMarkdownDigest } from '../src/corpus/markdown.ts';
import { detectLanguage } from '../src/corpus/sections.ts';
import { tempDir } from './support/core.ts';

const headings = (markdown: string) => parseMarkdownDigest('d', markdown).sections.map((s) => `${s.isPaper ? '§' : '·'}${s.section} ${s.heading}`);
/** Only the papers' headings, "§n heading". */
const paperHeadings = (markdown: string) => headings(markdown).filter((heading) => heading.startsWith('§'));
const texts = (markdown: string) => parseMarkdownDigest('d', markdown).sections.flatMap((s) => s.passages.map((p) => p.text));
/** The lines of the first section, each with its role. */
const linesOf = (markdown: string) => parseMarkdownDigest('d', markdown).sections[0]!.passages.flatMap((p) => p.lines.map((l) => [l.text, l.role]));

describe('a Markdown digest', () => {
  it('takes the title from front matter, else from a first heading above all others', () => {
    const front = '---\nlayout: page\ntitle: Five years of progress\n---\n\nIntro text here.\n\n# GPT\n\nGPT came first.\n\n# GPT-2\n\nThen GPT-2.\n';
    assert.equal(parseMarkdownDigest('d', front).title, 'Five years of progress');
    assert.deepEqual(headings(front), ['·3 Five years of progress', '§1 GPT', '§2 GPT-2']);
    const heading = '# 2024 年值得读的论文\n\n导语。\n\n## HyperFast：表格分类\n\n正文。\n\n## AutoCodeRover: 程序改进\n\n正文。\n';
    assert.equal(parseMarkdownDigest('d', heading).title, '2024 年值得读的论文');
  });

  it('finds paper headings at any level, numbered or not, and tells them from the other sections', () => {
    const md = [
      '# Survey',
      '## Our top course picks',
      'Take a course, it is good.',
      '## 1. Attention Is All You Need',
      'The Transformer drops recurrence.',
      '### Why it matters',
      'It parallelises training.',
      '## BERT',
      'BERT pre-trains bidirectional encoders.',
      '## Gopher',
      'A model between the others is a paper too.',
      '## LLaMA',
      'Open weights.',
      '## Conclusion',
      'That was the year.',
      '## References',
      '- [Attention](https://arxiv.org/abs/1706.03762)',
    ].join('\n\n');
    assert.deepEqual(headings(md), [
      '·5 Our top course picks',
      '§1 Attention Is All You Need',
      '§2 BERT',
      '§3 Gopher',
      '§4 LLaMA',
      '·6 Conclusion',
      '·7 References',
    ]);
    const digest = parseMarkdownDigest('d', md);
    assert.deepEqual(digest.sections[1]!.subheadings, ['Why it matters']);
    assert.equal(digest.sections[1]!.passages[1]!.subheading, 'Why it matters');
  });

  it('where most paper headings link to their paper, one between them that does not is no paper', () => {
    const md = [
      '## [DeepSeek LLM](https://arxiv.org/abs/2401.02954)',
      'Scaling laws.',
      '## [DeepSeekMoE](https://arxiv.org/abs/2401.06066)',
      'Experts.',
      '## PyTorch example of MoE and MLA',
      'Some code follows.',
      '## [DeepSeek-V3](https://arxiv.org/pdf/2412.19437)',
      'FP8 training.',
    ].join('\n\n');
    assert.deepEqual(headings(md), ['§1 DeepSeek LLM', '§2 DeepSeekMoE', '·4 PyTorch example of MoE and MLA', '§3 DeepSeek-V3']);
  });

  it('takes English paper titles as paper headings: a name before a colon, a hyphenated name, five words in title case', () => {
    const named = [
      '### Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context',
      'Segment recurrence.',
      '### Reformer: The Efficient Transformer',
      'Reversible layers.',
      '#### Reversible Transformer',
      'Activations are recomputed.',
      '### References',
      'A list.',
    ].join('\n\n');
    assert.deepEqual(headings(named), [
      '§1 Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context',
      '§2 Reformer: The Efficient Transformer',
      '·3 References',
    ]);
    const titled = [
      '## Improved Knowledge Distillation via Teacher Assistant',
      'A teacher assistant bridges the gap.',
      '## On the Efficacy of Knowledge Distillation',
      'Bigger teachers are not always better.',
      '### Early stopping KD (ESKD)',
      'Stop the teacher early.',
      '## Why it matters',
      'Distillation is cheap.',
      '## How We Will Read the Next Five',
      'Next week.',
      '## Fine-Tuning Tips',
      'Use a small learning rate.',
    ].join('\n\n');
    assert.deepEqual(headings(titled), [
      '§1 Improved Knowledge Distillation via Teacher Assistant',
      '§2 On the Efficacy of Knowledge Distillation',
      '·3 Why it matters',
      '·4 How We Will Read the Next Five',
      '·5 Fine-Tuning Tips',
    ]);
    // Title case leaves "with" small, however long: the first of three papers, not a heading before them.
    const small = [
      '### Self-Attention with Relative Position Representations.',
      'Relative distances are added to attention.',
      '### Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context.',
      'Segment recurrence.',
      '### TENER: Adapting Transformer Encoder for Named Entity Recognition',
      'Direction-aware attention.',
    ].join('\n\n');
    assert.deepEqual(
      headings(small).map((heading) => heading.slice(0, 3)),
      ['§1 ', '§2 ', '§3 '],
    );
  });

  it("takes bold lines or linked titles opening a heading's text, and numbered titles in book brackets, for papers; bold lines under text of its own for parts", () => {
    const bold = [
      '# Paper list',
      '## Week 1',
      '**DeepLab: Semantic Image Segmentation (May, 2017)**',
      '- Atrous convolution enlarges the field of view.',
      '',
      '**Dynamic Routing Between Capsules (November, 2017)**',
      '- Capsules route by agreement.',
      '## Week 2',
      '[**Open-R1**](https://github.com/huggingface/open-r1/)',
      '- An open reproduction of DeepSeek-R1.',
      '',
      '[**LIMO: Less is More for Reasoning**](https://arxiv.org/abs/2502.03387)',
      '- Fewer than 1k curated examples suffice.',
    ].join('\n');
    assert.deepEqual(paperHeadings(bold), [
      '§1 DeepLab: Semantic Image Segmentation (May, 2017)',
      '§2 Dynamic Routing Between Capsules (November, 2017)',
      '§3 Open-R1',
      '§4 LIMO: Less is More for Reasoning',
    ]);
    const linked = [
      '---',
      'title: Interspeech papers',
      '---',
      '',
      '[End-to-End Spelling Correction for Code-Switching Speech Recognition](https://www.isca-speech.org/a)',
      '',
      'Shuai Zhang, Jiangyan Yi',
      '',
      '[PDF](https://www.isca-speech.org/a.pdf)',
      '',
      '---',
      '',
      '[Exploring wav2vec 2.0 on Speaker Verification](https://www.isca-speech.org/b)',
      '',
      'Speaker verification with wav2vec 2.0 features.',
    ].join('\n');
    assert.deepEqual(paperHeadings(linked), [
      '§1 End-to-End Spelling Correction for Code-Switching Speech Recognition',
      '§2 Exploring wav2vec 2.0 on Speaker Verification',
    ]);
    // Papers cited by number and title in book brackets, counted from 1, wherever the count starts.
    const cited = [
      '---',
      'title: 文本风格迁移',
      '---',
      '',
      '文本生成的模型主要有 GAN 系和 AE 系。',
      '',
      '1.《Shakespearizing Modern Language Using Copy-Enriched Sequence-to-Sequence Models》',
      '',
      '这篇文章把现代英语转换成莎士比亚英语。',
      '',
      '2.《Evaluating Prose Style Transfer With The Bible》',
      '',
      '这篇文章用圣经的几个版本构建平行语料。',
      '',
      '主要参考',
      '',
      '1.[一篇综述](https://example.com/survey)',
    ].join('\n');
    assert.deepEqual(paperHeadings(cited), [
      '§1 Shakespearizing Modern Language Using Copy-Enriched Sequence-to-Sequence Models',
      '§2 Evaluating Prose Style Transfer With The Bible',
    ]);
    // Under a paper's own introduction, bold lines name its parts; a single one under a heading is its subtitle.
    const parts = [
      '## LLaMA 3',
      'Released in 2024 with a 128k tokenizer.',
      '## LLaMA 4',
      'LLaMA 4 introduces a mixture of experts.',
      '',
      '**Model Overview: Performance and Scale**',
      '',
      'Scout has 16 experts.',
      '',
      '**Large-Scale RL Infrastructure**',
      '',
      'Training is fully asynchronous.',
      '## LLaMA 2',
      '**A subtitle in bold**',
      '',
      'Trained on 2T tokens.',
    ].join('\n');
    assert.deepEqual(paperHeadings(parts), ['§1 LLaMA 3', '§2 LLaMA 4', '§3 LLaMA 2']);
  });

  it('reads headings numbered as an outline at the levels their numbers give, whatever their Markdown levels', () => {
    const survey = [
      '# **YOLO 综述**',
      '# **1 引言**',
      '目标检测的历史。',
      '# **2 YOLOv1**',
      'YOLOv1 把检测当作回归。',
      '## **2.1 YOLOv1 架构**',
      '24 个卷积层。',
      '## **3 YOLOv2**',
      'YOLOv2 加入了锚框。',
      '# **3.1 YOLOv2 结果**',
      'VOC2007 上 78.6 mAP。',
      '# **4 YOLOv3**',
      'YOLOv3 在三个尺度上预测。',
      '# **5 讨论**',
      '速度与精度的权衡。',
    ].join('\n');
    assert.deepEqual(paperHeadings(survey), ['§1 YOLOv1', '§2 YOLOv2', '§3 YOLOv3']);
    // "3.1", written with "#", is a part of YOLOv2's section, not a section after it.
    const yolov2 = parseMarkdownDigest('d', survey).sections.find((s) => s.heading === 'YOLOv2')!;
    assert.ok(yolov2.passages.some((p) => p.text.includes('78.6 mAP')));
    // Papers numbered over each paper's own numbered parts are two outlines: their levels stay as written.
    const twoOutlines = [
      '## End-to-End Models',
      '### 1. VITS / VITS2',
      '#### 1. VITS: Conditional Variational Autoencoder',
      '##### 1.Introduction',
      'VITS is a parallel end-to-end TTS method.',
      '##### 2.Method',
      '###### 2.1 Variational Inference',
      'The prior is conditioned on text.',
      '###### 2.2 Alignment Estimation',
      'Monotonic alignment search.',
      '#### 2. VITS2: Improving Quality and Efficiency',
      'VITS2 adds a transformer block to the flow.',
      '### 2. Char2Wav: End-to-End Speech Synthesis',
      'Char2Wav has a reader and a neural vocoder.',
    ].join('\n');
    assert.deepEqual(paperHeadings(twoOutlines), [
      '§1 VITS: Conditional Variational Autoencoder',
      '§2 VITS2: Improving Quality and Efficiency',
      '§3 Char2Wav: End-to-End Speech Synthesis',
    ]);
  });

  it('takes papers in sentence case for papers where they outnumber every named group, or are numbered as papers; a coined name is a name', () => {
    const manyUnnamed = [
      '## 单目',
      '### 3D bounding box estimation using deep learning and geometry',
      '用几何约束回归 3D 框。',
      '### joint monocular 3d vehicle detection and tracking',
      '检测和跟踪一起做。',
      '### Deep MANTA: a coarse-to-fine many-task network',
      '多任务网络。',
      '### GS3D: An efficient 3d object detection framework',
      '用 GS3D 的引导框。',
      '### orthographic feature transform for monocular 3d object detection',
      '把图像特征投到鸟瞰图。',
      '### multi-level fusion based 3d object detection from monocular images',
      '多层融合。',
      '## lidar',
      '### Fast and Furious: Real Time End-to-end 3D Detection',
      '检测、跟踪、预测一起做。',
      '### PointPillars: Fast Encoders for Object Detection',
      '柱状编码。',
    ].join('\n');
    assert.equal(paperHeadings(manyUnnamed).length, 8);
    const numbered = [
      '# A Literature Review',
      '## Paper Reviews',
      '### Paper 1: Skillful precipitation nowcasting using deep generative models of radar',
      'DGMR is trained on UK radar.',
      '### Paper 2: PreDiff: Precipitation Nowcasting with Latent Diffusion Models',
      'PreDiff uses a latent diffusion model.',
      '### Paper 3: Earthformer: Exploring Space-Time Transformers',
      'Earthformer uses cuboid attention.',
    ].join('\n');
    assert.deepEqual(paperHeadings(numbered), [
      '§1 Skillful precipitation nowcasting using deep generative models of radar',
      '§2 PreDiff: Precipitation Nowcasting with Latent Diffusion Models',
      '§3 Earthformer: Exploring Space-Time Transformers',
    ]);
    const coined = [
      '## GAN based models',
      '### XMC-GAN',
      'XMC-GAN uses contrastive losses.',
      '## Autoregressive models',
      '### DALLE',
      'DALLE concatenates 256 text tokens and 1024 image tokens.',
      '### Make-a-scene',
      'Make-a-scene also takes a segmentation map.',
      '## Diffusion based models',
      '### GLIDE',
      'GLIDE compares CLIP guidance and classifier-free guidance.',
      '### DALL.E 2',
      'DALL.E 2 decodes CLIP image embeddings.',
      '### Imagen',
      'Imagen uses a T5-XXL text encoder.',
    ].join('\n');
    assert.deepEqual(paperHeadings(coined), ['§1 XMC-GAN', '§2 DALLE', '§3 Make-a-scene', '§4 GLIDE', '§5 DALL.E 2', '§6 Imagen']);
    // A longer slug titles a repository's notes, no paper.
    const slug = [
      '# Paper-of-Recommendation-System',
      '推荐系统的研究从九十年代发展至今，有三大主流算法。',
      '# 推荐系统综述型博客&论文',
      '* [推荐算法综述](https://blog.example.com/a)',
      '# 协同过滤',
      '协同过滤一般用于有用户评分的系统。',
      '## User-based algorithms',
      '思想：用户的评分构成一个评分向量。',
      '## Item-based algorithms',
      '基本思想是预先计算物品之间的相似性。',
      '### *Item-Based Collaborative Filtering Recommendation Algorithms*',
      '影响最广的一篇推荐系统论文。',
      '## 协同过滤的特点',
      '1. 存在冷启动问题。',
      '# 矩阵分解',
      '矩阵分解是构建隐语义模型的主要方法。',
      '## *Matrix Factorization Techniques for Recommender Systems*',
      '推荐系统领域里非常经典的论文。',
      '# Click-Through-Ratio Estimation',
      '## *Factorization Machines*',
      '因子分解机是由 Steffen Rendle 提出的。',
      '## *Field-aware Factorization Machines* (FFM)',
      '相关阅读：',
      '# Click-Through-Ratio Prediction',
      'CTR 预估在在线广告中很重要。',
      '# GBDT XGBOOST',
      '# Reference',
      '1. [A user guide](https://example.com/guide)',
    ].join('\n');
    assert.deepEqual(paperHeadings(slug), [
      '§1 Item-Based Collaborative Filtering Recommendation Algorithms',
      '§2 Matrix Factorization Techniques for Recommender Systems',
      '§3 Factorization Machines',
      '§4 Field-aware Factorization Machines (FFM)',
    ]);
  });

  it('takes a heading dated from a year to now ("Generative Recommendation (2022 - now)") for a trend, and four parts beside three papers for parts', () => {
    const md = [
      '# Semantic IDs',
      '## History',
      '### GRU4Rec (2015)',
      'GRU4Rec models sessions with a GRU.',
      '### BERT4Rec (2019)',
      'BERT4Rec masks items.',
      '### Generative Recommendation (2022 - now)',
      'Since 2022 recommenders generate item IDs.',
      '## The problem with traditional IDs',
      'IDs are arbitrary.',
      '### Massive embedding table overhead',
      'Tables grow with the catalogue.',
      '### The cold-start catastrophe',
      'New items have no embedding.',
      '### Data sparsity and maintenance overhead',
      'Most IDs are rarely seen.',
      '### Why semantic IDs solve these problems',
      'Similar items share codes.',
      '## Industry',
      '### Google: TIGER',
      'TIGER uses 3-level residual quantization.',
      '### Kuaishou: OneRec',
      'OneRec serves 400 million users.',
      '### Baidu: COBRA',
      'COBRA cascades sparse and dense IDs.',
    ].join('\n');
    assert.deepEqual(paperHeadings(md), ['§1 GRU4Rec (2015)', '§2 BERT4Rec (2019)', '§3 Google: TIGER', '§4 Kuaishou: OneRec', '§5 Baidu: COBRA']);
  });

  it('reads disclosures right under a heading as its papers (<details><summary>), their nested ones as parts, their indented text as text', () => {
    const paper = (title: string, fact: string) => [
      '<details>',
      `<summary><b>${title}</b></summary>`,
      '',
      `* **One-liner:** ${fact}`,
      '',
      '<details>',
      '    <summary>Abstract</summary>',
      `    We introduce ${title.split(':')[0]}, which ${fact.toLowerCase()}`,
      '</details>',
      '',
      '<details>',
      '    <summary>Key points</summary>',
      '    * It is fast.',
      '</details>',
      '</details>',
      '',
      '---',
      '',
    ];
    const md = [
      '### Temporal Consistency',
      '',
      'Models that make videos.',
      '',
      '#### Representative Works',
      '',
      ...paper('Lumiere: A Space-Time Diffusion Model', 'Generates the whole clip in one pass.'),
      ...paper('AnimateDiff: Animate Your Personalized Models', 'Adds a plug-and-play motion module.'),
      ...paper('VideoPoet: A Large Language Model for Video', 'Trains a decoder-only transformer.'),
    ].join('\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Lumiere: A Space-Time Diffusion Model',
      '§2 AnimateDiff: Animate Your Personalized Models',
      '§3 VideoPoet: A Large Language Model for Video',
    ]);
    const animateDiff = parseMarkdownDigest('d', md).sections.find((s) => s.section === 2)!;
    assert.ok(animateDiff.passages.some((p) => p.text.includes('We introduce AnimateDiff')));
    // After a paper's own text, a disclosure is an aside of it: no heading.
    const aside = [
      '## MeanFlow',
      'MeanFlow learns the average velocity.',
      '<details>',
      '<summary>Full derivation of the target</summary>',
      'Based on the MeanFlow identity the target follows.',
      '</details>',
      '',
      '## ReFlow',
      'ReFlow straightens the paths.',
    ].join('\n');
    assert.deepEqual(paperHeadings(aside), ['§1 MeanFlow', '§2 ReFlow']);
  });

  it('takes the parts of a write-up before the papers for no papers, though they link one or name something ("TLDR: …", "The Core Challenge")', () => {
    const md = [
      '# LLM Quantization Review',
      '## Motivation',
      'Models are large.',
      '## TLDR: the meta-analysis',
      'Boosted trees still win often.',
      '## Quantization in LLM',
      '### The Core Challenge',
      'Outliers break int8, as [LLM.int8()](https://arxiv.org/abs/2208.07339) found.',
      '### LLM.int8()',
      'Mixed-precision decomposition.',
      '### SmoothQuant',
      'Migrates difficulty to the weights.',
      '### Paper references',
      '[1] [LLM.int8()](https://arxiv.org/abs/2208.07339) and [SmoothQuant](https://arxiv.org/abs/2211.10438).',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 LLM.int8()', '§2 SmoothQuant']);
  });

  it('finds papers that cite their venue below groups and a second top heading, with link labels as no sections', () => {
    const md = [
      '# Sparse-NeRF-papers',
      'papers of NeRF with sparse view inputs',
      '# Sparse NeRF',
      '## *Stereo Guided*',
      '### 1. Learning to Render Novel Views from Wide-Baseline Stereo Pairs (CVPR 2023)',
      '### [project](https://yilundu.github.io/wide_baseline/)',
      '#### method',
      '用双目图像对渲染新视角。',
      '## *Regularization*',
      '### 1. MixNeRF: Modeling a Ray with Mixture Density（CVPR 2023）',
      '#### method',
      '用混合密度建模光线。',
      '### 2. RegNeRF: Regularizing Neural Radiance Fields (CVPR 2022 (oral))',
      '### [project (under released)](https://m-niemeyer.github.io/regnerf/)',
      '正则化几何和外观。',
    ].join('\n\n');
    const digest = parseMarkdownDigest('d', md);
    assert.deepEqual(
      digest.sections.filter((section) => section.isPaper).map((section) => [section.section, section.heading.slice(0, 20), section.passages.length]),
      [
        [1, 'Learning to Render N', 1],
        [2, 'MixNeRF: Modeling a ', 1],
        [3, 'RegNeRF: Regularizin', 1],
      ],
    );
  });

  it('finds the papers at the level whose headings name them, not at a higher one whose text only links them', () => {
    const md = [
      '# Understanding self-supervised learning',
      '# What is self-supervised learning?',
      'See [CPC](https://arxiv.org/abs/1807.03748) for an early take.',
      '# The state of the art in self-supervised learning',
      'Three methods stand out ([SimCLR](https://arxiv.org/abs/2002.05709)).',
      '### SimCLR',
      'Two augmented views, one encoder.',
      '### MoCo',
      'A momentum encoder and a queue.',
      '### BYOL',
      'No negative pairs at all.',
      '# Surprising Results',
      'Batch norm matters.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 SimCLR', '§2 MoCo', '§3 BYOL']);
  });

  it('takes the named headings under one that only groups them for papers, and a paper written a level higher than the others', () => {
    const md = [
      '---\ntitle: The LoRA family\n---',
      '# LoRA',
      'LoRA freezes the weights and trains two small matrices.',
      '# LoRA Variants',
      '## AdaLoRA',
      'AdaLoRA gives the important matrices more rank.',
      '## QLoRA',
      'QLoRA quantizes the frozen model to 4 bits.',
      '## Summary',
      'All of them train few parameters.',
      '# References',
      'See the papers.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 LoRA', '§2 AdaLoRA', '§3 QLoRA']);
    const higher = [
      '# Notes on position encodings',
      'Why position matters.',
      '### RPR: Relative Position Representations',
      'Relative distances inside attention.',
      '### Transformer-XL',
      'Segment recurrence with relative positions.',
      '## RoPE',
      'Rotary embeddings rotate queries and keys.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(higher), ['§1 RPR: Relative Position Representations', '§2 Transformer-XL', '§3 RoPE']);
  });

  it('takes every heading a group holds for a paper, and no group for one, however the groups are written', () => {
    // Years over model names, named or not; the first year, with text and no models of its own, and an outlook after
    // them are no papers.
    const years = [
      '# A Timeline of Speech Models',
      'How the field moved.',
      '## 2018: Starting to replace CNNs',
      'Transformers arrive in speech.',
      '## 2019: VQ-Wav2vec, Mockingjay, DiscreteBERT',
      '### VQ-Wav2vec',
      'VQ-Wav2vec quantizes the audio.',
      '### Mockingjay',
      'Mockingjay masks frames.',
      '### DiscreteBERT',
      'DiscreteBERT reads discrete units.',
      '## 2020: Conformer, HuBERT, w2v-BERT',
      '### Conformer',
      'Conformer adds convolution to attention.',
      '### HuBERT',
      'HuBERT predicts hidden units.',
      '### w2v-BERT',
      'w2v-BERT combines both losses.',
      '## 2021: UniSpeech, XLS-R',
      '### UniSpeech',
      'UniSpeech adds labelled data.',
      '### XLS-R',
      'XLS-R covers 128 languages.',
      '## What does 2022 hold for speech?',
      'More data, surely.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(years), [
      '§1 VQ-Wav2vec',
      '§2 Mockingjay',
      '§3 DiscreteBERT',
      '§4 Conformer',
      '§5 HuBERT',
      '§6 w2v-BERT',
      '§7 UniSpeech',
      '§8 XLS-R',
    ]);
    // A family with a line of its own over headings that cite their papers by author and year.
    const family = [
      '## Object detection',
      '### Rich Feature Hierarchies for Accurate Object Detection (Girshick et al. 2014)',
      'R-CNN classifies region proposals.',
      '#### Training',
      'Fine-tuned on warped regions.',
      '### Fast R-CNN (Girshick 2015)',
      'RoI pooling shares the computation.',
      '### You Only Look Once',
      'YOLO predicts boxes in a single pass.',
      '#### YOLOv1 (Redmon et al. 2016)',
      'A grid of cells, each predicting boxes.',
      '#### YOLOv2: Better, Faster, and Stronger (Redmon and Farhadi 2016)',
      'Anchor boxes and batch norm.',
      '## References',
      'Girshick, R. (2015).',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(family), [
      '§1 Rich Feature Hierarchies for Accurate Object Detection (Girshick et al. 2014)',
      '§2 Fast R-CNN (Girshick 2015)',
      '§3 YOLOv1 (Redmon et al. 2016)',
      '§4 YOLOv2: Better, Faster, and Stronger (Redmon and Farhadi 2016)',
    ]);
    // Series headings, one of them with a sentence of its own, and a first member that is no name.
    const series = [
      '# CNN 模型小型化',
      '## SqueezeNet 系列',
      '### SqueezeNet',
      'SqueezeNet 用 Fire 模块压缩参数。',
      '### SqueezeNext',
      'SqueezeNext 进一步分解卷积。',
      '## MobileNet 系列',
      'MobileNet 系列共三代。',
      '### MobileNet v1',
      'MobileNet v1 使用深度可分离卷积。',
      '#### 逐通道卷积',
      '每个通道一个卷积核。',
      '### MobileNet V2',
      'MobileNet V2 提出倒残差结构。',
      '## 网络详解',
      '### **$A^2$-Nets**',
      '双重注意力网络先收集再分发特征。',
      '### **GSoP-Net**',
      'GSoP-Net 使用二阶池化。',
      '### **GCNet**',
      'GCNet 简化了 Non-local。',
      '## 小结与思考',
      '小型化是趋势。',
    ].join('\n\n');
    assert.deepEqual(
      paperHeadings(series).map((heading) => heading.replace(/^§\d+ /u, '')),
      ['SqueezeNet', 'SqueezeNext', 'MobileNet v1', 'MobileNet V2', 'A2-Nets', 'GSoP-Net', 'GCNet'],
    );
  });

  it('takes a part of any write-up for no paper, however it is named ("## Pipeline", "## Generative Methods", "## 局限")', () => {
    const md = [
      '# 谱在聚类中的应用',
      '## Pipeline',
      '谱聚类的一般过程如下。',
      '## Generative Methods',
      '生成式的方法重建输入。',
      '## NCuts',
      '归一化割。',
      '## ZP',
      '自调节的相似度。',
      '## Notation',
      '符号约定。',
      '## 局限',
      '多尺度数据上表现不佳。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 NCuts', '§2 ZP']);
  });

  it('takes a heading ending in a part\'s word for a paper where a name opens it, by its shape or as its prose writes it ("ProcGen Challenge")', () => {
    const md = [
      '# NeurIPS competitions',
      '## ProcGen Challenge',
      'The [ProcGen benchmark](https://arxiv.org/abs/1912.01588) has 16 environments, and each run gets two hours on eight CPUs.',
      '## Flatland Challenge',
      'The Flatland environment ([design](https://arxiv.org/abs/2012.05893)) is a grid of railroads, and each Flatland agent controls one train.',
      '## Open Challenges',
      'Sample efficiency remains the open question for every entry ([survey](https://arxiv.org/abs/2001.00001)), and the Open track gets no prize.',
      '## Key Challenges',
      'Generalising to unseen levels is hard.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 ProcGen Challenge', '§2 Flatland Challenge']);
  });

  it('takes a heading opening with a part\'s word for a paper where the digest links its title to the paper ("Closing the Gap: …")', () => {
    const md = [
      '# RecSys 2025 papers',
      '- [Closing the Online-Offline Gap: A Scalable Framework for Composed Model Evaluation](https://dl.acm.org/doi/10.1145/3705328.3748117)',
      '- [Kamae: Bridging Spark and Keras for Seamless ML Preprocessing](https://dl.acm.org/doi/10.1145/3705328.3748130)',
      '## Kamae: Bridging Spark and Keras for Seamless ML Preprocessing',
      'A library that turns Spark pipelines into Keras layers.',
      '## Closing the Online-Offline Gap: A Scalable Framework for Composed Model Evaluation',
      'Meta replays online traffic offline to evaluate composed models.',
      '## Closing Thoughts',
      'That was the year.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Kamae: Bridging Spark and Keras for Seamless ML Preprocessing',
      '§2 Closing the Online-Offline Gap: A Scalable Framework for Composed Model Evaluation',
    ]);
  });

  it('takes an unnumbered heading beside numbered papers for a part of the write-up, with what it holds', () => {
    const md = [
      '# Top papers',
      '## 1. DSI: Distributed Speculative Inference (ICLR 2025)',
      '### Summary',
      'DSI overlaps verification with drafting.',
      '## 2. PEARL: Parallel Speculative Decoding (ICLR 2025)',
      '### Summary',
      'PEARL drafts while it verifies.',
      '## Reading Strategy',
      '### Day 1: Foundations',
      'Read DSI first.',
      '### Day 2: VLM-Specific',
      'Then PEARL.',
      '### Key Sections to Focus On',
      'The methods of each.',
      '## Citation Info (BibTex)',
      'Cite this post.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 DSI: Distributed Speculative Inference (ICLR 2025)',
      '§2 PEARL: Parallel Speculative Decoding (ICLR 2025)',
    ]);
  });

  it('takes a heading ending in a colon, or written as a phrase of prose, for no paper, even between papers', () => {
    const md = [
      '# Efficient transformers',
      '## DistilBERT',
      'DistilBERT distils BERT.',
      '## A brief recap of transformer self-attention',
      'Attention is quadratic.',
      '## Linformer',
      'Linformer projects keys ([paper](https://arxiv.org/abs/2006.04768)).',
      '## Mockingjay',
      'Mockingjay predicts masked frames.',
      '## Reformer',
      'Reformer hashes ([paper](https://arxiv.org/abs/2001.04451)).',
      '# THINGK:',
      'Some musings.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 DistilBERT', '§2 Linformer', '§3 Mockingjay', '§4 Reformer']);
  });

  it('takes a numbered heading asking about other papers for no paper ("9.Controlnet如何处理条件图的？"), and a paper titled as a question for one', () => {
    const md = [
      '# 目录',
      '<h2 id="1">1.Controlnet的模型结构与原理</h2>',
      'ControlNet 复制了 UNet 的编码器。',
      '<h2 id="2">2.人物一致性模型InstantID原理</h2>',
      'InstantID 用 IdentityNet 保持人物一致性。',
      '<h2 id="3">3.单ID图像为什么InstantID人物一致性比Photomaker效果好</h2>',
      '因为 InstantID 用了更强的人脸特征。',
      '<h2 id="4">4.人物一致性模型PhotoMaker原理</h2>',
      'PhotoMaker 堆叠多张 ID 图像的嵌入。',
      '<h2 id="5">5.Controlnet如何处理条件图的？</h2>',
      '条件图先经过一个小型卷积网络。',
      '<h2 id="6">6.T2I-Adapter的模型结构和原理</h2>',
      'T2I-Adapter 包含四个特征提取模块。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Controlnet的模型结构与原理',
      '§2 人物一致性模型InstantID原理',
      '§3 人物一致性模型PhotoMaker原理',
      '§4 T2I-Adapter的模型结构和原理',
    ]);
    // The question's section stays quotable, a part of the write-up.
    assert.ok(headings(md).some((heading) => heading.startsWith('·') && heading.endsWith('Controlnet如何处理条件图的？')));
    const titledAsQuestions = [
      '# Graph neural networks',
      '## A Property Testing Framework for the Theoretical Expressivity of Graph Kernels',
      'Kernels are tested ([paper](https://arxiv.org/abs/2111.00001)).',
      '## How powerful are graph neural networks?',
      'GIN is as powerful as the WL test ([paper](https://arxiv.org/abs/1810.00826)).',
      '## Approximation Ratios of Graph Neural Networks for Combinatorial Problems',
      'Ratios are bounded ([paper](https://arxiv.org/abs/1905.10261)).',
    ].join('\n\n');
    assert.equal(paperHeadings(titledAsQuestions).length, 3);
  });

  it('takes an awesome list\'s closing parts for no papers ("### 🌟 Contributing", "### 📜 License")', () => {
    const entry = (title: string, link: string, authors: string, summary: string) => [
      `### 📄 [${title}](${link})`,
      `**Authors:** ${authors}  \n**Contribution:** \`${title.split(':')[0]}\``,
      `> ${summary}`,
    ];
    const md = [
      '# Awesome Efficiency',
      '## 🔢 Quantization',
      ...entry(
        'GPTQ: Accurate Post-Training Quantization',
        'https://arxiv.org/abs/2210.17323',
        'Frantar et al.',
        'GPTQ quantizes weights to 3-4 bits.',
      ),
      ...entry('AWQ: Activation-aware Weight Quantization', 'https://arxiv.org/abs/2306.00978', 'Lin et al.', 'AWQ protects salient weights.'),
      '---',
      '## ✂️ Sparsity',
      ...entry(
        'SparseGPT: Massive Language Models Can Be Accurately Pruned in One-Shot',
        'https://arxiv.org/abs/2301.00774',
        'Frantar et al.',
        'SparseGPT prunes to 50% sparsity.',
      ),
      ...entry(
        'Wanda: A Simple and Effective Pruning Approach',
        'https://arxiv.org/abs/2306.11695',
        'Sun et al.',
        'Wanda weighs weights by activations.',
      ),
      ...entry('HAPE: Hardware-Aware LLM Pruning', 'https://dl.acm.org/doi/10.1145/3744244', 'Wenqian Zhao', 'HAPE prunes for the hardware.'),
      '---',
      '<div align="center">',
      '### 🌟 Contributing',
      'Feel free to submit PRs.',
      '### 📜 License',
      'This repository is licensed under CC0 License.',
      '### 🙏 Acknowledgments',
      'Thanks to all researchers.',
      '</div>',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 GPTQ: Accurate Post-Training Quantization',
      '§2 AWQ: Activation-aware Weight Quantization',
      '§3 SparseGPT: Massive Language Models Can Be Accurately Pruned in One-Shot',
      '§4 Wanda: A Simple and Effective Pruning Approach',
      '§5 HAPE: Hardware-Aware LLM Pruning',
    ]);
  });

  it('reads a year in brackets opening a heading as dating its paper ("## [2019] wav2vec: …"), a paper a level lower dated so too', () => {
    const md = [
      '# Speech/Audio',
      '## [2019] wav2vec: Unsupervised Pre-training for Speech Recognition',
      'wav2vec learns from raw audio with a contrastive loss.',
      '## [2021] HuBERT: Self-Supervised Speech Representation Learning by Masked Prediction of Hidden Units',
      'HuBERT predicts k-means cluster ids of masked frames.',
      '## [2023] AudioPaLM: A Large Language Model That Can Speak and Listen',
      'AudioPaLM is initialized from PaLM-2.',
      '### Training',
      'It is trained on speech and text tasks.',
      '### [2023] Prompting Large Language Models with Speech Recognition Abilities',
      'LoRA adaptors are applied to the attention projection weights only.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 wav2vec: Unsupervised Pre-training for Speech Recognition',
      '§2 HuBERT: Self-Supervised Speech Representation Learning by Masked Prediction of Hidden Units',
      '§3 AudioPaLM: A Large Language Model That Can Speak and Listen',
      '§4 Prompting Large Language Models with Speech Recognition Abilities',
    ]);
    // A bracket giving more than the year stays whole, as does a title's.
    const withAuthors = [
      '# 【读书笔记】Benign overfitting',
      '## [2020 | Bartlett, Long, Lugosi, Tsigler] Benign Overfitting in Linear Regression',
      'The minimum-norm interpolant.',
    ];
    assert.equal(parseMarkdownDigest('d', withAuthors.join('\n\n')).title, '【读书笔记】Benign overfitting');
    assert.deepEqual(paperHeadings(withAuthors.join('\n\n')), [
      '§1 [2020 | Bartlett, Long, Lugosi, Tsigler] Benign Overfitting in Linear Regression',
    ]);
  });

  it('reads an HTML link in a heading as a link to its paper ("… Zubiaga <a href=…>Paper</a>")', () => {
    const link = (id: string) => `<a class="btn btn-sm" href="https://arxiv.org/abs/${id}" target="_blank">Paper</a>`;
    const md = [
      '# EMNLP 2018',
      '## FEVER Workshop',
      '#### Tim Rocktaschel: Invited speaker',
      'Tim talked about explainability.',
      `#### Towards Automated Factchecking: Developing an Annotation Schema. Lev Konstantinovskiy and Arkaitz Zubiaga ${link('1809.08193')}`,
      'They annotate claims.',
      '## Black box NLP',
      `#### Context-Free Transductions with Neural Stacks. Yiding Hao and Robert Frank ${link('1809.02836')}`,
      'Neural stacks learn transductions.',
      '## EMNLP Session 1',
      `#### SWAG: A Large-Scale Adversarial Dataset for Grounded Commonsense Inference. Rowan Zellers and Yejin Choi ${link('1808.05326')}`,
      'SWAG has 113k questions.',
    ].join('\n\n');
    assert.deepEqual(
      paperHeadings(md).map((heading) => heading.split('.')[0]),
      [
        '§1 Towards Automated Factchecking: Developing an Annotation Schema',
        '§2 Context-Free Transductions with Neural Stacks',
        '§3 SWAG: A Large-Scale Adversarial Dataset for Grounded Commonsense Inference',
      ],
    );
  });

  it('reads a display formula as text of its paragraph, whatever its lines open with ("= ", "- D_{KL}", "$$ (1)")', () => {
    const md = [
      '# Generative models',
      '## VAE',
      'VAE optimizes the ELBO:',
      ['$$', '\\mathcal{L}(\\theta)', '= ', '- D_{KL}(q||p)', '+ \\log p(x|z)', '$$'].join('\n'),
      'VAE therefore learns with the reparameterization trick.',
      '## DDPM',
      ['The loss is', '$$', 'L = \\|\\epsilon - \\epsilon_\\theta\\|^2', '$$ (1)', 'so DDPM predicts the noise.'].join('\n'),
      '## DiT',
      'DiT uses transformers.',
    ].join('\n\n');
    assert.deepEqual(headings(md), ['§1 VAE', '§2 DDPM', '§3 DiT']);
    const vae = parseMarkdownDigest('d', md)
      .sections[0]!.passages.map((p) => p.text)
      .join('\n');
    assert.match(vae, /= - D_\{KL\}\(q\|\|p\) \+ \\log p\(x\|z\)/u);
    assert.match(vae, /reparameterization trick/u);
    assert.ok(texts(md).some((text) => text.startsWith('The loss is $$') && text.endsWith('so DDPM predicts the noise.')));
  });

  it('takes headings numbered as papers are counted for papers though they end in a colon, and drops the colon', () => {
    const md = [
      '# 每个数据科学家都应该了解的前 3 大预训练模型',
      '导语。',
      '# 1) VGG:',
      'VGG 是一个 16 层的卷积网络。',
      '# 2) Xception：',
      'Xception 使用深度可分离卷积。',
      '# 3) ResNet:',
      'ResNet 引入了残差连接。',
      '# 总结：',
      '以上就是全部模型。',
    ].join('\n\n');
    assert.deepEqual(headings(md), ['·4 每个数据科学家都应该了解的前 3 大预训练模型', '§1 VGG', '§2 Xception', '§3 ResNet', '·5 总结']);
  });

  it('takes a Chinese heading\'s Latin word before its colon for the name of its paper ("Meta-Transformer：…")', () => {
    const md = [
      '# 多模态',
      '### ImageBind：更多模态一起对齐',
      '通过图片作为桥梁。',
      '### Meta-Transformer：未来就是要统一',
      '同时考虑了 12 种模态。',
      '### 总结',
      '多模态在发展。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 ImageBind：更多模态一起对齐', '§2 Meta-Transformer：未来就是要统一']);
  });

  it('reads HTML heading elements as headings, Markdown an HTML block took in as Markdown, the prose of an HTML paragraph, and a Pelican title', () => {
    const md = [
      'Title: The Illustrated Self-Supervised Learning\nDate: 2020-02-25 03:00\nAuthors: Amit Chaudhary',
      'Self-supervised learning is a cake.',
      '# Survey',
      '<h2 class="subtitle is-4">Pattern 1: Reconstruction</h2>\n## 1. **Image Colorization**\nWe compute the L2 loss.',
      '## 2. **Image Inpainting**',
      'A generator fills the hole.',
      '<h2 class="subtitle is-4">Pattern 2: Common Sense Tasks</h2>\n<div>raw html</div>\n## 1. **Image Jigsaw Puzzle**',
      'The model solves a puzzle of 9 patches.',
      '<p align="center">an open paragraph\n<img src="x.png">\nof HTML</p>',
    ].join('\n\n');
    const digest = parseMarkdownDigest('d', md);
    assert.equal(digest.title, 'The Illustrated Self-Supervised Learning');
    assert.deepEqual(paperHeadings(md), ['§1 Image Colorization', '§2 Image Inpainting', '§3 Image Jigsaw Puzzle']);
    assert.ok(texts(md).includes('We compute the L2 loss.'));
    assert.ok(!texts(md).some((text) => /raw html|Title:|<img/u.test(text)));
    // An HTML paragraph's prose is what a reader sees of it: read without its markup.
    assert.equal(texts(md).at(-1), 'The model solves a puzzle of 9 patches.\nan open paragraph\nof HTML');
  });

  it("reads a heading's inline TeX as the name it writes, and keeps the TeX of prose", () => {
    const md =
      '# 注意力\n\n## 网络\n\n### **$A^2$-Nets**\n\n$A^2$-Nets 即双重注意力网络。\n\n### **$\\mathbf{GC}$Net**\n\nGCNet 简化了 Non-local。\n';
    assert.deepEqual(paperHeadings(md), ['§1 A2-Nets', '§2 GCNet']);
    assert.ok(texts(md).includes('$A^2$-Nets 即双重注意力网络。'));
  });

  it('takes "论文一：", "第二篇：" and "Paper 3 -" as numbers of paper headings', () => {
    const md = [
      '# 评测综述',
      '## TL;DR',
      '只看通过率不够。',
      '## Part I: 补丁质量',
      '### 论文一：多层次补丁模式分析',
      '看补丁的代码质量。',
      '### 第二篇：通过测试 ≠ 真正正确',
      '通过测试的补丁未必正确。',
      '## Part II: 轨迹质量',
      '### Paper 3 - TRACE',
      '评估推理过程。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 多层次补丁模式分析', '§2 通过测试 ≠ 真正正确', '§3 TRACE']);
  });

  it('takes a number in brackets ("### [1] [Title](link)") for the number of a paper heading, not part of its title', () => {
    const md = [
      '# NeurIPS 2024 Oral',
      '### [1] [Policy Learning from Tutorial Books](https://neurips.cc/virtual/2024/oral/1)',
      '从教程书中学习策略。',
      '### [2] [MetaLA: Unified Optimal Linear Approximation](https://neurips.cc/virtual/2024/oral/2)',
      '统一的线性注意力。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 Policy Learning from Tutorial Books', '§2 MetaLA: Unified Optimal Linear Approximation']);
  });

  it('takes an English word in a Chinese heading as a name only where its section uses it again', () => {
    const md = [
      '# 笔记',
      '本文精读了几篇论文，也粗读了 Findings。',
      '## Findings - 人工评价',
      '人工评价离不开直接打分。',
      '## VolcTrans',
      '火山翻译用了多个模型。',
      '## Mamba 模型解读',
      'Mamba 是状态空间模型。Mamba 的扫描是线性的。',
      '## WeChat',
      '微信的系统。',
    ].join('\n\n');
    assert.deepEqual(headings(md), ['·4 笔记', '·5 Findings - 人工评价', '§1 VolcTrans', '§2 Mamba 模型解读', '§3 WeChat']);
  });

  it('reads emphasis, inline code and links as their text, and keeps the link targets', () => {
    const md =
      '## 1. QLoRA\n\nQLoRA uses **4-bit** `NF4` and [paged optimizers](https://arxiv.org/abs/2305.14314) on _one_ GPU.\n\n## 2. DPO\n\nNo reward model.\n';
    const digest = parseMarkdownDigest('d', md);
    assert.equal(digest.sections[0]!.passages[0]!.text, 'QLoRA uses 4-bit NF4 and paged optimizers on one GPU.');
    assert.deepEqual(digest.sections[0]!.links, ['https://arxiv.org/abs/2305.14314']);
  });

  it('reads the paragraphs of an HTML box as paragraphs, and a heading that is only a badge as its alt text', () => {
    const md = [
      '## [![CLIP](https://img.shields.io/badge/CLIP-Learning_Transferable-blue)](CLIP)',
      '<div style="background-color: #f0f8ff; padding: 20px;">\n<p><b>What it does:</b> CLIP learns a shared embedding space.</p>\n<p><b>How it works:</b> It uses a <b>contrastive loss</b>.</p>\n</div>',
      '## [![GLIP](https://img.shields.io/badge/GLIP-Grounded-blue)](GLIP)',
      'GLIP unifies detection and grounding.',
    ].join('\n\n');
    assert.deepEqual(headings(md), ['§1 CLIP', '§2 GLIP']);
    assert.deepEqual(
      parseMarkdownDigest('d', md).sections[0]!.passages.map((p) => p.text),
      ['What it does: CLIP learns a shared embedding space.', 'How it works: It uses a contrastive loss.'],
    );
  });

  it("reads an Obsidian wiki link as its label or its note's name, and drops an embed", () => {
    const md =
      '## 1. SUTA\n\n域偏移可以分为四类：![[Pasted image 20230413164348.png]]\n\n于是提出 [[../经典模型和算法/PEFT/Adapter]]，也叫 [[Adapter|适配器]]。\n\n## 2. DPO\n\nNo reward model.\n';
    assert.deepEqual(
      parseMarkdownDigest('d', md).sections[0]!.passages.map((p) => p.text),
      ['域偏移可以分为四类：', '于是提出 Adapter，也叫 适配器。'],
    );
  });

  it('reads lists (nested too) and tables as lines of the passage their sentence introduces', () => {
    const md = [
      '## 1. Llama 2',
      'It comes in three sizes:',
      '- 7B, the smallest;\n- 13B;\n  - with a chat variant,\n- 70B, the largest.',
      '## 2. Mistral 7B',
      'Results:',
      '| model | score |\n| --- | --- |\n| Mistral 7B | 60.1 |',
    ].join('\n\n');
    const digest = parseMarkdownDigest('d', md);
    assert.deepEqual(
      digest.sections[0]!.passages.map((p) => p.lines.map((l) => [l.text, l.role])),
      [
        [
          ['It comes in three sizes:', 'body'],
          ['7B, the smallest;', 'item'],
          ['13B;', 'item'],
          ['with a chat variant,', 'item'],
          ['70B, the largest.', 'item'],
        ],
      ],
    );
    assert.deepEqual(digest.sections[1]!.passages[0]!.text, 'Results:\nmodel: Mistral 7B, score: 60.1', 'each row names its columns');
  });

  it('reads a list item over a nested list as the label introducing it, never an answer alone', () => {
    const md = [
      '## 1. Tencent',
      'Strategies:',
      '- re-ranking\n  - LM: a small GPT-2 on target data\n- Data Augmentation\n  - BT only in en-de',
      '- 数据增强\n  - 回译',
    ].join('\n\n');
    const lines = linesOf(md);
    assert.deepEqual(lines.slice(1), [
      ['re-ranking:', 'item'],
      ['LM: a small GPT-2 on target data', 'item'],
      ['Data Augmentation:', 'item'],
      ['BT only in en-de', 'title'],
      ['数据增强：', 'item'],
      ['回译', 'item'],
    ]);
  });

  it('reads a paragraph left unfinished over a list as the sentence introducing it', () => {
    const md = [
      '## 1. GPT-1',
      '先预训练，再根据特定任务微调，处理的有监督任务包括',
      '- 分类：判断输入文本的类别。\n- 语义相似度：判断两个句子是否相关。',
      'The changes from GPT-3 are',
      '- multi-query attention\n- SwiGLU activations',
      'A finished sentence stays as written.',
      '- one more item',
    ].join('\n\n');
    const lines = linesOf(md);
    assert.deepEqual(
      lines.filter(([, role]) => role === 'body'),
      [
        ['先预训练，再根据特定任务微调，处理的有监督任务包括：', 'body'],
        ['The changes from GPT-3 are:', 'body'],
        ['A finished sentence stays as written.', 'body'],
      ],
    );
  });

  it('reads a list line without a full stop as a title only where it reads as one: no figure, no long lower-case word, no Chinese but a title in 《》', () => {
    const md = [
      '## 1. Routing',
      'Their recommendations:',
      [
        '1. Use routing for models with less than 1.3B parameters',
        '2. Attention Is All You Need',
        '3. 监督微调',
        '4. Context of 1024 (up from 512)',
        '5. They use RMSNorm (instead of layernorm)',
        '6. DeepSeek-V3 Technical Report',
        '7. 调整的余弦（Adjusted Cosine）相似度计算',
        '8. 《深度残差学习》',
      ].join('\n'),
    ].join('\n\n');
    assert.deepEqual(
      parseMarkdownDigest('d', md).sections[0]!.passages[0]!.lines.map((l) => l.role),
      ['body', 'item', 'title', 'item', 'item', 'item', 'title', 'item', 'title'],
    );
  });

  it('drops images, raw HTML, embedded tweets, scripts and code blocks', () => {
    const md = [
      '## 1. SAM',
      '![the model](img/sam.png)',
      'SAM segments anything. ![inline](x.png)',
      '<blockquote class="twitter-tweet"><p>So cool!</p></blockquote>\n<script async src="https://platform.twitter.com/widgets.js"></script>',
      '```python\nprint("hi")\n```',
      '<div>raw html</div>',
      '## 2. Emu Video',
      'Two steps.',
    ].join('\n\n');
    assert.deepEqual(texts(md), ['SAM segments anything.', 'Two steps.']);
  });

  it("reads a contents list's entries as links to its headings, never as text to quote", () => {
    const md = [
      '# 目录',
      '- [1.Controlnet的模型结构与原理](#1.Controlnet的模型结构与原理)',
      '- [2.Controlnet如何处理条件图的？](#2.Controlnet如何处理条件图的？)',
      '## 1.Controlnet的模型结构与原理',
      'ControlNet 复制了 UNet 的编码器。',
      '## 2.Controlnet如何处理条件图的？',
      '条件图先经过一个小型卷积网络。',
    ].join('\n');
    const contents = parseMarkdownDigest('d', md).sections[0]!.passages.flatMap((p) => p.lines);
    assert.deepEqual(
      contents.map((line) => line.role),
      ['caption', 'caption'],
    );
  });

  it('reads the prose of an HTML list or paragraph as text, a list item a line, its markup dropped', () => {
    const md = [
      '## 1. DistriFusion',
      'Diffusion models synthesize high-quality images.',
      '<ol>\n<li>标题：DistriFusion：用于高分辨率扩散模型的分布式并行推理</li>\n<li>结论：\n在八个 NVIDIA A100 上实现了高达 6.1 倍的加速。</li>\n</ol>',
      '<p><strong>7. 方法</strong> 重用前一时间步的特征图 &amp; 异步通信。</p>',
      '<p align="center"><img src="fig1.png"></p>',
      '## 2. ViewFusion',
      'Two steps.',
    ].join('\n\n');
    assert.deepEqual(texts(md), [
      [
        'Diffusion models synthesize high-quality images.',
        '标题：DistriFusion：用于高分辨率扩散模型的分布式并行推理',
        '结论： 在八个 NVIDIA A100 上实现了高达 6.1 倍的加速。',
        '方法 重用前一时间步的特征图 & 异步通信。',
      ].join('\n'),
      'Two steps.',
    ]);
  });

  it('reads front matter after blank lines, as Hexo does, and keeps the line numbers of what follows', () => {
    const md = ['', '', '---', 'title: Diffusion Models', 'date: 2024-03-04', '---', '', '## 1. DistriFusion', 'It runs on eight GPUs.'].join('\n');
    const digest = parseMarkdownDigest('daily.md', md);
    assert.equal(digest.title, 'Diffusion Models');
    assert.deepEqual(
      digest.sections.map((section) => [section.heading, section.headingLine, section.passages.map((p) => p.text)]),
      [['DistriFusion', 7, ['It runs on eight GPUs.']]],
    );
  });

  it('reads a fenced block of Chinese prose as text, English lines among it too, and still drops code with comments in Chinese', () => {
    const md = [
      '## 1. ALBert',
      '```python\n词嵌入向量参数的因式分解。\n参数量从 O(V×H) 降到 O(V×E + E×H)。\n```',
      '```python\n# 计算参数量\nparams = vocab_size * hidden_size\nprint(params)\n```',
      '```python\nx = 1  # 初始化\ny = x * 2  # 翻倍\nprint(y)\n```',
      '```python\nmessages = [\n  {"role": "system", "content": "你是很有用的助手。"},\n  {"role": "user", "content": "你是谁？"}\n]\n```',
      '```\n<|im_start|>user\n你是谁？<|im_end|>\n```',
      '```python\n2）使用LAMB做为优化器 Use LAMB as optimizer, to train with big batch size\n  We also note that our largest models still do not overfit.\n  LAMB优化器使得我们可以训练特别大的批次。\n```',
    ].join('\n\n');
    assert.deepEqual(texts(md), [
      '词嵌入向量参数的因式分解。',
      '参数量从 O(V×H) 降到 O(V×E + E×H)。',
      '2）使用LAMB做为优化器 Use LAMB as optimizer, to train with big batch size',
      'We also note that our largest models still do not overfit.',
      'LAMB优化器使得我们可以训练特别大的批次。',
    ]);
  });

  it("drops the blog's template markup: Liquid (Jekyll, Hexo) and kramdown attribute lists", () => {
    const md = [
      '## 1. YOLO',
      'In [Part 3]({{ site.baseurl }}{% post_url 2017-12-31-part-3 %}), we reviewed R-CNN.',
      '![YOLO workflow]({{ \'/assets/images/yolo.png\' | relative_url }})\n{: class="center"}',
      '{% asset_img 1.png 500 500 %}',
      'YOLO is fast.',
      '{:toc}',
    ].join('\n\n');
    assert.deepEqual(texts(md), ['In Part 3, we reviewed R-CNN.', 'YOLO is fast.']);
  });

  it('reads a link to a Liquid path with spaces as a link, not as its markup ("[Download]({{ \'/pdf/01.A Practical….pdf\' }})")', () => {
    const md = [
      '## 01. A Practical Bayesian Framework',
      "- summary : [Download]({{ '/assets/pdf/review/01.A Practical Bayesian Framework(1992).pdf' | relative_url }})",
      '- Evidence is used to compare models.',
    ].join('\n\n');
    const section = parseMarkdownDigest('d', md).sections[0]!;
    assert.ok(!texts(md).some((text) => text.includes('assets')), texts(md).join(' | '));
    assert.deepEqual(section.links, ['/assets/pdf/review/01.A%20Practical%20Bayesian%20Framework(1992).pdf']);
  });

  it("reads a paper's English title on a line of its own as a title, not as text to answer from", () => {
    const md = [
      '# 多数据集检测',
      '## LMSEG',
      'LMSEG: Language-Guided Multi-Dataset Segmentation',
      '作者用文本嵌入统一了多个数据集的类别。',
      '## OneFormer',
      'OneFormer: One Transformer to Rule Universal Image Segmentation',
    ].join('\n\n');
    assert.deepEqual(linesOf(md), [
      ['LMSEG: Language-Guided Multi-Dataset Segmentation', 'title'],
      ['作者用文本嵌入统一了多个数据集的类别。', 'body'],
    ]);
    const english = '## Notes\n\nThe model is trained on two datasets and evaluated on a third one\n';
    assert.deepEqual(linesOf(english), [['The model is trained on two datasets and evaluated on a third one', 'body']]);
  });

  it('reads a Hugo post: TOML front matter gives the title, a figure shortcode its caption', () => {
    const md = [
      '+++\ntitle = "Object Detection"\ndraft = false\n+++',
      '## 1. R-CNN',
      'R-CNN classifies region proposals.',
      '{{< figure src="/ox-hugo/shot.png" caption="<span class=\\"figure-number\\">Figure 4: </span>System overview of the R-CNN approach" >}}',
      '{{< youtube abc123 >}}',
      'A linear SVM classifies each region.',
    ].join('\n\n');
    const digest = parseMarkdownDigest('d', md);
    assert.equal(digest.title, 'Object Detection');
    assert.deepEqual(linesOf(md), [
      ['R-CNN classifies region proposals.', 'body'],
      ['Figure 4: System overview of the R-CNN approach', 'caption'],
      ['A linear SVM classifies each region.', 'body'],
    ]);
  });

  it('reads a heading without its kramdown id or reference mark ("## Task-Relevant GAIL {#trail}", "# LLaVA[12]")', () => {
    const digest = parseMarkdownDigest(
      'd',
      '# RL Weekly\n\n## Task-Relevant GAIL {#trail}\n\nTRAIL ignores pixels.\n\n## LLaVA: Visual Instruction Tuning[12]\n\nGPT-4 made the data.\n',
    );
    assert.deepEqual(
      digest.sections.map((section) => section.heading),
      ['Task-Relevant GAIL', 'LLaVA: Visual Instruction Tuning'],
    );
  });

  it('takes a heading citing the reference list ("# Chain of Thought[1]") for a paper, though it names nothing', () => {
    const md = [
      '# Inference Time Compute',
      'More compute at inference time helps.',
      '# Chain of Thought[1]',
      'Reason step by step.',
      '## Motivation',
      'Hard problems need steps.',
      '# Self-consistency[2]',
      'Sample many chains and vote.',
      '# ReAct[3]',
      'Reason and act.',
      '# Reference',
      '[1] Wei et al. [2] Wang et al. [3] Yao et al.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 Chain of Thought', '§2 Self-consistency', '§3 ReAct']);
  });

  it('takes a heading of a capitalised Latin word in a Chinese digest for a paper, first of them too ("### Bert")', () => {
    const md = ['### Bert', '> 自编码语言模型。', '### XLNet', '自回归语言模型。', '### RoBerta', '动态 Masking。', '### 总结', '都很好。'].join(
      '\n\n',
    );
    assert.deepEqual(paperHeadings(md), ['§1 Bert', '§2 XLNet', '§3 RoBerta']);
  });

  it('takes a heading a level higher that dates its papers for a paper, before the first paper too, and nothing under the references', () => {
    const md = [
      '# Sequence modeling',
      '## Target attention',
      '### One-Stage: DIN (2018) and DIEN (2019)',
      'DIN attends over the user history with the target item as the query.',
      '### Two-Stage: search, then attend',
      '#### SIM (Alibaba, 2020)',
      'SIM searches the long history first.',
      '#### ETA (Alibaba, 2021)',
      'ETA hashes the embeddings for the search.',
      '# References',
      '## Approach: Target Attention',
      '1. Zhou et al. Deep interest network.',
      '## Approach: Language Modeling',
      '2. Sun et al. BERT4Rec.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 One-Stage: DIN (2018) and DIEN (2019)', '§2 SIM (Alibaba, 2020)', '§3 ETA (Alibaba, 2021)']);
  });

  it('takes papers titled in full under an introduction with text of its own, and an English title in a Chinese digest, for papers', () => {
    const md = [
      '# 语义分割笔记',
      '### Image Caption为什么需要Semantic Segmentation',
      '先回顾两篇基础论文。',
      '#### ImageNet Classification with Deep Convolutional Neural Networks',
      'AlexNet 用 ReLU 和 dropout。',
      '#### Fully Convolutional Networks for Semantic Segmentation',
      'FCN 把全连接层换成卷积层。',
      '### DeepLab: Semantic Image Segmentation with Deep Convolutional Nets',
      'DeepLab 用空洞卷积。',
      '### Faster R-CNN: Towards Real-Time Object Detection',
      'RPN 生成候选框。',
      '### Deformable Convolutional Networks',
      '卷积核的每个位置加一个偏移。',
      '#### 实验',
      '在 COCO 上提升明显。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 ImageNet Classification with Deep Convolutional Neural Networks',
      '§2 Fully Convolutional Networks for Semantic Segmentation',
      '§3 DeepLab: Semantic Image Segmentation with Deep Convolutional Nets',
      '§4 Faster R-CNN: Towards Real-Time Object Detection',
      '§5 Deformable Convolutional Networks',
    ]);
  });

  it("takes the level whose headings name papers by their words over a higher one named by its numbers, and leaves a section's numbered parts", () => {
    const md = [
      '# A review',
      '## 1. Introduction to NeRFs',
      'Fields of radiance.',
      '### 1.1 Scene Representation',
      'A scene is a function.',
      '### 1.2 Volume Rendering',
      'Rays are integrated.',
      '## 1.5 Why Neural Fields?',
      'They are compact.',
      '## 2. Training and Optimization',
      'Training is slow.',
      '### 2.1 Ray Sampling',
      'Rays are sampled in bins.',
      '### 2.2 Loss Calculation',
      'A photometric loss.',
      '## 4. NeRF Zoo',
      'Variants follow.',
      '### 4.1 Mip-NeRF',
      'Mip-NeRF renders cones.',
      '### 4.2 NeRF-W',
      'NeRF-W handles photos in the wild.',
      '### Transient Object Modeling',
      'A second head models transient objects.',
      '### 4.3 DS-NeRF',
      'DS-NeRF uses depth supervision.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 Mip-NeRF', '§2 NeRF-W', '§3 DS-NeRF']);
  });

  it('takes a group of headings naming nothing beside a group naming papers for parts of the write-up, and a heading opening with an introduction for one paper', () => {
    const review = [
      '# Robotics trifecta',
      '## Background',
      '### 2.1 Classical Robotics Control',
      'Perception, planning, control.',
      '### 2.2 Behavior Cloning and End-to-End Learning',
      'Imitate demonstrations.',
      '### 2.3 Multimodal Robotics Datasets',
      'Many robots, many tasks.',
      '## Model Review',
      '### 3.1 RT-1: Robotics Transformer for Real-World Control',
      'RT-1 tokenizes actions.',
      '### 3.2 RT-2: Bridging Vision-Language and Action',
      'RT-2 co-fine-tunes a VLM.',
      '### 3.3 OpenVLA: The First Open-Source VLA Model',
      'OpenVLA is open.',
      '## 5. Challenges and Future Directions',
      '### 5.1 Real-Time Inference and Hardware Efficiency',
      'Latency matters.',
      '### 5.2 Data Diversity and Embodiment Generalization',
      'More robots.',
      '## 6. Additional Resources',
      'Links.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(review), [
      '§1 RT-1: Robotics Transformer for Real-World Control',
      '§2 RT-2: Bridging Vision-Language and Action',
      '§3 OpenVLA: The First Open-Source VLA Model',
    ]);
    const family = [
      '# llama系列模型',
      '# 1.LLama',
      '## 1.1 简介',
      'LLaMA 是 Meta 的基础模型。',
      '## 1.2 RMSNorm归一化函数',
      'RMSNorm 去掉了均值。',
      '# 2.Alpaca',
      '## 2.1 简介',
      'Alpaca 用指令数据微调。',
      '## 2.2 Self-instruct数据构造',
      '用 GPT-3 生成指令。',
      '# 3.总结',
      '都很有用。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(family), ['§1 LLama', '§2 Alpaca']);
  });

  it('takes a heading a level lower for a paper where a contents list of the papers links it, not where the list links every heading', () => {
    const papersOnly = [
      '# Papers',
      '1. [Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks, EMNLP 2019](#sentence-bert-sentence-embeddings-using-siamese-bert-networks)',
      '2. [End-to-End Open-Domain Question Answering with BERTserini](#end-to-end-open-domain-question-answering-with-bertserini)',
      '3. [A Deep Relevance Matching Model for Ad-hoc Retrieval, Guo et al, ACM 2017](#a-deep-relevance-matching-model-for-ad-hoc-retrieval)',
      '## Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks',
      'SBERT adds a pooling operation to the output of BERT.',
      '#### SBERT Model architecture',
      'A siamese network.',
      '## End-to-End Open-Domain Question Answering with BERTserini',
      'Paragraph level retrieval works best.',
      '### A Deep Relevance Matching Model for Ad-hoc Retrieval',
      'It proposes DRMM for ad-hoc retrieval.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(papersOnly), [
      '§1 Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks',
      '§2 End-to-End Open-Domain Question Answering with BERTserini',
      '§3 A Deep Relevance Matching Model for Ad-hoc Retrieval',
    ]);
    const everyHeading = [
      '# Contrastive learning',
      '- [SimCLR](#simclr)\n  - [Memory Bank](#memory-bank)\n- [MoCo](#moco)\n  - [Momentum Encoder](#momentum-encoder)\n  - [Loss Function](#loss-function)',
      '## SimCLR',
      'SimCLR contrasts two augmented views of every image.',
      '### Memory Bank',
      'A memory bank stores the features of all images.',
      '## MoCo',
      'MoCo keeps a queue of negative keys.',
      '### Momentum Encoder',
      'The key encoder is updated by momentum.',
      '### Loss Function',
      'InfoNCE.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(everyHeading), ['§1 SimCLR', '§2 MoCo']);
  });

  it('takes a group of headings that are links for papers, as a group of names is, beside another group of papers', () => {
    const notes = [
      '# Some notes on alignment blogs',
      'I read these posts closely.',
      '## Alignment Science Blog',
      '### [SLEIGHT-BENCH](https://alignment.anthropic.com/2026/sleight-bench/)',
      'They define the catch rate at 1% FPR against benign transcripts.',
      '### [Model Spec Midtraining](https://alignment.anthropic.com/2026/msm/)',
      'All models were fine-tuned using LoRA (rank 64, alpha 128).',
      '### [Teaching Claude Why](https://alignment.anthropic.com/2026/teaching-claude-why/)',
      'Training on 10k transcripts only reduced misalignment from 22% to 15%.',
      '## FRT Blog',
      '### [ATT&CK Navigator](https://red.anthropic.com/2026/attack-navigator/)',
      'They assign each actor an AI Risk Enablement Score (ARiES) from 0-100.',
      '### [Measuring LLMs’ impact on N-day exploits](https://red.anthropic.com/2026/n-days/)',
      'They evaluate 18 security patches.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(notes), [
      '§1 SLEIGHT-BENCH',
      '§2 Model Spec Midtraining',
      '§3 Teaching Claude Why',
      '§4 ATT&CK Navigator',
      '§5 Measuring LLMs’ impact on N-day exploits',
    ]);
  });

  it('takes papers counted 1, 2, 3… for the papers, a numbered heading over two citing papers for their group, and "Key Takeaways" for no paper', () => {
    const md = [
      '# My top 5 papers of 2018',
      '### 1. Neural Scene Representation and Rendering',
      'A network renders new views of a scene.',
      '### 2. The 2 "Addressing X in Y" Deep RL papers',
      'Two papers with the same title pattern.',
      '#### Addressing Function Approximation Error in Actor-Critic Methods [[pre-print]](https://arxiv.org/abs/1802.09477)',
      'TD3 keeps two critics.',
      '#### Addressing Sample Inefficiency and Reward Bias in Inverse Reinforcement Learning [[pre-print]](https://arxiv.org/abs/1809.02925)',
      'DAC fixes the reward bias.',
      '### 3. Neural Best Buddies: Sparse Cross-Domain Correspondence',
      'Matching across domains.',
      '### 4. LF-Net: Learning Local Features from Images',
      'Keypoints without labels.',
      '## Key Takeaways: When to Choose Which',
      'It depends.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Neural Scene Representation and Rendering',
      '§2 Addressing Function Approximation Error in Actor-Critic Methods [pre-print]',
      '§3 Addressing Sample Inefficiency and Reward Bias in Inverse Reinforcement Learning [pre-print]',
      '§4 Neural Best Buddies: Sparse Cross-Domain Correspondence',
      '§5 LF-Net: Learning Local Features from Images',
    ]);
  });

  it('takes a paper titled in full a level below a heading naming nothing, and the titled papers under a numbered heading', () => {
    const recsys = [
      '# 协同过滤',
      '## User-based algorithms',
      '找相似的用户。',
      '## Item-based algorithms',
      '找相似的物品。',
      '### *Item-Based Collaborative Filtering Recommendation Algorithms*',
      '物品相似度可以离线算好。',
      '# 矩阵分解',
      '## *Matrix Factorization Techniques for Recommender Systems*',
      '用户和物品映射到同一个隐空间。',
      '## *Factorization Machines*',
      'FM 建模二阶交叉。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(recsys), [
      '§1 Item-Based Collaborative Filtering Recommendation Algorithms',
      '§2 Matrix Factorization Techniques for Recommender Systems',
      '§3 Factorization Machines',
    ]);
    const tts = [
      '## End-to-End Models',
      '### 1. VITS / VITS2',
      '#### 1. VITS: Conditional Variational Autoencoder with Adversarial Learning',
      'VITS 是并行的端到端模型。',
      '#### 2. VITS2: Improving Quality and Efficiency of Single-Stage Text-to-Speech',
      'VITS2 改进了时长预测。',
      '### 2. Char2Wav: End-to-End Speech Synthesis',
      'Char2Wav 有读者和声码器。',
      '### 3. ClariNet: Parallel Wave Generation',
      'ClariNet 用高斯逆自回归流。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(tts), [
      '§1 VITS: Conditional Variational Autoencoder with Adversarial Learning',
      '§2 VITS2: Improving Quality and Efficiency of Single-Stage Text-to-Speech',
      '§3 Char2Wav: End-to-End Speech Synthesis',
      '§4 ClariNet: Parallel Wave Generation',
    ]);
  });

  it('takes every heading that is a link for a paper where most are, whatever page it links', () => {
    const md = [
      '## Video',
      '### 2023 - [A Dynamic Multi-Scale Voxel Flow Network](https://arxiv.org/abs/2303.09875)',
      '- 用多尺度体素流预测下一帧。',
      '### 2020 - [RAFT: Recurrent All-Pairs Field Transforms](https://zhuanlan.zhihu.com/p/1234)',
      '- 迭代更新光流。',
      '### 2016 - [FlowNet 2.0: Evolution of Optical Flow Estimation](https://arxiv.org/abs/1612.01925)',
      '- 堆叠多个 FlowNet。',
      '### 2020 - [UPFlow: Upsampling Pyramid for Unsupervised Optical Flow](https://arxiv.org/abs/2012.00212)',
      '- 无监督的金字塔上采样。',
      '### 2020 - [MaskFlownet: Asymmetric Feature Matching](https://arxiv.org/abs/2003.10955)',
      '- 学习遮挡掩码。',
    ].join('\n\n');
    assert.equal(paperHeadings(md).length, 5);
  });

  it('reads the headings with text at the busiest level as papers where no heading reads as one, rather than no paper at all', () => {
    const md = [
      '+++',
      'title = "Beyond Euclidean Embeddings"',
      '+++',
      'Two assumptions are challenged.',
      '#### Word representations via Gaussian embeddings',
      'Words become densities.',
      '#### Poincare embeddings for hierarchical representations',
      'Hyperbolic space fits trees.',
      '#### Complex embeddings for link prediction',
      'Complex numbers handle anti-symmetry.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Word representations via Gaussian embeddings',
      '§2 Poincare embeddings for hierarchical representations',
      '§3 Complex embeddings for link prediction',
    ]);
  });

  it('takes the headings under one that says it holds the papers ("# Papers") for the papers, and no other', () => {
    const md = [
      '# Molecules and language',
      '# Datasets',
      '## ChEBI-20[1]',
      'ChEBI-20 pairs 33,010 molecules with descriptions.',
      '## PubChemSTM[5]',
      'PubChemSTM holds 250k molecule-text pairs.',
      '# Papers',
      '## Text2Mol',
      'Text2Mol retrieves molecules from text.',
      '## KV-PLM',
      'KV-PLM reads SMILES inside sentences.',
      '# 感想',
      '数据还很少。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 Text2Mol', '§2 KV-PLM']);
  });

  it("takes a heading linking a publisher's DOI page for a paper, as one linking arXiv or a PDF", () => {
    const md = [
      '# Mixture of experts, a timeline',
      '### 1991 [Task Decomposition Through Competition](https://onlinelibrary.wiley.com/doi/abs/10.1207/s15516709cog1502_2)',
      'The learning procedure divides the task into subtasks.',
      '### 2014 [Learning Factored Representations](https://arxiv.org/abs/1312.4314)',
      'A deep mixture stacks two layers of experts.',
      '### 2017 [Outrageously Large Neural Networks](https://arxiv.org/abs/1701.06538)',
      'Noisy top-k gating keeps the layer sparse.',
      '### Distributed implementation',
      'Our code shards the experts.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 1991 Task Decomposition Through Competition',
      '§2 2014 Learning Factored Representations',
      '§3 2017 Outrageously Large Neural Networks',
    ]);
  });

  it('takes a numbered heading a level higher than the papers for a paper where its number continues theirs', () => {
    const md = [
      '# MoE 经典论文',
      '### 1. Adaptive mixtures of local experts',
      '最早的 MoE。',
      '### 2. GShard',
      '把 MoE 放进 Transformer。',
      '## 3. Go Wider Instead of Deeper',
      '共享层。',
      '### 4. MoEBERT',
      '从 BERT 到 MoE。',
      '## 结语',
      '总结。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 Adaptive mixtures of local experts', '§2 GShard', '§3 Go Wider Instead of Deeper', '§4 MoEBERT']);
  });

  it("reads a Pandoc fenced div's heading (a Quarto callout's title) as its text, and the fences as nothing", () => {
    const md = [
      '# Value-based methods',
      '## Double DQN',
      'Two networks decouple selection from evaluation.',
      '::: {.callout-note}',
      '## Example',
      'With two actions of equal value, the max overestimates.',
      ':::',
      '## Dueling DQN',
      'A value stream and an advantage stream.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 Double DQN', '§2 Dueling DQN']);
    assert.ok(!texts(md).some((text) => text.includes(':::')));
    assert.ok(texts(md).some((text) => text.includes('Example')));
  });

  it('takes a paper\'s parts that repeat its name for its parts, at any depth of numbering ("1.2.1 SSLD" over "1.2.1.1 SSLD 算法介绍")', () => {
    const md = [
      '# 蒸馏实战',
      '## 1. 算法介绍',
      '### 1.2 支持的算法',
      '#### 1.2.1 SSLD',
      '##### 1.2.1.1 SSLD 算法介绍',
      'SSLD 用无标签数据蒸馏。',
      '##### 1.2.1.2 SSLD 配置',
      'SSLD 的配置如下。',
      '#### 1.2.2 DKD',
      '##### 1.2.2.1 DKD 算法介绍',
      'DKD 把 KD Loss 解耦成两部分。',
      '##### 1.2.2.2 DKD 配置',
      'DKD 的配置如下。',
      '## 2. 参考文献',
      '[1] 论文。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 SSLD', '§2 DKD']);
    const named = [
      '# RAG 进展',
      '## 1. ActiveRAG：主动学习',
      '### 1.1 ActiveRAG架构',
      'ActiveRAG 有三个代理。',
      '### 1.2 ActiveRAG实现',
      '代码如下。',
      '## 2. HiRAG：层次化知识',
      '### 2.1 HiRAG架构',
      'HiRAG 建三层知识。',
      '### 2.2 HiRAG实现',
      '代码如下。',
      '## 3. XRAG：基准',
      '### 3.1 XRAG框架',
      'XRAG 分四个阶段。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(named), ['§1 ActiveRAG：主动学习', '§2 HiRAG：层次化知识', '§3 XRAG：基准']);
  });

  it('takes a heading naming a paper by its authors and year, or closing on its year, for a paper; an Examples part and future directions for none', () => {
    const cited = [
      '## Chen et al. 2024',
      'Chen, Z. (2024) Poisoning memory of agents.',
      'The attack succeeds 80% of the time.',
      '## Wu et al. (2024)',
      'Wu, Z. (2024) The dark side of function calling.',
      'Jailbreaks reach 90% success.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(cited), ['§1 Chen et al. 2024', '§2 Wu et al. (2024)']);
    const dated = [
      '# End-to-end speech translation',
      'A short history.',
      '## Directly translating speech (2017)',
      'A sequence-to-sequence model translates audio.',
      '## ASR pre-training (2018)',
      'The encoder is pre-trained on recognition.',
      '## Self-supervised pre-training (2020)',
      'wav2vec 2.0 initialises the encoder.',
      '## Examples',
      '### ASR pre-training (2018)',
      'An output it gives.',
      '## 未来发展方向 (Future Directions)',
      '更多数据。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(dated), [
      '§1 Directly translating speech (2017)',
      '§2 ASR pre-training (2018)',
      '§3 Self-supervised pre-training (2020)',
    ]);
  });

  it('takes a heading named like "Ape-X" for a name, and "Summarization" for no part of a write-up', () => {
    const distributed = [
      '# Distributed RL',
      '## Distributed learning',
      '### Gorila - General Reinforcement Learning Architecture',
      'Gorila trains on parallel hardware.',
      '### Ape-X',
      'Ape-X uses 360 workers.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(distributed), ['§1 Gorila - General Reinforcement Learning Architecture', '§2 Ape-X']);
    const summaries = [
      '# Abstractive summarization, 2015-2018',
      '## Global Encoding for Abstractive Summarization',
      'A convolutional gated unit filters the encoder output.',
      '## Controllable Abstractive Summarization',
      'Length and style are controlled.',
      '## Deep Communicating Agents for Abstractive Summarization',
      'Agents encode the paragraphs.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(summaries), [
      '§1 Global Encoding for Abstractive Summarization',
      '§2 Controllable Abstractive Summarization',
      '§3 Deep Communicating Agents for Abstractive Summarization',
    ]);
  });

  it("takes a heading between papers that each link theirs for no paper when it links none, or only its code (a library's variant of the method before it)", () => {
    const md = [
      '# 数据增强',
      '## 1. 图像变换类',
      '### 1.1 AutoAugment',
      '论文地址：[arxiv](https://arxiv.org/abs/1805.09501)',
      'AutoAugment 搜索增强策略。',
      '### 1.2 RandAugment',
      '论文地址：[arxiv](https://arxiv.org/abs/1909.13719)',
      'RandAugment 随机选择子策略。',
      '### 1.3 TimmAutoAugment',
      '开源代码：[github](https://github.com/rwightman/pytorch-image-models)',
      'TimmAutoAugment 是开源作者的改进实现。',
      '## 2. 图像裁剪类',
      '### 2.1 Cutout',
      '论文地址：[arxiv](https://arxiv.org/abs/1708.04552)',
      'Cutout 遮挡输入图像。',
      '### 2.2 GridMask',
      '论文地址：[arxiv](https://arxiv.org/abs/2001.04086)',
      'GridMask 生成网格掩码。',
      '## 3. 图像混叠类',
      '### 3.1 Mixup',
      '论文地址：[arxiv](https://arxiv.org/abs/1710.09412)',
      'Mixup 把两幅图相加。',
      '### 3.2 Cutmix',
      '论文地址：[arxiv](https://arxiv.org/abs/1905.04899)',
      'Cutmix 裁剪一块覆盖另一幅图。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 AutoAugment', '§2 RandAugment', '§3 Cutout', '§4 GridMask', '§5 Mixup', '§6 Cutmix']);
  });

  it('takes a heading among papers that each link theirs for a paper when its text opens on a link to a write-up of its work, and keeps a bracket it closes', () => {
    const md = [
      '# Using attention in vision',
      '## (ViT) An Image is Worth 16x16 Words',
      '[[ArXiv]](https://arxiv.org/abs/2010.11929)',
      '* Patches as tokens.',
      '## Swin Transformer: Shifted Windows',
      '[[ArXiv]](https://arxiv.org/abs/2103.14030)',
      '* Windows.',
      '## PVT: Pyramid Vision Transformer',
      '[[ArXiv]](https://arxiv.org/abs/2102.12122)',
      '* A pyramid.',
      '## Image GPT',
      '[[Blog]](https://openai.com/research/image-gpt)',
      '* Pixels as tokens.',
      '## SWFormer: Sparse Window Transformer',
      '[[ArXiv]](https://arxiv.org/abs/2210.07372)',
      '* Point clouds.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 (ViT) An Image is Worth 16x16 Words',
      '§2 Swin Transformer: Shifted Windows',
      '§3 PVT: Pyramid Vision Transformer',
      '§4 Image GPT',
      '§5 SWFormer: Sparse Window Transformer',
    ]);
  });

  it("takes a heading above the papers' level whose text gives its paper's title for a paper, and the headings under it for its parts", () => {
    const md = [
      '# CornerNet',
      'CornerNet 是第一个 Anchor-Free 模型。',
      '论文：',
      '《CornerNet: Detecting Objects as Paired Keypoints》',
      '## Hourglass Network',
      '这是CornerNet的骨干部分。',
      '## Bottom-right corners & Top-left Corners Prediction Module',
      'CornerNet堆叠两个Hourglass Network。',
      '## corner pooling',
      'corner pooling是CornerNet新提出的一种操作。',
      '# CenterNet',
      '论文：',
      '《CenterNet: Keypoint Triplets for Object Detection》',
      'CenterNet 多预测一个中心点。',
      '# Anchor-Free',
      '这里介绍其他 Anchor-Free 模型。',
      '## ExtremeNet',
      '《Bottom-up Object Detection by Grouping Extreme and Center Points》',
      'ExtremeNet 预测了9个点。',
      '## FoveaBox',
      '《FoveaBox: Beyond Anchor-based Object Detector》',
      'FoveaBox 预测类别和边框。',
      '# 其它目标检测网络',
      '## A-Fast-RCNN',
      'A-Fast-RCNN首次将对抗学习引入到了目标检测领域。',
      '## G-CNN',
      'G-CNN的工作借鉴了迭代的想法。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 CornerNet', '§2 CenterNet', '§3 ExtremeNet', '§4 FoveaBox', '§5 A-Fast-RCNN', '§6 G-CNN']);
    const cornerNet = parseMarkdownDigest('d', md).sections.find((s) => s.heading === 'CornerNet')!;
    assert.deepEqual(cornerNet.subheadings, ['Hourglass Network', 'Bottom-right corners & Top-left Corners Prediction Module', 'corner pooling']);
  });

  it('takes the papers written to one template of fields for papers, whatever their names, a badge heading above them too, and counted categories over them for none', () => {
    const entry = (name: string) =>
      [
        `#### **${name}**`,
        `  * **What it does:** ${name} does one thing.`,
        `  * **How it works:** ${name} works one way.`,
        `  * **Reference Paper:** Someone et al. (2023). *${name}*.`,
      ].join('\n\n');
    const md = [
      '### Category 1: Image-Text Matching / Retrieval',
      'Models that match images and text.',
      '## [![CLIP](https://img.shields.io/badge/CLIP-blue)](CLIP)',
      '  * **What it does:** CLIP learns a shared space.\n  * **How it works:** A contrastive loss.',
      entry('ALIGN'),
      entry('BLIP-2'),
      '### Category 2: Multimodal Large Language Models (MLLMs)',
      'The current state of the art.',
      entry('GPT-4V'),
      entry('Gemini'),
      entry('Claude'),
      '### Category 3: Multimodal Generation',
      'Models that make images.',
      entry('Stable Diffusion'),
      entry('Imagen'),
      entry('LayoutLMv3'),
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 CLIP',
      '§2 ALIGN',
      '§3 BLIP-2',
      '§4 GPT-4V',
      '§5 Gemini',
      '§6 Claude',
      '§7 Stable Diffusion',
      '§8 Imagen',
      '§9 LayoutLMv3',
    ]);
  });

  it('reads sentence-case titles opening with a term in digits ("3D object proposals…") and a model name before a colon ("Mono3D++：") as papers', () => {
    const notes = (year: string) => `${year}年的。这篇文章提出了新的方法，在 KITTI 上效果很好。`;
    const md = [
      '## 单目',
      '### Deep MANTA: a coarse-to-fine many-task network for joint 2d and 3d vehicle analysis',
      notes('17'),
      '### GS3D: An efficient 3d object detection framework for autonomous driving',
      notes('19'),
      '### Mono3D++：',
      notes('19'),
      '### ROI-10D: Monocular Lifting of 2D Detection to 6D Pose and Metric Shape',
      notes('19'),
      '## 双目',
      '### 3D object proposals using stereo imagery for accurate object class detection',
      notes('17'),
      '### monocular 3d object detection with pseudo-lidar point cloud',
      notes('19'),
      '### Stereo R-CNN based 3D Object detection for autonomous Driving',
      notes('19'),
      '## lidar',
      '### Fast and Furious: Real Time End-to-end 3d Detection, Tracking and Motion Forecasting',
      notes('18'),
      '### OBject detection and classification in occupancy grid maps using deep convolutional networks',
      notes('18'),
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Deep MANTA: a coarse-to-fine many-task network for joint 2d and 3d vehicle analysis',
      '§2 GS3D: An efficient 3d object detection framework for autonomous driving',
      '§3 Mono3D++',
      '§4 ROI-10D: Monocular Lifting of 2D Detection to 6D Pose and Metric Shape',
      '§5 3D object proposals using stereo imagery for accurate object class detection',
      '§6 monocular 3d object detection with pseudo-lidar point cloud',
      '§7 Stereo R-CNN based 3D Object detection for autonomous Driving',
      '§8 Fast and Furious: Real Time End-to-end 3d Detection, Tracking and Motion Forecasting',
      '§9 OBject detection and classification in occupancy grid maps using deep convolutional networks',
    ]);
  });

  it("reads a heading whose prose opens on its paper's link as a paper, and a Hugo shortcode as no text", () => {
    const md = [
      '# Modern sparse neural retrieval',
      '## Sparse Neural Retrieval Evolution',
      '### The Pioneer Of Sparse Neural Retrieval',
      '{{< include "figures/DeepCT.html" >}}\nThe authors of [`DeepCT`](https://arxiv.org/pdf/1910.10687) predict term weights with BERT.',
      '### Sparse Neural Retrieval on Relevance Objective',
      'The [`DeepImpact`](https://arxiv.org/pdf/2104.12016) model learns impacts with a two-layer network.',
      '### Know Thine Tokenization',
      'The [`TILDEv2`](https://arxiv.org/pdf/2108.08513) model scores whole words.',
      '## Did we Solve the Vocabulary Mismatch Yet?',
      '### External Document Expansion',
      'External expansion uses a generative model before indexing.',
      '#### External Document Expansion with docT5query',
      '{{< include "figures/docT5query.html" >}}',
      '[`docT5query`](https://github.com/castorini/docTTTTTquery) is the most used expansion model.',
      '#### External Document Expansion with Term Independent Likelihood MODel (TILDE)',
      '[`TILDE`](https://github.com/ielab/TILDE) cuts the expansion time by 98%.',
      '### Internal Document Expansion',
      'For each document a vector of the vocabulary length is created.',
      '### Sparse Neural Retriever with Internal Document Expansion',
      '{{< include "figures/SPARTA.html" >}}',
      'The authors of the [`SPARTA`](https://arxiv.org/pdf/2009.13013) model use the vocabulary of BERT.',
      '### State-of-the-Art of Modern Sparse Neural Retrieval',
      'The authors of the [`SPLADE`](https://arxiv.org/pdf/2109.10086) family added training tricks.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 The Pioneer Of Sparse Neural Retrieval',
      '§2 Sparse Neural Retrieval on Relevance Objective',
      '§3 Know Thine Tokenization',
      '§4 External Document Expansion with docT5query',
      '§5 External Document Expansion with Term Independent Likelihood MODel (TILDE)',
      '§6 Sparse Neural Retriever with Internal Document Expansion',
      '§7 State-of-the-Art of Modern Sparse Neural Retrieval',
    ]);
    assert.ok(!texts(md).some((text) => text.includes('{{')), texts(md).join('\n'));
  });

  it("reads a survey's numbered chapters that name no model of their own as chapters, beside the numbered models", () => {
    const md = [
      '# YOLO 的全面综述：从 YOLOv1 到 YOLOv8',
      '# 1 引言',
      '实时目标检测很重要。',
      '# 2 YOLO在不同领域的应用',
      'YOLO 被用于自动驾驶和医学影像。',
      '# 3 YOLO：只看一次',
      'YOLOv1 把检测当作回归问题。',
      '# 4 YOLOv2：更好、更快、更强',
      'YOLOv2 使用 Darknet-19 作为骨干。',
      '# 5 骨干、颈部和头部',
      '检测器由骨干、颈部和头部三部分组成。',
      '# 6 YOLOv3',
      'YOLOv3 在三个尺度上预测。',
      '# 7 YOLOX',
      'YOLOX 使用无锚框检测头。',
      '# 8 YOLOv4',
      'YOLOv4 使用 CSPDarknet53。',
      '# 9 YOLOR',
      'YOLOR 表示你只学习一种表示。',
      '# 10 YOLOv6',
      'YOLOv6 由美团发布。',
      '# 11 YOLO 的未来',
      '未来的 YOLO 会更快。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 YOLO：只看一次',
      '§2 YOLOv2：更好、更快、更强',
      '§3 YOLOv3',
      '§4 YOLOX',
      '§5 YOLOv4',
      '§6 YOLOR',
      '§7 YOLOv6',
    ]);
  });

  it('reads the papers of one numbered chapter of notes, past steps counted again inside a paper ("#### 1. Feature Tokenization")', () => {
    const md = [
      '# Scaling 论文阅读笔记',
      '## 1. 概括归纳 Scaling Law',
      '### 1.1 Scaling Law 是什么？',
      '模型效果随规模按幂律提升。',
      '### 1.2 Kaplan Scaling Law 的核心观点',
      '参数、数据和算力都重要。',
      '## 2. 论文总览',
      '下面按时间顺序讲解。',
      '## 3. 按“Scaling 思想”对比',
      '推荐模型也能出现 scaling trend。',
      '# 4. 分篇章讲解论文',
      '## 4.1 Kaplan 2020：Scaling Laws for Neural Language Models',
      'Kaplan 发现 loss 随规模幂律下降。',
      '## 4.2 Chinchilla 2022：Training Compute-Optimal Large Language Models',
      'Chinchilla 训练了 70B 参数的模型。',
      '## 4.3 DHEN 2022：Deep and Hierarchical Ensemble Network',
      'DHEN 在每层集成多种交互模块。',
      '## 4.4 Wukong 2024：Towards a Scaling Law for Large-Scale Recommendation',
      'Wukong 堆叠 FMB 和 LCB。',
      '### 核心方法',
      '#### 1. Feature Tokenization',
      '先把特征切成 token。',
      '#### 2. Token Mixing',
      '再在 token 之间混合。',
      '# 5. 最核心复习总结',
      '## 5.1 LLM 方向',
      '参数和数据一起扩展。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Kaplan 2020：Scaling Laws for Neural Language Models',
      '§2 Chinchilla 2022：Training Compute-Optimal Large Language Models',
      '§3 DHEN 2022：Deep and Hierarchical Ensemble Network',
      '§4 Wukong 2024：Towards a Scaling Law for Large-Scale Recommendation',
    ]);
  });

  it('reads a session heading with notes of its own, beside sessions holding papers, as a part of the notes', () => {
    let id = 0;
    const paper = (title: string) =>
      [`#### ${title}. Ann Author and Bo Writer [Paper](https://arxiv.org/abs/1809.0000${++id})`, `${title} is studied on two benchmarks.`].join(
        '\n\n',
      );
    const md = [
      '# Conference notes',
      '## Workshop Day',
      paper('Towards Automated Factchecking'),
      paper('The Data Challenge in Misinformation Detection'),
      '## EMNLP Session 1',
      paper('Reasoning about Actions and State Changes'),
      paper('SWAG: A Large-Scale Adversarial Dataset'),
      '## EMNLP Session 2',
      'Mostly talks on parsing, which I skipped for the QA track next door.',
      '## EMNLP Session 3',
      paper('HotpotQA: A Dataset for Diverse, Explainable Multi-hop Question Answering'),
      paper('Evaluating Theory of Mind in Question Answering'),
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Towards Automated Factchecking. Ann Author and Bo Writer Paper',
      '§2 The Data Challenge in Misinformation Detection. Ann Author and Bo Writer Paper',
      '§3 Reasoning about Actions and State Changes. Ann Author and Bo Writer Paper',
      '§4 SWAG: A Large-Scale Adversarial Dataset. Ann Author and Bo Writer Paper',
      '§5 HotpotQA: A Dataset for Diverse, Explainable Multi-hop Question Answering. Ann Author and Bo Writer Paper',
      '§6 Evaluating Theory of Mind in Question Answering. Ann Author and Bo Writer Paper',
    ]);
  });

  it('takes a heading among parts of a plan for a paper when its text opens on the paper it reads ("**Paper:** …")', () => {
    const md = [
      '# Learning plan',
      '## Phase 1: Foundations',
      '### 1.1 The Circuits Framework (Conceptual Foundation)',
      '**Paper:** [Zoom In: An Introduction to Circuits](https://distill.pub/2020/circuits/zoom-in/) - Olah et al. (2020)',
      'Features as directions.',
      '### 1.2 The IOI Circuit (First Complete Reverse-Engineering)',
      '**Paper:** [Interpretability in the Wild](https://arxiv.org/abs/2211.00593) - Wang et al. (2022)',
      'A circuit for indirect objects.',
      '## Phase 2: Sparse Autoencoders',
      '### 2.1 Towards Monosemanticity (The SAE Paper)',
      '**Paper:** [Towards Monosemanticity](https://transformer-circuits.pub/2023/monosemantic-features) - Bricken et al. (2023)',
      'Dictionary learning.',
      '### 2.2 Scaling SAEs to Frontier Models',
      '**Paper:** [Scaling and Evaluating Sparse Autoencoders](https://arxiv.org/abs/2406.04093) - Gao et al. (2024)',
      'Top-k SAEs.',
      '## Phase 3: Safety Applications',
      '### 3.1 Steering Evaluation-Aware Models',
      '**Paper:** [Steering Evaluation-Aware Language Models](https://arxiv.org/abs/2510.20487) - Hua et al. (2024)',
      'Steering vectors.',
      '### 3.2 Monitoring Reasoning Models',
      '**Paper:** [Monitoring Reasoning Models for Misbehavior](https://arxiv.org/abs/2503.11926) - Baker et al. (2025)',
      'Chain-of-thought monitors.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 The Circuits Framework (Conceptual Foundation)',
      '§2 The IOI Circuit (First Complete Reverse-Engineering)',
      '§3 Towards Monosemanticity (The SAE Paper)',
      '§4 Scaling SAEs to Frontier Models',
      '§5 Steering Evaluation-Aware Models',
      '§6 Monitoring Reasoning Models',
    ]);
  });

  it("takes a heading linking its paper in the ACL anthology's old address for one citing its paper, not for a group of the named parts under it", () => {
    const md = [
      '# **[Joint Learning of Character and Word Embedding](http://nlp.csai.tsinghua.edu.cn/~lzy/publications/ijcai2015_character.pdf)**',
      '## **CWE模型**',
      'CWE 把字向量加到词向量上。',
      '# **[Improve Chinese Word Embeddings by Exploiting Internal Structure](http://www.aclweb.org/anthology/N16-1119)**',
      '## **SCWE模型**',
      'SCWE 考虑字和词的相似度。',
      '## **Learn word and character vectors with SCWE**',
      '用 SCWE 学习词向量和字向量。',
      '# **[cw2vec: Learning Chinese Word Embeddings with Stroke n-gram Information](http://www.statnlp.org/cw2vec.pdf)**',
      '## **cw2vec模型**',
      'cw2vec 使用笔画 n-gram。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Joint Learning of Character and Word Embedding',
      '§2 Improve Chinese Word Embeddings by Exploiting Internal Structure',
      '§3 cw2vec: Learning Chinese Word Embeddings with Stroke n-gram Information',
    ]);
  });

  it('takes headings over the parts of a write-up for papers written in parts, the named ones after the parts for papers of their own, and a phrase opening a group for none', () => {
    const md = [
      '# 视频理解相关论文',
      '# 双流网络',
      '## 前言',
      '双流网络开创了视频理解。',
      '## 双流网络结构',
      '空间流和时间流各一个网络。',
      '## 总结',
      '光流很有用。',
      '# I3D',
      '## 相关工作',
      '之前的 3D 网络很难训练。',
      '## 实现细节',
      '把 2D 卷积核膨胀成 3D。',
      '## 总结',
      'I3D 在 Kinetics 上预训练。',
      '# 3D网络系列',
      '## C3D',
      'C3D 用 3D 卷积。',
      '## SlowFast',
      'SlowFast 有快慢两条通路。',
      '# 双流网络系列',
      '## 原始双流网络改进方向',
      '1. 能否换成 Early Fusion',
      '## Beyond Short Snippets',
      '用 LSTM 处理长视频。',
      '## TSN',
      'TSN 把视频分成几段。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 双流网络', '§2 I3D', '§3 C3D', '§4 SlowFast', '§5 Beyond Short Snippets', '§6 TSN']);
    const i3d = parseMarkdownDigest('d', md).sections.find((s) => s.heading === 'I3D')!;
    assert.deepEqual(i3d.subheadings, ['相关工作', '实现细节', '总结']);
  });

  it("takes the versions of a name under it for papers of their own, not for its parts, among headings numbered as a book's sections", () => {
    const md = [
      '# 第 23 章 轻量级网络浅析',
      '## 23.1 概述',
      '轻量级网络减少参数。',
      '## 23.2 MobileNet',
      '### 23.2.1 MobileNet V1',
      'MobileNet V1 使用深度可分离卷积。',
      '### 23.2.2 MobileNet V2',
      'MobileNet V2 使用倒残差结构。',
      '## 23.3 GhostNet',
      'GhostNet 用廉价操作生成特征图。',
      '## 23.4 SqueezeNet',
      'SqueezeNet 使用 Fire 模块。',
      '### 23.4.1 SqueezeNet的压缩策略',
      '用 1x1 卷积替换 3x3 卷积。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 MobileNet V1', '§2 MobileNet V2', '§3 GhostNet', '§4 SqueezeNet']);
  });

  it('takes a heading in sentence case before the first paper for a paper when a contents list of the papers links it', () => {
    const md = [
      '# 推荐系统论文集合',
      '- [A review on deep learning for recommender systems: challenges and remedies](#a-review-on-deep-learning-for-recommender-systems-challenges-and-remedies)',
      '- [Next Item Recommendation with Self-Attention](#next-item-recommendation-with-self-attention)',
      '- [Collaborative Memory Network for Recommendation Systems](#collaborative-memory-network-for-recommendation-systems)',
      '## A review on deep learning for recommender systems: challenges and remedies',
      '本文是一篇利用深度学习做推荐系统的综述。',
      '## Next Item Recommendation with Self-Attention',
      '本文提出了一种基于 self-attention 的推荐算法。',
      '## Collaborative Memory Network for Recommendation Systems',
      '本文提出了协同记忆网络。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 A review on deep learning for recommender systems: challenges and remedies',
      '§2 Next Item Recommendation with Self-Attention',
      '§3 Collaborative Memory Network for Recommendation Systems',
    ]);
  });

  it("takes a heading in sentence case whose text opens on its paper's authors and venue for a paper, and counts no paper for a heading with nothing to quote that names none", () => {
    const md = [
      '# Abstractive Text Summarization: A Survey',
      '## Sequence-to-sequence Framework',
      '![seq2seq](https://example.org/seq2seq.gif)',
      '## A Neural Attention Model for Abstractive Sentence Summarization',
      '- Alexander M. Rush et al.',
      '- EMNLP2015',
      '- 提出了 3 种 encoder。',
      '## Incorporating copying mechanism in sequence-to-sequence learning',
      '- Jiatao Gu et al.',
      '- ACL2016',
      '- 在 LCSTS 上实验。',
      '## Global Encoding for Abstractive Summarization',
      '- Junyang Lin et al.',
      '- ACL2018',
      '- 用 CNN 门控单元。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 A Neural Attention Model for Abstractive Sentence Summarization',
      '§2 Incorporating copying mechanism in sequence-to-sequence learning',
      '§3 Global Encoding for Abstractive Summarization',
    ]);
  });

  it('takes a heading over the same parts as the papers for a paper, however its title reads (notes written to one template)', () => {
    const paper = (title: string, core: string) => [
      `## ${title}`,
      '### 🌟 基本信息',
      `发表于 2020 年。`,
      '### 🎯 核心内容',
      core,
      '### 💡 学习收获',
      '关联是关键。',
    ];
    const md = [
      '# 多目标追踪论文总结',
      ...paper('Simple online and realtime tracking', 'SORT 用卡尔曼滤波预测目标位置。'),
      ...paper('3d multi-object tracking: A baseline and new evaluation metrics', 'AB3DMOT 在 3D 空间做匹配。'),
      ...paper('EagerMOT: 3D Multi-Object Tracking via Sensor Fusion', 'EagerMOT 融合相机和激光雷达。'),
      ...paper('ByteTrack: Multi-Object Tracking by Associating Every Detection Box', 'ByteTrack 关联低分检测框。'),
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Simple online and realtime tracking',
      '§2 3d multi-object tracking: A baseline and new evaluation metrics',
      '§3 EagerMOT: 3D Multi-Object Tracking via Sensor Fusion',
      '§4 ByteTrack: Multi-Object Tracking by Associating Every Detection Box',
    ]);
  });

  it('takes a heading among papers that are links for a paper when its text opens on the link to its paper', () => {
    const linked = (name: string, post: string, text: string) => [`### [${name}]({{ site.baseurl }}{% post_url ${post} %})`, text];
    const md = [
      '# RL Reviews: Model-Based RL',
      '## Learn Value Function',
      ...linked(
        'Real-Time Dynamic Programming',
        '2018-11-14-planning',
        'Real-Time Dynamic Programming(RTDP) extends LRTA* to stochastic environments.',
      ),
      ...linked('iterative Linear Quadratic Regulator', '2018-12-14-iLQR', 'Iterative LQR(iLQR) approximates a non-linear system by a linear one.'),
      ...linked('Monte-Carlo Tree Search', '2018-11-14-planning', 'Monte-Carlo Tree Search(MCTS) builds a search tree by simulation.'),
      '### Expert Iteration',
      '[Expert Iteration(ExIt)](https://arxiv.org/abs/1705.08439) uses MCTS as the expert policy to supervise an apprentice policy.',
      ...linked('AlphaZero', '2021-02-21-AlphaZero', 'AlphaZero learns by self-play.'),
      '## Learned Model',
      ...linked('Guided Policy Search with iLQR', '2018-12-21-GPS', 'Guided Policy Search(GPS) uses iLQR to train a policy.'),
      ...linked('Model-Based Model-Free', '2018-12-07-MBMF', 'MBMF initialises a model-free learner from a model-based policy.'),
      ...linked('Temporal Difference Models', '2019-04-27-TDM', 'Temporal Difference Models(TDM) learn goal-conditioned values.'),
      ...linked('PlaNet', '2020-02-14-PlaNet', 'PlaNet plans in a learned latent space.'),
      ...linked('Dreamer', '2020-02-27-Dreamer', 'Dreamer learns behaviours by latent imagination.'),
      ...linked('MuZero', '2021-02-27-MuZero', 'MuZero learns a model of value, policy and reward.'),
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Real-Time Dynamic Programming',
      '§2 iterative Linear Quadratic Regulator',
      '§3 Monte-Carlo Tree Search',
      '§4 Expert Iteration',
      '§5 AlphaZero',
      '§6 Guided Policy Search with iLQR',
      '§7 Model-Based Model-Free',
      '§8 Temporal Difference Models',
      '§9 PlaNet',
      '§10 Dreamer',
      '§11 MuZero',
    ]);
  });

  it('takes the members of a family for papers when their text opens on their name and a link to their paper, and a comparison of them for none', () => {
    const model = (name: string, arxiv: string) => [
      `### ${name}`,
      `**${name}** ([Someone et al., 2023](https://arxiv.org/abs/${arxiv})) was released by the lab.`,
    ];
    const md = [
      '# The Model Herd',
      '## The family',
      'The series has grown into one of the cornerstones of open models.',
      ...model('Herd 1', '2302.13971'),
      ...model('Herd 2', '2307.09288'),
      ...model('Code Herd', '2308.12950'),
      ...model('Herd Guard', '2312.06674'),
      ...model('Herd Guard Vision', '2411.10414'),
      '### Comparison',
      'The table compares the models above.',
      '## Key techniques',
      'Below is an analysis of the techniques the series adopted.',
      '### RMS Normalization (RMSNorm)',
      '**RMSNorm** ([Zhang & Sennrich, 2019](https://arxiv.org/abs/1910.07467)) normalizes by the root mean square only.',
      '### Grouped Query Attention (GQA)',
      '**GQA** ([Ainslie et al., 2023](https://arxiv.org/abs/2305.13245)) shares keys and values between groups of heads.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Herd 1',
      '§2 Herd 2',
      '§3 Code Herd',
      '§4 Herd Guard',
      '§5 Herd Guard Vision',
      '§6 RMS Normalization (RMSNorm)',
      '§7 Grouped Query Attention (GQA)',
    ]);
  });

  it('reads a list before the first heading with a short item per paper, none a sentence, as the contents: captions, not text to answer from', () => {
    const papers = [
      '# Effective Approaches to Attention-based NMT',
      'Local attention first predicts an aligned position.',
      '# DiSAN',
      'Masks make self-attention directional.',
      '# Word2vec',
      'Negative sampling replaces the softmax.',
    ];
    const contents = ['- Luong attention，全局与局部注意力、', '- disan，有向的transformer，注意力掩码', '- w2v，负采样', '', ...papers].join('\n');
    assert.deepEqual(
      linesOf(contents).map(([, role]) => role),
      ['caption', 'caption', 'caption'],
    );
    // A list of findings is no contents: its items are sentences.
    const findings = [
      '- Local attention beats global attention by 2 BLEU.',
      '- DiSAN needs no RNN.',
      '- Negative sampling is faster.',
      '',
      ...papers,
    ].join('\n');
    assert.deepEqual(
      linesOf(findings).map(([, role]) => role),
      ['item', 'item', 'item'],
    );
  });

  it('takes a group of title-case phrases for parts of the write-up where a group of headings cites its papers ("### SimCLR (2020)")', () => {
    const md = [
      '# Self-Supervised Learning',
      '## Essential Papers',
      '### SimCLR (2020)',
      'Two augmented views of an image are pulled together.',
      '### MoCo (2020)',
      'A momentum encoder keeps a queue of negatives.',
      '## Broader Insights and Implications',
      '### The Power of Unlabeled Data',
      'Unlabeled images are plentiful.',
      '### Contrastive Learning as Universal Framework',
      'Many methods compare views.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 SimCLR (2020)', '§2 MoCo (2020)']);
  });

  it('takes a heading numbered 0 before papers counted from 1 for an introduction ("## 0. 为什么…需要 MoE？")', () => {
    const md = [
      '# MoE 技术演进',
      '## 0. 为什么大模型时代依然需要 MoE？',
      '密集模型的扩展遇到了困境。',
      '## 1. Switch Transformer (2021): 规模化的开端',
      '每个 token 只路由到一个专家。',
      '## 2. GLaM (2021): 训练稳定性的工程基石',
      'GLaM 有 1.2T 参数。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 Switch Transformer (2021): 规模化的开端', '§2 GLaM (2021): 训练稳定性的工程基石']);
  });

  it('takes a heading linking only the recording of a talk for no paper, among headings linking their papers', () => {
    const md = [
      '## [Go-Explore: a New Approach for Hard-Exploration Problems](https://arxiv.org/pdf/1901.10995.pdf)',
      'Go-Explore remembers states it has visited and returns to them before exploring.',
      '## [Ilya Sutskever - Opening Remarks: Confronting the Possibility of AGI](https://www.youtube.com/watch?v=OPZxs6IXH00)',
      'He spoke about the road to general intelligence.',
      '## [Hindsight Experience Replay](https://arxiv.org/pdf/1707.01495.pdf)',
      'HER replays each episode with the goal it reached in place of the goal it had.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 Go-Explore: a New Approach for Hard-Exploration Problems', '§2 Hindsight Experience Replay']);
  });

  it("takes a venue and its year opening a heading for no paper's authors: a conference's figures before its papers are no paper", () => {
    const paper = (title: string, arxiv: string) => [
      `#### ${title} ([paper](https://arxiv.org/abs/${arxiv}))`,
      `The authors of ${title} propose a method.`,
    ];
    const md = [
      '# CVPR 2020 in numbers',
      'This year 1467 papers were accepted out of 6656 submissions.',
      '# Generative models',
      ...paper('SynSin: End-to-End View Synthesis From a Single Image', '1912.08804'),
      ...paper('StarGAN v2: Diverse Image Synthesis for Multiple Domains', '1912.01865'),
      '# Recognition',
      ...paper('PointRend: Image Segmentation as Rendering', '1912.08193'),
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 SynSin: End-to-End View Synthesis From a Single Image (paper)',
      '§2 StarGAN v2: Diverse Image Synthesis for Multiple Domains (paper)',
      '§3 PointRend: Image Segmentation as Rendering (paper)',
    ]);
  });

  it('takes numbered headings that go on with the count of papers for papers, in a group of headings naming nothing', () => {
    const paper = (n: number, title: string) => [`### ${n}. ${title}`, `**Year:** 2022`, `**Key Contribution:** what ${title} brought.`];
    const md = [
      '# Essential Papers for Diffusion Models',
      '## Core Papers',
      ...paper(1, 'Denoising Diffusion Probabilistic Models (DDPM)'),
      ...paper(2, 'Denoising Diffusion Implicit Models (DDIM)'),
      '## Video Diffusion',
      ...paper(3, 'Video Diffusion Models'),
      ...paper(4, 'Imagen Video: High Definition Video Generation with Diffusion Models'),
      '## Earlier Work',
      ...paper(5, 'Generative Adversarial Networks (GANs)'),
      ...paper(6, 'Auto-Encoding Variational Bayes (VAE)'),
      '## Reading Order',
      '### Week 1: Fundamentals',
      'Read the first two.',
      '### Week 2: Practice',
      'Run the code.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Denoising Diffusion Probabilistic Models (DDPM)',
      '§2 Denoising Diffusion Implicit Models (DDIM)',
      '§3 Video Diffusion Models',
      '§4 Imagen Video: High Definition Video Generation with Diffusion Models',
      '§5 Generative Adversarial Networks (GANs)',
      '§6 Auto-Encoding Variational Bayes (VAE)',
    ]);
  });

  it('takes a numbered heading a level lower that goes on with the count of papers for the next paper, and a keynote for none', () => {
    const md = [
      '# 介绍几个语言生成的预训练模型',
      '## 1. BART (Bidirectional and Auto-Regressive Transformers, 2019)',
      'BART 是一个去噪自编码器。',
      '## 2. MASS: Masked Sequence to sequence pre-training for Language Generation, 2019',
      'MASS mask 掉句子的一部分。',
      "## Ido Dagan's Keynote",
      '主题是知识的表示。',
      '## 3. Pegasus: Pre-training with Extracted Gap-sentences for Abstractive Summarization, 2020',
      'Pegasus 遮住整句。',
      '### 3.2 Masked Language Model (MLM)',
      '同时也用 MLM。',
      '### 4. UniLM (Unified Language Model Pre-training for Natural Language Understanding and Generation, 2019)',
      'UniLM 用三种 mask 统一理解和生成。',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 BART (Bidirectional and Auto-Regressive Transformers, 2019)',
      '§2 MASS: Masked Sequence to sequence pre-training for Language Generation, 2019',
      '§3 Pegasus: Pre-training with Extracted Gap-sentences for Abstractive Summarization, 2020',
      '§4 UniLM (Unified Language Model Pre-training for Natural Language Understanding and Generation, 2019)',
    ]);
  });

  it('takes a full title among papers that each link theirs for a paper though it links none, and a keynote for none', () => {
    const paper = (title: string, url: string) => [`### ${title}`, `**URL**: ${url}`, `**Mihai's comments**: what ${title.split(':')[0]} does.`];
    const md = [
      "# Mihai's Summary of EMNLP 2021",
      ...paper('ContractNLI: A Dataset for Document-level Natural Language Inference for Contracts', 'https://arxiv.org/abs/2110.01799'),
      "### Ido Dagan's Keynote",
      'Knowledge should be represented explicitly.',
      ...paper('Distilling Linguistic Context for Language Model Compression', 'https://arxiv.org/abs/2109.08359'),
      ...paper('Dynamic Knowledge Distillation for Pre-trained Language Models', 'https://arxiv.org/abs/2109.11295'),
      ...paper('Distantly Supervised Relation Extraction using Multi-Layer Revision Network and Confidence-based Multi-Instance Learning', 'TBD'),
      ...paper(
        'Logic-level Evidence Retrieval and Graph-based Verification Network for Table-based Fact Verification',
        'https://arxiv.org/abs/2109.06480',
      ),
      ...paper('Condenser: a Pre-training Architecture for Dense Retrieval', 'https://arxiv.org/abs/2104.08253'),
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 ContractNLI: A Dataset for Document-level Natural Language Inference for Contracts',
      '§2 Distilling Linguistic Context for Language Model Compression',
      '§3 Dynamic Knowledge Distillation for Pre-trained Language Models',
      '§4 Distantly Supervised Relation Extraction using Multi-Layer Revision Network and Confidence-based Multi-Instance Learning',
      '§5 Logic-level Evidence Retrieval and Graph-based Verification Network for Table-based Fact Verification',
      '§6 Condenser: a Pre-training Architecture for Dense Retrieval',
    ]);
  });

  it('takes a heading naming its paper\'s authors ("Lenet, Yann LeCun et al.") for one citing its paper, among papers linking theirs', () => {
    const md = [
      'Backbones are the most important architecture for the neural networks.',
      '## 1. Reviews',
      '## 2. History',
      'A brief figure below shows the time line.',
      '### - Lenet, Yann LeCun et al.',
      'LeNet-5, a simple but creative network for handwriting recognition. please refer to http://yann.lecun.com/exdb/lenet/',
      '### - AlexNet, Alex Krizhevsky et al.',
      'Won the ImageNet challenge in 2012. Refer to paper [ImageNet Classification](https://papers.nips.cc/paper/4824-imagenet-classification)',
      '### - VGGNet, Karen Simonyan, Andrew Zisserman',
      'Two 3 * 3 kernels replace a 5 * 5 one. Refer to paper [Very Deep Convolutional Networks](https://arxiv.org/abs/1409.1556)',
      '### GoogLeNet, Christian Szegedy, Wei Liu et al.',
      'Inception modules. Refer to paper [Going Deeper with Convolutions](https://arxiv.org/abs/1409.4842)',
      '### ResNet',
      'Shortcut connections. Refer to paper [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), [
      '§1 Lenet, Yann LeCun et al.',
      '§2 AlexNet, Alex Krizhevsky et al.',
      '§3 VGGNet, Karen Simonyan, Andrew Zisserman',
      '§4 GoogLeNet, Christian Szegedy, Wei Liu et al.',
      '§5 ResNet',
    ]);
  });

  it('takes headings that are only a paper\'s ordinal ("## 论文一", "## 论文二：") for papers titled by their notes, and parts every paper repeats for parts', () => {
    const paper = (ordinal: string, title: string, abstract: string) => [
      `## ${ordinal}`,
      '### 1. 论文信息',
      `1. 题目：${title}`,
      '### 2. 论文摘要',
      abstract,
      '### 3. 摘要PPT',
      '![ppt](ppt.png)',
      '结论写在最后一页。',
    ];
    const md = [
      '# 6D 姿态估计论文笔记',
      ...paper('论文一', 'RePOSE: Fast 6D Object Pose Refinement via Deep Texture Rendering', 'RePOSE 用深度纹理渲染来细化位姿。'),
      ...paper('论文二：', 'DONet: Learning Category-Level 6D Object Pose and Size Estimation', 'DONet 从深度观测估计类别级位姿。'),
      ...paper('论文三', 'Normalized Object Coordinate Space for Category-Level 6D Object Pose', 'NOCS 提出归一化物体坐标空间。'),
    ].join('\n\n');
    // Cited by the ordinal and the title its notes give.
    assert.deepEqual(paperHeadings(md), [
      '§1 论文一：RePOSE: Fast 6D Object Pose Refinement via Deep Texture Rendering',
      '§2 论文二：DONet: Learning Category-Level 6D Object Pose and Size Estimation',
      '§3 论文三：Normalized Object Coordinate Space for Category-Level 6D Object Pose',
    ]);
    const [first] = parseMarkdownDigest('pose.md', md).sections.filter((section) => section.isPaper);
    assert.ok(first!.passages.some((passage) => passage.text.includes('RePOSE 用深度纹理渲染来细化位姿。')));
  });

  it('where no heading reads as a paper, takes the largest group of the busiest level for the papers, one with only sub-headings too', () => {
    const md = [
      '# Overview of Efficient Transformers',
      '# Base:',
      '## Computation Cost',
      'Attention costs quadratic time in the sequence length.',
      '## Mode',
      'Encoder-only or decoder-only.',
      '# Detailed Walk-Through',
      '## Image Transformer',
      '### local attention',
      'Each query block attends to a memory block around it.',
      '## Sparse Transformer',
      'Strided and fixed patterns cut the cost to n sqrt n.',
      '## Reformer',
      'Locality-sensitive hashing groups similar keys.',
      '## Linear Transformer',
      'A kernel feature map makes attention linear.',
      '# References',
      'Tay et al. Efficient Transformers: A Survey.',
    ].join('\n\n');
    assert.deepEqual(paperHeadings(md), ['§1 Image Transformer', '§2 Sparse Transformer', '§3 Reformer', '§4 Linear Transformer']);
  });

  it("reads a BibTeX entry fenced under a paper as a line of its fields, and its arXiv id as the paper's link", () => {
    const md = [
      '# Quantization on LLMs',
      '#### Q8BERT: Quantized 8Bit BERT',
      'citation:',
      '```bibtex',
      '@inproceedings{Zafrir_2019,',
      '   title={Q8BERT: Quantized {8Bit} BERT},',
      '   booktitle={Fifth Workshop on Energy Efficient Machine Learning and Cognitive Computing - NeurIPS Edition (EMC2-NIPS)},',
      '   author={Zafrir, Ofir and Boudoukh, Guy},',
      '   year={2019},',
      '   month=dec',
      '}',
      '```',
      '#### GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers',
      '```bibtex',
      '@misc{frantar2023gptq,',
      '      title={GPTQ},',
      '      author={Elias Frantar and Dan Alistarh},',
      '      eprint={2210.17323},',
      '      archivePrefix={arXiv},',
      '      primaryClass={cs.LG}',
      '}',
      '```',
      '```python',
      'quantize(model, bits=4)',
      '```',
    ].join('\n');
    const digest = parseMarkdownDigest('quant.md', md);
    const [q8bert, gptq] = digest.sections;
    assert.deepEqual(
      q8bert!.passages.map((p) => p.text),
      [
        'citation:',
        'title: Q8BERT: Quantized 8Bit BERT; booktitle: Fifth Workshop on Energy Efficient Machine Learning and Cognitive Computing - NeurIPS Edition (EMC2-NIPS); author: Zafrir, Ofir and Boudoukh, Guy; year: 2019; month: dec',
      ],
    );
    assert.deepEqual(
      gptq!.passages.map((p) => p.text),
      ['title: GPTQ; author: Elias Frantar and Dan Alistarh; eprint: 2210.17323; archivePrefix: arXiv; primaryClass: cs.LG'],
    );
    assert.deepEqual(gptq!.links, ['https://arxiv.org/abs/2210.17323']);
  });

  it('reads a paragraph that opens like a caption ("Fig. 4.", "图 3") as one, though it ends a sentence', () => {
    const md = '## 1. SSD\n\nSSD uses VGG-16 as its base model.\n\nFig. 4. The model architecture of SSD.\n\n图 3 展示了 SSD 的结构。\n';
    const passage = parseMarkdownDigest('d', md).sections[0]!.passages[0]!;
    assert.deepEqual(
      passage.lines.map((l) => l.role),
      ['body', 'caption', 'caption'],
    );
  });

  it('reads a short line giving a field and its value as a fact, like a list item, and a link as a caption', () => {
    const md = '## 1. Inception\n\nInceptionV3 has 42 layers.\n\n**输入：** 尺寸为 (299, 299, 3) 的图像\n\nhttps://arxiv.org/pdf/1512.00567\n';
    const passage = parseMarkdownDigest('d', md).sections[0]!.passages[0]!;
    assert.deepEqual(
      passage.lines.map((l) => [l.role, l.text]),
      [
        ['body', 'InceptionV3 has 42 layers.'],
        ['item', '输入： 尺寸为 (299, 299, 3) 的图像'],
        ['caption', 'https://arxiv.org/pdf/1512.00567'],
      ],
    );
  });

  it('folds a short line that ends no sentence into the text before it, as a caption', () => {
    const md =
      '## 1. GPT\n\nThe first GPT paper is interesting to read in hindsight.\n\n[Abstract](https://openai.com/research)\n\n## 2. GPT-2\n\nMore data.\n';
    const passage = parseMarkdownDigest('d', md).sections[0]!.passages[0]!;
    assert.deepEqual(
      passage.lines.map((l) => l.role),
      ['body', 'caption'],
    );
  });

  it("reads a short line or a bold paragraph right above a block quote as the quote's label, not as text of its own", () => {
    const md = [
      '## 1. FovEx: explanations',
      '**数据集：**  ',
      '[ImageNet-1K](https://www.image-net.org/)  ',
      '> 用于：在验证集中选取 5000 张图像，作为主要测试集。',
      '',
      '[MIT1003](https://people.csail.mit.edu/)  ',
      '> 用于：提供 1003 张图像及对应的人眼注视图。',
      '',
      '## 2. Notes',
      '',
      'Some text here.',
      '',
      '**Term**',
      '',
      '> A description of the term.',
      '',
      '**段落连续性任务 Inter-sentence coherence loss.**',
      '',
      '> 使用段落连续性任务。',
    ].join('\n');
    const [first, second] = parseMarkdownDigest('d', md).sections;
    assert.deepEqual(
      first!.passages.map((p) => p.lines.map((l) => [l.role, l.text])),
      [
        [['body', '数据集： ImageNet-1K：用于：在验证集中选取 5000 张图像，作为主要测试集。']],
        [['body', 'MIT1003：用于：提供 1003 张图像及对应的人眼注视图。']],
      ],
    );
    assert.ok(first!.links.includes('https://people.csail.mit.edu/'));
    assert.deepEqual(
      second!.passages.map((p) => p.text),
      ['Some text here.', 'Term: A description of the term.', '段落连续性任务 Inter-sentence coherence loss. 使用段落连续性任务。'],
    );
  });

  it('tells the language by its script', () => {
    assert.equal(detectLanguage('QLoRA 是一种高效的微调方法,它把模型量化到 4 位。'), 'zh');
    assert.equal(detectLanguage('QLoRA is an efficient fine-tuning method that quantizes the model to 4 bits.'), 'en');
  });
});

/** The papers of a corpus of one Markdown digest (in a temporary folder, removed when the suite ends). */
function papersOf(markdown: string) {
  const dir = tempDir('paperbot-heading-names-');
  fs.writeFileSync(path.join(dir, 'notes.md'), markdown);
  return loadCorpus(dir).papers;
}

describe('the short names a paper heading gives', () => {
  for (const [heading, names] of [
    ['HyperFast：表格数据的即时分类', ['HyperFast']],
    ['MaIR: A Locality- and Continuity-Preserving Mamba for Image Restoration（CVPR 2025）', ['MaIR']],
    ['Dynamic Derivation and Elimination: Audio Visual Segmentation with Enhanced Audio Semantics (DDESeg)', ['DDESeg']],
    ['Llama 2: Open Foundation and Fine-Tuned Chat Models', ['Llama 2']],
    ['不留任何上下文：使用 Infini-attention 的高效无限上下文 Transformer', []],
    ['Megatron-Turing NLG', []],
    ['FovEx: Human-Inspired Explanations （IJCV 2025）', ['FovEx']],
    ['Longformer - The Long-Document Transformer', ['Longformer']],
    ['Scaling Laws for Long-Range Transformers', []],
    ['DeepSeek-V3 Technical Report', ['DeepSeek-V3']],
    // A heading covering two models names both.
    ['Wav2vec 2.0 / XLSR-53', ['Wav2vec 2.0', 'XLSR-53']],
    ['DeepSeek LLM Scaling Open-Source Language Models with Longtermism', ['DeepSeek LLM']],
    ['AI Research Papers of the Year', []],
    ['A Lexicon-Based Graph Neural Network for Chinese NER(EMNLP2019) [3]', []],
    ['畅游多模态领域：GLIDE', ['GLIDE']],
    ['高调进军视频领域：《Video Diffusion Models》', ['Video Diffusion Models']],
    ['stable diffusion的原型：《High-Resolution Image Synthesis with Latent Diffusion Models》', []],
    ['Switch Transformer (Fedus et al. 2021)', ['Switch Transformer']],
    ['RETRO (Borgeaud et al., 2021)', ['RETRO']],
    ['Mixture of Experts (Shazeer et al., 2017)', []],
    // A name set apart from a Chinese remark; a Latin word run into Chinese ("Unet已死") is not one.
    ['ScaleDet-重点', ['ScaleDet']],
    ['Mamba 模型解读', ['Mamba']],
    ['清华 AdaThinking', ['AdaThinking']],
    ['Unet已死，transformer当立！', []],
    // A year opening a heading dates it; a description before a colon labels the names after it.
    ['2014 Learning Factored Representations in a Deep Mixture of Experts', []],
    ['2020 GShard: Scaling Giant Models with Conditional Computation', ['GShard']],
    ['2022 - VideoINR: Learning Video Implicit Neural Representation', ['VideoINR']],
    // A dash standing for the colon a note's file name cannot hold.
    ['AdapterBias- Parameter-efficient Token-dependent Representation Shift for Adapters in NLP Tasks', ['AdapterBias']],
    ['Masked Action Modeling: BERT4Rec (2019)', ['BERT4Rec']],
    ['One-Stage: DIN (2018) and DIEN (2019)', ['DIN', 'DIEN']],
    ['Temporal Interest Module (TIM, 2024)', ['Temporal Interest Module', 'TIM']],
    ['High Performance Visual Tracking with Siamese Region Proposal Network (SiamRPN, CVPR2018)', ['SiamRPN']],
    ['Fast Online Object Tracking and Segmentation: A Unifying Approach (SiamMask, CVPR 2019)', ['SiamMask']],
    // Authors and year opening a heading cite its paper: the name follows, or the authors are all it is called by.
    ['Bonifacio, et al. 2022. mMARCO: A Multilingual Version of the MS MARCO Passage Ranking Dataset.', ['mMARCO']],
    ['Zhang et al., 2021. Mr. TyDi: A Multi-lingual Benchmark for Dense Retrieval', ['Mr. TyDi']],
    ['Zhu et al. 2025', ['Zhu et al.']],
    // A name before its expansion in brackets; words that are no name stay none.
    ['GPT (Generative Pre-training)', ['GPT']],
    ['Sparse Networks (Part 2)', []],
  ] as const) {
    it(`"${heading}" → ${JSON.stringify(names)}`, () => assert.deepEqual(headingNames(heading), names));
  }

  it('in an English digest, also the heading words its text writes alone as a name, not its title-case words or terms of the field', () => {
    const papers = papersOf(
      [
        '# Notes',
        '## 1. Megatron-Turing NLG',
        'Megatron was an influential paper. Megatron split each Transformer layer; before megatron, pipelining was the norm.',
        '## 2. Rethinking Attention with Performers',
        'Performer approximates softmax attention with random features. The Performer is a Transformer whose attention stays linear.',
        '## 3. Compressive Transformers for Long-Range Sequence Modelling',
        'It compresses old memories. Unlike a Transformer, it keeps a second memory, and the Transformer baseline loses.',
        '## 4. Chinchilla',
        'Chinchilla is compute-optimal, unlike Megatron.',
      ].join('\n\n'),
    );
    assert.deepEqual(
      papers.map((paper) => [paper.heading, paper.aliases]),
      [
        ['Megatron-Turing NLG', ['Megatron']],
        ['Rethinking Attention with Performers', ['Performer']],
        ['Compressive Transformers for Long-Range Sequence Modelling', []],
        ['Chinchilla', []],
      ],
    );
  });

  it('include the names of the title its text opens on ("论文地址：PSANet: …" under "## Point-wise Spatial Attention"), which is its English title', () => {
    const papers = papersOf(
      [
        '# 注意力机制',
        '## 2.2 PAM and CAM',
        '论文地址：[Dual Attention Network for Scene Segmentation](http://xxx.itp.ac.cn/pdf/1809.02983v2)',
        '',
        'PAM 的加权参数初始化为 0。',
        '## 2.6 Point-wise Spatial Attention',
        '论文地址：[PSANet: Point-wise Spatial Attention Network for Scene Parsing](https://hszhao.github.io/papers/eccv18_psanet.pdf)',
        '',
        '自适应特征有 C2 个通道。',
      ].join('\n'),
    );
    assert.deepEqual(
      papers.map((paper) => [paper.titleEn, paper.aliases]),
      [
        ['Dual Attention Network for Scene Segmentation', []],
        ['PSANet: Point-wise Spatial Attention Network for Scene Parsing', ['PSANet']],
      ],
    );
  });

  it('include an acronym its section writes for the start of its title, not a word of the title nor one every section writes', () => {
    const papers = papersOf(
      [
        '# Notes',
        '## 1. Masked Autoencoders Are Scalable Vision Learners',
        'MAE masks 75% of the patches; an LLM would not.',
        '## 2. BEiT: BERT Pre-Training of Image Transformers',
        'BEiT borrows masked modelling from BERT, as any LLM does.',
        '## 3. Rigging the Lottery: Making All Tickets Winners',
        'RigL grows and prunes connections. RigL keeps the LLM budget fixed.',
        '## 4. Large Language Model Simulator for Cold-Start Recommendation',
        'The LLM simulates users.',
      ].join('\n\n'),
    );
    assert.deepEqual(
      papers.map((paper) => paper.aliases),
      [['MAE'], ['BEiT'], ['Rigging the Lottery', 'RigL'], []],
    );
    // Written alike in a Chinese digest.
    const chinese = papersOf('# 自监督\n\n## Contrastive MultiView Coding\n\nCMC 这篇 paper 用多模态构造正样本。\n\n## MoCo\n\n动量编码器。\n');
    assert.deepEqual(chinese[0]!.aliases, ['CMC']);
  });

  it("include the name of the code repository a paper's section links, when no other section links it", () => {
    const papers = papersOf(
      [
        '# 扩散模型必读',
        '## 1. Unet已死，transformer当立！《Scalable Diffusion Models with Transformers》',
        '用 transformer 替换 Unet。[GitHub地址](https://github.com/facebookresearch/DiT)',
        '## 2. 《Diffusion Models Beat GANs》',
        '规范化的代码 [guided-diffusion](https://github.com/openai/guided-diffusion)，参考 [LLaVA](https://github.com/haotian-liu/LLaVA)。',
        '## 3. 《Visual Instruction Tuning》',
        '代码见 [LLaVA](https://github.com/haotian-liu/LLaVA/)。',
      ].join('\n\n'),
    );
    // guided-diffusion is no name in shape; LLaVA is linked from two sections, so it names neither.
    assert.deepEqual(
      papers.map((paper) => paper.aliases),
      [['DiT'], [], []],
    );
  });

  it("include a version of the paper's name that its section writes and no other heading names", () => {
    const papers = papersOf(
      [
        '# 十大预训练模型',
        '## 1) Inception:',
        'InceptionV3 模型由 42 层组成，Inception-v4 更深。Inception 2 次提出。',
        '## 2) InceptionResNet:',
        'InceptionResNet-v2 结合了 InceptionV3 与残差连接。',
        '## 3) YOLO',
        'YOLOv2 is covered in its own section.',
        '## 4) YOLOv2',
        'YOLOv2 adds anchor boxes.',
      ].join('\n\n'),
    );
    assert.deepEqual(
      papers.map((paper) => paper.aliases),
      [['InceptionV3', 'Inception-v4'], ['InceptionResNet-v2'], [], []],
    );
  });

  it('are the aliases of a digest without a catalogue: a question naming one names its paper', () => {
    const papers = papersOf(
      '# Notes\n\n## HyperFast: Instant Classification for Tabular Data\n\nIt needs no training.\n\n## ZLaP: Label Propagation\n\nIt uses geodesic distances.\n',
    );
    assert.deepEqual(
      papers.map((paper) => paper.aliases),
      [['HyperFast'], ['ZLaP']],
    );
  });
});

describe('a corpus folder with any mix of files', () => {
  const seedLike = '标题\n1) 第一篇论文\n第一篇论文讲了很多内容。\n2) 第二篇论文\n第二篇论文也讲了很多内容。\n';
  const english =
    '---\ntitle: Papers we read\n---\n\n## 1. Attention Is All You Need\n\nThe Transformer relies on attention.\n\n## 2. BERT\n\nBERT reads both ways.\n';

  it('loads Markdown and text side by side and skips, with one line each, what it cannot read', () => {
    const dir = tempDir('paperbot-corpus-');
    fs.writeFileSync(path.join(dir, 'seed.txt'), seedLike);
    fs.writeFileSync(path.join(dir, 'english.md'), english);
    fs.writeFileSync(path.join(dir, 'crlf-bom.md'), `\uFEFF${english.replaceAll('\n', '\r\n').replace('Papers we read', 'CRLF digest')}`);
    fs.writeFileSync(path.join(dir, 'empty.md'), '');
    fs.writeFileSync(path.join(dir, 'binary.md'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]));
    fs.writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from('1) Caf\xe9\nText.\n', 'latin1'));
    fs.writeFileSync(path.join(dir, 'no-papers.md'), 'Just some notes without any heading.\n');
    fs.writeFileSync(path.join(dir, 'huge.md'), `## 1. A\n\n${'word '.repeat(1_100_000)}\n`);
    fs.writeFileSync(path.join(dir, 'README.md'), '# About this folder\n');
    fs.writeFileSync(path.join(dir, 'slides.pdf'), Buffer.from('%PDF-1.7'));
    const corpus = loadCorpus(dir);
    assert.deepEqual(
      corpus.info.map((d) => [d.file, d.title, d.language, d.papers]),
      [
        ['crlf-bom.md', 'CRLF digest', 'en', 2],
        ['english.md', 'Papers we read', 'en', 2],
        ['seed.txt', '标题', 'zh', 2],
      ],
    );
    assert.deepEqual(
      corpus.skipped.map((s) => [s.file, s.problem.split(/[:(,]/u)[0]]),
      [
        ['binary.md', 'a binary file'],
        ['empty.md', 'empty'],
        ['huge.md', '5.2 MB'],
        ['latin1.txt', 'not UTF-8 text'],
        ['no-papers.md', 'no paper sections found'],
        ['slides.pdf', 'not a digest'],
      ],
    );
    // More than one digest: every passage names its digest, for citations.
    assert.ok(corpus.passages.every((p) => p.digestTitle === corpus.info.find((d) => d.name === p.digest)!.title));
    assert.deepEqual(corpus.papers.find((p) => p.digest === 'english')?.links, []);
  });

  it('a folder with nothing readable is one error naming each file and why', () => {
    const dir = tempDir('paperbot-corpus-');
    fs.writeFileSync(path.join(dir, 'empty.md'), '');
    assert.throws(() => loadCorpus(dir), /No readable digest in .*empty\.md: empty/u);
  });

  it('takes arXiv ids from the links of a digest without a catalogue', () => {
    const dir = tempDir('paperbot-corpus-');
    fs.writeFileSync(
      path.join(dir, 'linked.md'),
      '## [QLoRA](https://arxiv.org/pdf/2305.14314v2.pdf)\n\nFine-tuning.\n\n## [DPO](https://arxiv.org/abs/2305.18290)\n\nNo reward model.\n',
    );
    const corpus = loadCorpus(dir);
    assert.deepEqual(
      corpus.papers.map((p) => p.arxivId),
      ['2305.14314', '2305.18290'],
    );
  });
});
