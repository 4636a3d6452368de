import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embedLength } from '../src/discord/format/embeds.ts';
import { LIMITS } from '../src/discord/format/limits.ts';
import { shorten } from '../src/discord/format/text.ts';
import { buildPotdEmbed } from '../src/discord/format/potd.ts';
import type { PaperProfile } from '../src/types.ts';
import { alignYourLatents as alignYourLatentsOf } from './support/fixtures.ts';

const qlora: PaperProfile = {
  digest: 'ten-noteworthy-ai-papers-2023',
  section: 3,
  heading: 'QLoRA:量化 LLM 的有效微调',
  titleEn: 'QLoRA: Efficient Finetuning of Quantized LLMs',
  arxivId: '2305.14314',
  aliases: ['QLoRA'],
  links: [],
  tags: { en: ['fine-tuning'], zh: ['微调'] },
  discusses: [],
  arxivUrl: 'https://arxiv.org/abs/2305.14314',
  summary: 'QLoRA 把模型量化到 4 位，再用 LoRA 微调。这样单张 48GB 显卡就能微调 65B 模型。',
  keyPoints: ['4 位 NormalFloat 量化', '双重量化进一步节省显存', '分页优化器避免显存峰值', '第四点不该出现'],
  exampleQuestion: 'QLoRA 微调 65B 模型需要多少显存?',
};

describe('the paper-of-the-day embed', () => {
  it('shows the section, both titles, the link, key points and an /ask hint', () => {
    const embed = buildPotdEmbed(qlora, new Date('2023-05-01T01:00:00Z'));
    assert.equal(embed.title, '§3 QLoRA:量化 LLM 的有效微调');
    assert.equal(embed.url, 'https://arxiv.org/abs/2305.14314');
    assert.match(embed.description!, /^\*QLoRA: Efficient Finetuning of Quantized LLMs\*\n\nQLoRA 把模型量化到 4 位/);
    const [points, link, ask] = embed.fields!;
    assert.equal(points!.value, '• 4 位 NormalFloat 量化\n• 双重量化进一步节省显存\n• 分页优化器避免显存峰值');
    assert.equal(link!.value, 'https://arxiv.org/abs/2305.14314');
    assert.match(ask!.value, /`\/ask question: QLoRA 微调 65B 模型需要多少显存\?`/);
    assert.equal(embed.timestamp, '2023-05-01T01:00:00.000Z');
  });

  it('leaves out the link and key points when the digest has none', () => {
    const embed = buildPotdEmbed({ ...qlora, arxivUrl: undefined, keyPoints: [] });
    assert.equal(embed.url, undefined);
    assert.deepEqual(
      embed.fields!.map((field) => field.name),
      ['问问我 · Ask me about it'],
    );
  });

  it('stays inside every Discord limit for an absurdly long paper', () => {
    const long = (unit: string) => unit.repeat(3000);
    const embed = buildPotdEmbed({
      ...qlora,
      heading: long('很长的标题'),
      titleEn: long('A very long title '),
      summary: long('这是一句很长的摘要。'),
      keyPoints: [long('要点一，'), long('要点二。'), long('point three. ')],
      exampleQuestion: long('问题'),
    });
    assert.ok(embed.title!.length <= LIMITS.embedTitle);
    assert.ok(embed.description!.length <= LIMITS.embedDescription);
    for (const field of embed.fields!) assert.ok(field.value.length <= LIMITS.fieldValue, field.name);
    assert.ok(embedLength(embed) <= LIMITS.embedsTotal);
  });

  it('escapes Markdown in the English title', () => {
    assert.match(buildPotdEmbed({ ...qlora, titleEn: 'A *bold* _claim_' }).description!, /^\*A \\\*bold\\\* \\_claim\\_\*/);
  });
});

/** QLoRA with the digest's English rendering. */
const qloraEn: PaperProfile = {
  ...qlora,
  headingEn: 'QLoRA: Efficient Fine-Tuning of Quantized LLMs',
  en: {
    title: 'QLoRA: Efficient Fine-Tuning of Quantized LLMs',
    summary: 'QLoRA quantizes the model to 4 bits and fine-tunes it with LoRA. A single 48 GB GPU can then fine-tune a 65B model.',
    keyPoints: ['4-bit NormalFloat quantization', 'Double quantization saves more memory', 'Paged optimizers avoid memory spikes', 'A fourth point'],
    exampleQuestion: 'How much memory does QLoRA need to fine-tune a 65B model?',
  },
};

const alignYourLatents = alignYourLatentsOf(qloraEn);

const HAN = /\p{Script=Han}/u;

