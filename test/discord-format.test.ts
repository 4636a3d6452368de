import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { APIEmbed } from 'discord.js';
import { answerParts, sourceField } from '../src/discord/format/answer.ts';
import { embedLength, groupEmbeds } from '../src/discord/format/embeds.ts';
import { LIMITS } from '../src/discord/format/limits.ts';
import { paperEmbed, paperNotFoundText } from '../src/discord/format/paper.ts';
import { answer, citation, papers } from './support/fixtures.ts';

function assertEmbedWithinLimits(embed: APIEmbed): void {
  assert.ok((embed.title?.length ?? 0) <= LIMITS.embedTitle);
  assert.ok((embed.description?.length ?? 0) <= LIMITS.embedDescription);
  assert.ok((embed.fields?.length ?? 0) <= LIMITS.embedFields);
  for (const field of embed.fields ?? []) {
    assert.ok(field.name.length > 0 && field.name.length <= LIMITS.fieldName);
    assert.ok(field.value.length > 0 && field.value.length <= LIMITS.fieldValue);
  }
  assert.ok(embedLength(embed) <= LIMITS.embedsTotal);
}

const longPassage = '研究人员发现，把 4 位 NormalFloat 量化与低秩适配器结合，可以显著降低显存需求。'.repeat(60);

describe('answerParts', () => {
  test('a 10,000-character answer with 30 long sources stays within every Discord limit and keeps all text', () => {
    const text = '这是一个很长的回答[1]。'.repeat(900);
    const citations = Array.from({ length: 30 }, (_, i) => ({
      ...citation(i + 1, 3, longPassage),
      title: '很长的标题'.repeat(80),
    }));
    const parts = answerParts(answer('问题', text, citations));
    assert.equal(parts.map((part) => part.content ?? '').join(''), text);
    const fields = parts.flatMap((part) => part.embeds ?? []).flatMap((embed) => embed.fields ?? []);
    assert.equal(fields.length, 30);
    for (const part of parts) {
      assert.ok((part.content?.length ?? 0) <= LIMITS.content);
      assert.ok((part.embeds?.length ?? 0) <= LIMITS.embedsPerMessage);
      assert.ok((part.embeds ?? []).reduce((sum, embed) => sum + embedLength(embed), 0) <= LIMITS.embedsTotal);
      for (const embed of part.embeds ?? []) assertEmbedWithinLimits(embed);
    }
  });

  test('a short answer is one message: the text, then the sources embed', () => {
    const parts = answerParts(answer('QLoRA?', 'QLoRA 是一种高效微调方法[1]。', [citation(1, 3, 'QLoRA 通过 4 位量化降低显存。')]));
    assert.equal(parts.length, 1);
    assert.equal(parts[0]!.content, 'QLoRA 是一种高效微调方法[1]。');
    assert.equal(parts[0]!.embeds?.[0]?.title, '来源');
  });

  test('an empty answer without sources still yields a message', () => {
    const parts = answerParts(answer('?', '  ', []));
    assert.equal(parts.length, 1);
    assert.ok(parts[0]!.content);
  });
});

describe('sourceField', () => {
  test('names section and title, quotes a trimmed passage and links arXiv', () => {
    const field = sourceField(citation(2, 3, longPassage));
    assert.match(field.name, /^\[2\] §3 QLoRA/u);
    assert.match(field.value, /^> 研究人员发现/u);
    assert.match(field.value, /…\nhttps:\/\/arxiv\.org\/abs\/2305\.14314$/u);
    assert.ok(field.value.length <= LIMITS.fieldValue);
  });

  test('a source without an arXiv link has no link line', () => {
    const field = sourceField({ ...citation(1, 6, '短段落。'), arxivUrl: undefined });
    assert.equal(field.value, '> 短段落。');
  });
});

describe('groupEmbeds', () => {
  test('starts a new message before 10 embeds or 6000 characters', () => {
    const big: APIEmbed = { description: 'x'.repeat(3500) };
    assert.deepEqual(groupEmbeds([big, big, big]).map((group) => group.length), [1, 1, 1]);
    const small: APIEmbed = { description: 'x' };
    assert.deepEqual(groupEmbeds(Array(12).fill(small)).map((group) => group.length), [10, 2]);
  });
});

describe('paper embed', () => {
  test('shows the section title, English title, arXiv link, summary and key points within limits', () => {
    const embed = paperEmbed(papers[2]!);
    assert.equal(embed.title, '§3 QLoRA:高效微调量化 LLM');
    assert.equal(embed.url, 'https://arxiv.org/abs/2305.14314');
    assert.match(embed.description!, /\*\*QLoRA: Efficient Finetuning of Quantized LLMs\*\*\n\n.+摘要/u);
    assert.match(embed.fields!.find((field) => field.name === '要点')!.value, /^• QLoRA 的要点一\n• 要点二$/u);
    assertEmbedWithinLimits(embed);
  });

  test('a huge summary and many key points are cut to fit', () => {
    const huge = { ...papers[0]!, headingZh: '题'.repeat(400), summary: '摘要。'.repeat(3000), keyPoints: Array(100).fill('要点'.repeat(30)) };
    assertEmbedWithinLimits(paperEmbed(huge));
  });

  test('the not-found text suggests papers, or explains what to type', () => {
    assert.match(paperNotFoundText('qlroa', [papers[2]!]), /你是不是要找：\n• §3 QLoRA/u);
    assert.match(paperNotFoundText('???', []), /自动补全/u);
  });
});
