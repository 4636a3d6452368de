import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { APIEmbed } from 'discord.js';
import { paperChoice } from '../src/discord/commands/paper.ts';
import { feedbackRow } from '../src/discord/components/feedback.ts';
import { originalButton } from '../src/discord/components/original.ts';
import {
  answerParts,
  englishPart,
  englishSectionTitle,
  originalSourceMessages,
  quotesRenderings,
  sourceField,
} from '../src/discord/format/answer.ts';
import { embedLength, groupEmbeds } from '../src/discord/format/embeds.ts';
import { LIMITS } from '../src/discord/format/limits.ts';
import { paperEmbed, paperNotFoundText } from '../src/discord/format/paper.ts';
import { localeLanguage } from '../src/discord/locale.ts';
import type { Answer, AnswerKind, Citation, PaperProfile } from '../src/types.ts';
import { alignYourLatents as alignYourLatentsOf, answer, citation, papers } from './support/fixtures.ts';

const HAN = /\p{Script=Han}/u;

/** §4 with the digest's English rendering, as the real corpus has it. */
const bloomberg: PaperProfile = {
  ...papers[3]!,
  headingEn: 'BloombergGPT: A Large Language Model for Finance',
  en: {
    title: 'BloombergGPT: A Large Language Model for Finance',
    summary: 'BloombergGPT is a financial language model.',
    keyPoints: ['BloombergGPT has 50 billion parameters.', 'It was trained on 363 billion tokens of financial data.'],
    exampleQuestion: 'What are the main contributions of BloombergGPT?',
  },
};

const alignYourLatents = alignYourLatentsOf(papers[0]!);

/** A §4 citation as the real core makes it: "中文标题 (English Title)", the Chinese passage and its translation. */
const bloombergCitation: Citation = {
  n: 1,
  digest: 'ten-noteworthy-ai-papers-2023',
  section: 4,
  title: 'BloombergGPT:金融大型语言模型 (BloombergGPT: A Large Language Model for Finance)',
  passageId: 'ten-noteworthy-ai-papers-2023:4.4',
  text: '简而言之,BloombergGPT 是一个拥有 500 亿个参数的金融语言模型。',
  translation: 'In short, BloombergGPT is a financial language model with 50 billion parameters.',
  score: 0.09,
  subheading: '小节',
  arxivUrl: 'https://arxiv.org/abs/2303.17564',
};

function englishAnswer(kind: AnswerKind, text: string, citations: Citation[] = []): Answer {
  return { question: 'q', answered: kind !== 'refusal', answer: text, citations, language: 'en', kind };
}

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

