import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embedLength } from '../src/discord/format/embeds.ts';
import { LIMITS } from '../src/discord/format/limits.ts';
import { shorten } from '../src/discord/format/text.ts';
import { buildPotdEmbed } from '../src/potd/post.ts';
import type { PaperProfile } from '../src/types.ts';

const qlora: PaperProfile = {
  digest: 'ten-noteworthy-ai-papers-2023',
  section: 3,
  headingZh: 'QLoRA:量化 LLM 的有效微调',
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
    assert.deepEqual(embed.fields!.map((field) => field.name), ['问问我 · Ask me about it']);
  });

  it('stays inside every Discord limit for an absurdly long paper', () => {
    const long = (unit: string) => unit.repeat(3000);
    const embed = buildPotdEmbed({
      ...qlora,
      headingZh: long('很长的标题'),
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