describe('the paper-of-the-day embed in English', () => {
  it('uses the English profile: title, summary, key points, example question and English labels', () => {
    const embed = buildPotdEmbed(qloraEn, new Date('2023-05-01T01:00:00Z'), 'en');
    assert.equal(embed.author!.name, 'Paper of the day');
    assert.equal(embed.title, '§3 QLoRA: Efficient Fine-Tuning of Quantized LLMs');
    assert.equal(embed.url, 'https://arxiv.org/abs/2305.14314');
    // The heading already is the paper's title ("Fine-Tuning" / "Finetuning"): not repeated.
    assert.equal(
      embed.description,
      'QLoRA quantizes the model to 4 bits and fine-tunes it with LoRA. A single 48 GB GPU can then fine-tune a 65B model.',
    );
    const [points, link, ask] = embed.fields!;
    assert.equal(points!.name, 'Key points');
    assert.equal(points!.value, '• 4-bit NormalFloat quantization\n• Double quantization saves more memory\n• Paged optimizers avoid memory spikes');
    assert.equal(link!.value, 'https://arxiv.org/abs/2305.14314');
    assert.equal(ask!.name, 'Ask me about it');
    assert.match(ask!.value, /`\/ask question: How much memory does QLoRA need to fine-tune a 65B model\?`/);
    const text = [embed.author!.name, embed.title, embed.description, ...embed.fields!.flatMap((f) => [f.name, f.value])].join('\n');
    assert.doesNotMatch(text, HAN, 'nothing Chinese in an English post');
  });

  it('names the paper under an English heading that is not its title', () => {
    const pythia = {
      ...qloraEn,
      titleEn: 'Pythia: A Suite for Analyzing Large Language Models',
      en: { ...qloraEn.en!, title: 'Pythia — Insights from Large-Scale Training Runs' },
    };
    assert.match(
      buildPotdEmbed(pythia, undefined, 'en').description!,
      /^\*Pythia: A Suite for Analyzing Large Language Models\*\n\nQLoRA quantizes/u,
    );
  });

  it('falls back to the Chinese post when the digest has no English rendering', () => {
    assert.deepEqual(buildPotdEmbed(qlora, undefined, 'en'), buildPotdEmbed(qlora));
  });

  it('shows both papers of §10, labelled, in either language', () => {
    const en = buildPotdEmbed(alignYourLatents, undefined, 'en').fields!.find((field) => field.name === 'arXiv')!.value;
    assert.equal(
      en,
      'Paper named in the heading: Align Your Latents: High-Resolution Video Synthesis with Latent Diffusion Models\nhttps://arxiv.org/abs/2304.08818\n' +
        'Paper the text is about: Emu Video: Factorizing Text-to-Video Generation by Explicit Image Conditioning\nhttps://arxiv.org/abs/2311.10709',
    );
    const zh = buildPotdEmbed(alignYourLatents).fields!.find((field) => field.name === 'arXiv')!.value;
    assert.match(
      zh,
      /^标题所指的论文：Align Your Latents[^\n]*\nhttps:\/\/arxiv\.org\/abs\/2304\.08818\n正文介绍的论文：Emu Video[^\n]*\nhttps:\/\/arxiv\.org\/abs\/2311\.10709$/u,
    );
  });

  it('stays inside every Discord limit for an absurdly long English profile', () => {
    const long = (unit: string) => unit.repeat(3000);
    const embed = buildPotdEmbed(
      {
        ...alignYourLatents,
        titleEn: long('A very long title '),
        discusses: [{ ...alignYourLatents.discusses[0]!, titleEn: long('Another long title ') }],
        en: {
          title: long('Long heading '),
          summary: long('A long summary. '),
          keyPoints: [long('one, '), long('two. '), long('three ')],
          exampleQuestion: long('why '),
        },
      },
      undefined,
      'en',
    );
    assert.ok(embed.title!.length <= LIMITS.embedTitle);
    assert.ok(embed.description!.length <= LIMITS.embedDescription);
    for (const field of embed.fields!) assert.ok(field.value.length <= LIMITS.fieldValue, field.name);
    assert.ok(embedLength(embed) <= LIMITS.embedsTotal);
  });
});

describe('shorten', () => {
  it('keeps text that fits', () => {
    assert.equal(shorten('  短句。 ', 10), '短句。');
  });

  it('ends after the last whole Chinese sentence that fits', () => {
    assert.equal(shorten('第一句话。第二句话！第三句话很长很长很长。', 12), '第一句话。第二句话！');
  });

  it('ends after an English sentence but not inside a number', () => {
    assert.equal(shorten('It uses 4.5 bits. Then it fine-tunes with LoRA adapters.', 30), 'It uses 4.5 bits.');
  });

  it('cuts mid-sentence with an ellipsis when no sentence end keeps half the room', () => {
    const cut = shorten('这是一个没有句号而且非常非常非常长的句子', 10);
    assert.equal(cut, '这是一个没有句号而且'.slice(0, 9) + '…');
    assert.equal(cut.length, 10);
  });

  it('never splits a surrogate pair', () => {
    const cut = shorten('🙂'.repeat(10), 6);
    assert.ok(cut.length <= 6);
    assert.doesNotMatch(cut, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    assert.equal(cut, '🙂🙂…');
  });
});