describe('sources of an English answer', () => {
  test("the heading names the section in English, the quote is the digest's English rendering", () => {
    const field = sourceField(bloombergCitation, 'en', 'BloombergGPT: A Large Language Model for Finance');
    assert.equal(field.name, '[1] §4 BloombergGPT: A Large Language Model for Finance');
    assert.equal(field.value, '> In short, BloombergGPT is a financial language model with 50 billion parameters.\nhttps://arxiv.org/abs/2303.17564');
    // The original behind the rendering, as "Show original" quotes it.
    assert.equal(
      sourceField(bloombergCitation, 'en', undefined, 'original').value,
      '> 简而言之,BloombergGPT 是一个拥有 500 亿个参数的金融语言模型。\nhttps://arxiv.org/abs/2303.17564',
    );
    // A Chinese reader sees the digest as written.
    assert.match(sourceField(bloombergCitation).value, /^> 简而言之/u);
    // Without the paper at hand, the English part of the citation's title.
    assert.equal(sourceField(bloombergCitation, 'en').name, '[1] §4 BloombergGPT: A Large Language Model for Finance');
    assert.equal(
      sourceField(bloombergCitation).name,
      '[1] §4 BloombergGPT:金融大型语言模型 (BloombergGPT: A Large Language Model for Finance) · 小节',
    );
  });

  test('answerParts takes the English title from the paper of the cited section', () => {
    const parts = answerParts(
      englishAnswer('quoted', 'From the digest (§4 BloombergGPT: A Large Language Model for Finance), translated from the Chinese: ... [1]', [
        bloombergCitation,
      ]),
      [{ ...bloomberg, digest: 'ten-noteworthy-ai-papers-2023', en: { ...bloomberg.en!, title: 'BloombergGPT (English heading)' } }],
    );
    const embed = parts[0]!.embeds![0]!;
    assert.equal(embed.title, 'Sources');
    assert.equal(embed.fields![0]!.name, '[1] §4 BloombergGPT (English heading)');
    assert.match(embed.fields![0]!.value, /50 billion parameters/u);
    assert.doesNotMatch(JSON.stringify(embed), HAN);
  });

  test('a rendering is quoted at more length than its original, within the field limit', () => {
    const sentence = 'Researchers found that combining 4-bit NormalFloat quantization with low-rank adapters greatly reduces memory. ';
    const field = sourceField({ ...bloombergCitation, translation: sentence.repeat(40) }, 'en');
    const quote = field.value.split('\n')[0]!;
    assert.ok(quote.length > 600 && quote.endsWith('…'), quote);
    assert.ok(field.value.length <= LIMITS.fieldValue);
  });

  test('"Show original" is offered where a source is quoted in rendering, and shows the Chinese of those sources', () => {
    const english = englishAnswer('quoted', 'From the digest (§4 BloombergGPT), translated from the Chinese: ... [1]', [bloombergCitation]);
    assert.equal(quotesRenderings(english), true);
    assert.equal(quotesRenderings({ ...english, language: 'zh' }), false, 'a Chinese reader already sees the original');
    const fromEnglishDigest: Citation = { ...citation(2, 3, 'QLoRA backpropagates through a frozen 4-bit model.'), digest: 'reading-group-notes' };
    assert.equal(quotesRenderings(englishAnswer('quoted', '... [1]', [fromEnglishDigest])), false, 'an English digest is its own original');

    const [message, ...more] = originalSourceMessages([bloombergCitation, fromEnglishDigest], 'en', [bloomberg]);
    assert.deepEqual(more, []);
    const [embed] = message!;
    assert.equal(embed!.title, 'Sources in the original Chinese');
    assert.deepEqual(embed!.fields, [
      {
        name: '[1] §4 BloombergGPT: A Large Language Model for Finance',
        value: '> 简而言之,BloombergGPT 是一个拥有 500 亿个参数的金融语言模型。\nhttps://arxiv.org/abs/2303.17564',
      },
    ]);
    const [zh] = originalSourceMessages([bloombergCitation], 'zh')[0]!;
    assert.equal(zh!.title, '来源原文');
    assert.match(zh!.fields![0]!.name, /^\[1\] §4 BloombergGPT:金融大型语言模型/u);
    assert.deepEqual(originalSourceMessages([fromEnglishDigest], 'en'), []);
  });

  test('an English digest is quoted as written, to English and Chinese readers alike', () => {
    const fromEnglishDigest = citation(1, 3, 'QLoRA backpropagates through a frozen 4-bit model.');
    assert.equal(sourceField(fromEnglishDigest, 'en').value.split('\n')[0], '> QLoRA backpropagates through a frozen 4-bit model.');
    assert.equal(sourceField(fromEnglishDigest, 'zh').value.split('\n')[0], '> QLoRA backpropagates through a frozen 4-bit model.');
  });

  test('an English digest with a Chinese rendering is shown in Chinese to a Chinese reader, its English one click away', () => {
    const rendered: Citation = {
      ...citation(1, 3, 'QLoRA backpropagates through a frozen 4-bit model.'),
      language: 'en',
      translation: 'QLoRA 通过冻结的 4 位模型反向传播梯度。',
    };
    assert.equal(sourceField(rendered, 'zh').value.split('\n')[0], '> QLoRA 通过冻结的 4 位模型反向传播梯度。');
    assert.equal(sourceField(rendered, 'en').value.split('\n')[0], '> QLoRA backpropagates through a frozen 4-bit model.');
    const chinese: Answer = { ...englishAnswer('quoted', '根据摘要(§3 QLoRA),译自英文:… [1]', [rendered]), language: 'zh' };
    assert.equal(quotesRenderings(chinese), true);
    assert.equal(quotesRenderings({ ...chinese, language: 'en' }), false, 'an English reader sees the original');
  });

  test('30 long rendered sources stay within every Discord limit, in the answer and behind "Show original"', () => {
    const citations = Array.from({ length: 30 }, (_, i) => ({
      ...citation(i + 1, 3, longPassage),
      title: '很长的标题'.repeat(80),
      translation: 'Researchers found that 4-bit NormalFloat quantization cuts memory. '.repeat(30),
    }));
    const parts = answerParts(englishAnswer('quoted', 'A long answer [1].', citations));
    const originals = originalSourceMessages(citations, 'en');
    for (const embeds of [...parts.map((part) => part.embeds ?? []), ...originals]) {
      assert.ok(embeds.length <= LIMITS.embedsPerMessage);
      assert.ok(embeds.reduce((sum, embed) => sum + embedLength(embed), 0) <= LIMITS.embedsTotal);
      for (const embed of embeds) assertEmbedWithinLimits(embed);
    }
    const fields = (embeds: APIEmbed[][]) => embeds.flat().flatMap((embed) => embed.fields ?? []);
    assert.equal(fields(parts.map((part) => part.embeds ?? [])).length, 30);
    assert.ok(fields(parts.map((part) => part.embeds ?? [])).every((field) => !HAN.test(field.value)));
    assert.equal(fields(originals).length, 30);
    assert.ok(fields(originals).every((field) => field.value.startsWith('> 研究人员发现')));
  });

  test("englishSectionTitle takes the citation's own paper (digest and section), else reads the title", () => {
    const other = { ...bloomberg, digest: 'another-digest', en: { ...bloomberg.en!, title: 'Other digest §4' } };
    const own = { ...bloomberg, digest: 'ten-noteworthy-ai-papers-2023' };
    assert.equal(englishSectionTitle(bloombergCitation, [other, own]), 'BloombergGPT: A Large Language Model for Finance');
    assert.equal(
      englishSectionTitle(bloombergCitation, [other]),
      'BloombergGPT: A Large Language Model for Finance',
      'another digest’s §4 is another paper',
    );
    assert.equal(englishSectionTitle(bloombergCitation, []), 'BloombergGPT: A Large Language Model for Finance');
  });

  test('englishPart finds the bracketed English title, even with brackets in either part', () => {
    assert.equal(englishPart('直接偏好优化(DPO) (Direct Preference Optimization (DPO))'), 'Direct Preference Optimization (DPO)');
    assert.equal(englishPart('米斯特拉尔 7B (Mistral 7B)'), 'Mistral 7B');
    assert.equal(englishPart('Mistral 7B'), 'Mistral 7B');
    assert.equal(englishPart('细分一切（分割）'), '细分一切（分割）');
  });

  test('small talk, help and the catalogue have no sources embed', () => {
    for (const kind of ['smalltalk', 'help', 'catalogue'] as const) {
      const parts = answerParts(englishAnswer(kind, "You're welcome! Ask me anything else about the digest."), [bloomberg]);
      assert.deepEqual(parts, [{ content: "You're welcome! Ask me anything else about the digest." }], kind);
    }
  });

  test("feedback buttons are labelled in the answer's language", () => {
    const labels = (row: ReturnType<typeof feedbackRow>) => row.toJSON().components.map((button) => ('label' in button ? button.label : ''));
    assert.deepEqual(labels(feedbackRow('a1', 'en')), ['Helpful', 'Not helpful']);
    assert.deepEqual(labels(feedbackRow('a1')), ['有帮助', '没帮助']);
    assert.deepEqual(labels(feedbackRow('a1', 'en').addComponents(originalButton('a1', 'en'))), ['Helpful', 'Not helpful', 'Show original']);
  });
});

describe('groupEmbeds', () => {
  test('starts a new message before 10 embeds or 6000 characters', () => {
    const big: APIEmbed = { description: 'x'.repeat(3500) };
    assert.deepEqual(
      groupEmbeds([big, big, big]).map((group) => group.length),
      [1, 1, 1],
    );
    const small: APIEmbed = { description: 'x' };
    assert.deepEqual(
      groupEmbeds(Array(12).fill(small)).map((group) => group.length),
      [10, 2],
    );
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
    const huge = { ...papers[0]!, heading: '题'.repeat(400), summary: '摘要。'.repeat(3000), keyPoints: Array(100).fill('要点'.repeat(30)) };
    assertEmbedWithinLimits(paperEmbed(huge));
  });

  test('the not-found text suggests papers, or explains what to type', () => {
    assert.match(paperNotFoundText('qlroa', [papers[2]!]), /你是不是要找：\n• §3 QLoRA/u);
    assert.match(paperNotFoundText('???', []), /自动补全/u);
  });
});

describe('paper card in English', () => {
  test('an English client gets English; any other locale the Chinese card', () => {
    assert.deepEqual(['en-US', 'en-GB', 'EN-us', 'en', 'zh-CN', 'zh-TW', 'de', 'eng', '', undefined, null].map(localeLanguage), [
      'en',
      'en',
      'en',
      'en',
      'zh',
      'zh',
      'zh',
      'zh',
      'zh',
      'zh',
      'zh',
    ]);
  });

  test('shows the English title, summary, key points and example question, with links and limits kept', () => {
    const embed = paperEmbed(bloomberg, 'en');
    assert.equal(embed.title, '§4 BloombergGPT: A Large Language Model for Finance');
    assert.equal(embed.url, 'https://arxiv.org/abs/2303.17564');
    assert.equal(embed.description, 'BloombergGPT is a financial language model.');
    assert.deepEqual(embed.fields, [
      { name: 'arXiv', value: 'https://arxiv.org/abs/2303.17564', inline: true },
      { name: 'Key points', value: '• BloombergGPT has 50 billion parameters.\n• It was trained on 363 billion tokens of financial data.' },
    ]);
    assert.match(embed.footer!.text, /^Try \/ask: What are the main contributions of BloombergGPT\?\n.*translated from the Chinese/u);
    assert.doesNotMatch(JSON.stringify(embed), HAN);
    assertEmbedWithinLimits(embed);
    const huge = {
      ...bloomberg,
      en: {
        title: '题'.repeat(400),
        summary: 'Summary. '.repeat(3000),
        keyPoints: Array(100).fill('point '.repeat(30)),
        exampleQuestion: 'why '.repeat(500),
      },
    };
    assertEmbedWithinLimits(paperEmbed(huge, 'en'));
  });

  test('names the paper when the English heading is not its title', () => {
    const pythia = {
      ...bloomberg,
      titleEn: 'Pythia: A Suite for Analyzing Large Language Models',
      en: { ...bloomberg.en!, title: 'Pythia — Insights from Large-Scale Training Runs' },
    };
    assert.match(paperEmbed(pythia, 'en').description!, /^\*\*Pythia: A Suite for Analyzing Large Language Models\*\*\n\nBloombergGPT is/u);
  });

  test("§10 shows the heading's paper and the paper its text is about, labelled, in both languages", () => {
    const links = (language: 'zh' | 'en') => paperEmbed(alignYourLatents, language).fields!.find((field) => field.name === 'arXiv')!;
    assert.equal(
      links('en').value,
      'Paper named in the heading: Align Your Latents: High-Resolution Video Synthesis with Latent Diffusion Models\nhttps://arxiv.org/abs/2304.08818\n' +
        'Paper the text is about: Emu Video: Factorizing Text-to-Video Generation by Explicit Image Conditioning\nhttps://arxiv.org/abs/2311.10709',
    );
    assert.match(
      links('zh').value,
      /^标题所指的论文：Align Your Latents.*\nhttps:\/\/arxiv\.org\/abs\/2304\.08818\n正文介绍的论文：Emu Video.*\nhttps:\/\/arxiv\.org\/abs\/2311\.10709$/u,
    );
    assert.equal(links('zh').inline, false);
  });

  test('without an English rendering the card stays Chinese', () => {
    assert.deepEqual(paperEmbed(papers[2]!, 'en'), paperEmbed(papers[2]!));
  });

  test('"did you mean" and autocomplete put the English title first for an English client', () => {
    assert.equal(
      paperNotFoundText('bloomberg gtp', [bloomberg, papers[2]!], 'en'),
      'No paper matches "bloomberg gtp". Did you mean:\n• §4 BloombergGPT: A Large Language Model for Finance (BloombergGPT:金融大型语言模型)\n' +
        '• §3 QLoRA: Efficient Finetuning of Quantized LLMs (QLoRA:高效微调量化 LLM)',
    );
    assert.match(paperNotFoundText('???', [], 'en'), /^No paper matches "\?\?\?"\. .*autocomplete/u);
    assert.deepEqual(paperChoice(bloomberg, 'en'), {
      name: '§4 BloombergGPT: A Large Language Model for Finance — BloombergGPT:金融大型语言模型',
      value: 'ten-noteworthy-ai-papers-2023:4',
    });
    assert.equal(paperChoice(bloomberg).name, '§4 BloombergGPT:金融大型语言模型 — BloombergGPT: A Large Language Model for Finance');
    assert.ok(paperChoice({ ...alignYourLatents, en: { ...alignYourLatents.en!, title: 'x'.repeat(300) } }, 'en').name.length <= LIMITS.choiceName);
  });
});
