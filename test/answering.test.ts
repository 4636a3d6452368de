import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { cleanQuestion, detectLanguage, MAX_QUESTION_CHARS } from '../src/answer/question.ts';
import { readQuestions, score } from '../src/eval/metrics.ts';
import type { LocalQaService } from '../src/qa.ts';
import { InvalidQuestionError } from '../src/types.ts';
import { createQaService } from '../src/qa.ts';
import { qaOverDigest, sharedQa, tempDir, testConfig } from './support/core.ts';

let qa: LocalQaService;
before(async () => {
  qa = await sharedQa();
});

/** The eval metrics of the real pipeline on a question file. */
async function evaluate(file: string) {
  const questions = readQuestions(file);
  const results = [];
  for (const q of questions) results.push(await qa.ask(q.q));
  return score(questions, results);
}

describe('question input', () => {
  it('cleans control characters and whitespace, keeps the words', () => {
    // A zero-width space is removed rather than made a space (see test/ops-input.test.ts).
    assert.equal(cleanQuestion('  QLoRA\u0000 是\u200b什么?\n\t '), 'QLoRA 是什么?');
  });

  for (const [name, input, reason] of [
    ['empty', '', 'empty'],
    ['whitespace only', ' \n\t ', 'empty'],
    ['control characters only', '\u0001\u0002\u007f', 'empty'],
    ['emoji only', '🤖🔥👍🏽', 'no-text'],
    ['10,000 characters', 'QLoRA '.repeat(1667), 'too-long'],
  ] as const) {
    it(`rejects ${name} with a clear, bilingual message`, () => {
      assert.throws(
        () => cleanQuestion(input),
        (error: unknown) => {
          assert.ok(error instanceof InvalidQuestionError);
          assert.equal(error.reason, reason);
          assert.match(error.message, /[a-z].*\/.*[\u4e00-\u9fff]/su);
          return true;
        },
      );
    });
  }

  it(`accepts a question of exactly ${MAX_QUESTION_CHARS} characters`, () => {
    assert.equal([...cleanQuestion('问'.repeat(MAX_QUESTION_CHARS))].length, MAX_QUESTION_CHARS);
  });

  it('detects the language a question frames its words in', () => {
    assert.equal(detectLanguage('Mixtral 总共大约有多少参数?'), 'zh');
    assert.equal(detectLanguage('What base model is Zephyr 7B built on?'), 'en');
    assert.equal(detectLanguage('What does 量化 mean here?'), 'en');
  });
});

describe('answers from the real pipeline', () => {
  for (const [question, section] of [
    ['Mixtral 总共大约有多少参数?', 6],
    ['滑动窗口注意力是 Mistral 首创的吗?', 6],
    ['SAM 由哪三个组件组成?', 9],
    ['How many tokens of financial data was BloombergGPT trained on?', 4],
    ['What does Orca 2 try to teach small models?', 7],
    ['Does the training order affect memorization in Pythia?', 1],
  ] as const) {
    it(`cites §${section} first for "${question}"`, async () => {
      const answer = await qa.ask(question);
      assert.equal(answer.answered, true);
      assert.equal(answer.citations[0]?.section, section);
    });
  }

  it('answers an English question in English: the rendering quoted as translated, the original in the sources', async () => {
    const answer = await qa.ask('How many parameters does BloombergGPT have?');
    assert.equal(answer.language, 'en');
    assert.match(answer.answer, /^From the digest \(§4 BloombergGPT: A Large Language Model for Finance\), translated from the Chinese: /u);
    assert.match(answer.answer, /50 billion parameters.*\[1\]/u);
    assert.doesNotMatch(answer.answer, /\p{Script=Han}/u, 'an English reader needs no Chinese');
    assert.deepEqual(
      answer.citations.map((c) => c.n),
      [1, 2, 3],
    );
    const passages = new Map(qa.corpus.passages.map((p) => [p.id, p]));
    for (const c of answer.citations) {
      assert.equal(c.text, passages.get(c.passageId)!.text, 'the source is the digest as written');
      assert.equal(c.translation, passages.get(c.passageId)!.translation);
      assert.match(c.title, /BloombergGPT|§/u);
    }
    assert.ok(answer.citations[0]!.text.includes('500 亿'), 'the first source holds the quoted sentence');
    for (const marker of answer.answer.match(/\[(\d)\]/gu) ?? []) assert.ok(Number(marker[1]) <= answer.citations.length);
  });

  it('answers a Chinese question with the digest as written, numbered citations first', async () => {
    const answer = await qa.ask('BloombergGPT 有多少参数?');
    assert.match(answer.answer, /^根据摘要\(§4 BloombergGPT:面向金融的大型语言模型\):.*500 亿个参数.*\[1\]/su);
    assert.deepEqual(
      answer.citations.map((c) => c.n),
      [1, 2, 3],
    );
  });

  it('frames a Chinese question in Chinese', async () => {
    const answer = await qa.ask('QLoRA 能让多大的模型在单个 GPU 上微调?');
    assert.match(answer.answer, /^根据摘要/u);
  });

  for (const question of [
    "What's a good recipe for banana bread?",
    '明天北京会下雨吗?',
    'Who won the football world cup in 2022?',
    '帮我写一首关于秋天的诗',
  ]) {
    it(`says the digest does not cover "${question}" and cites nothing`, async () => {
      const answer = await qa.ask(question);
      assert.equal(answer.answered, false);
      assert.deepEqual(answer.citations, []);
      assert.match(answer.answer, /does not cover|没有涉及/u);
    });
  }

  it('uses the previous turn for a follow-up that names no paper', async () => {
    const first = await qa.ask('QLoRA 和 LoRA 有什么区别?');
    const followUp = await qa.ask('那它需要多少显存?', { previous: { question: first.question, citations: first.citations } });
    assert.equal(followUp.citations[0]?.section, 3);
    assert.ok(followUp.citations.some((c) => c.text.includes('48 GB')));
  });

  it('a question that names its own paper is not pulled back to the previous one', async () => {
    const answer = await qa.ask('SAM 由哪三个组件组成?', {
      previous: { question: 'QLoRA 是什么?', citations: [{ digest: qa.corpus.papers[0]!.digest, section: 3 }] },
    });
    assert.equal(answer.citations[0]?.section, 9);
  });

  it('never crashes on odd input: mentions, markup, mixed scripts, RTL marks', async () => {
    for (const question of [
      '@everyone <@&123> QLoRA?',
      '```js\nconsole.log(1)\n```',
      'Ｍｉｘｔｒａｌ 有多少参数？',
      '\u202eQLoRA\u202c 是什么',
      'é̃̂ QLoRA',
    ]) {
      const answer = await qa.ask(question);
      assert.equal(typeof answer.answered, 'boolean');
    }
  });

  it('meets the quality targets on its own held-out question set (not the dev set)', async () => {
    const report = await evaluate('test/fixtures/questions.jsonl');
    assert.ok(report.hitAt1 >= 0.9, `hit@1 ${report.hitAt1}`);
    assert.ok(report.keyAt3 >= 0.9, `key@3 ${report.keyAt3}`);
    assert.equal(report.refusals, 1);
    assert.ok(report.falseRefusals <= 0.05, `false refusals ${report.falseRefusals}`);
  });
});

describe('harder paraphrases (no paper named, near-domain off-topic questions)', () => {
  it('stays above the floor measured when the method was chosen', async () => {
    const report = await evaluate('test/fixtures/hard-questions.jsonl');
    // Measured: hit@1 0.947, key@3 0.842, 5 of 6 off-topic refused ("Transformer 的注意力公式是什么?" is answered,
    // as it was before; "Who founded OpenAI?" is now answerable: the digest names OpenAI), 1 of 19 answerable refused.
    assert.ok(report.hitAt1 >= 0.9, `hit@1 ${report.hitAt1}`);
    assert.ok(report.keyAt3 >= 0.8, `key@3 ${report.keyAt3}`);
    assert.ok(report.refusals >= 5 / 6, `refusals ${report.refusals}`);
    assert.ok(report.falseRefusals <= 0.06, `false refusals ${report.falseRefusals}`);
  });
});

describe('eval metrics', () => {
  it('computes hit@1, key@3, refusals and false refusals as the eval README defines them', () => {
    const file = path.join(tempDir('paperbot-eval-'), 'q.jsonl');
    fs.writeFileSync(file, ['{"q":"a","section":1,"keys":["x"]}', '{"q":"b","section":2,"keys":["y"]}', '{"q":"c","section":null}'].join('\n'));
    const report = score(readQuestions(file), [
      { answered: true, citations: [{ section: 1, text: '..x..' }] },
      {
        answered: false,
        citations: [
          { section: 3, text: 'no' },
          { section: 2, text: 'y' },
        ],
      },
      { answered: false, citations: [] },
    ]);
    assert.deepEqual([report.hitAt1, report.keyAt3, report.refusals, report.falseRefusals], [0.5, 1, 1, 0.5]);
  });
});

describe('a message asking two questions', () => {
  it('answers each: the later one as a follow-up of the first, from the same paper', async () => {
    const answer = await qa.ask('Llama 2 能商用吗？参数范围多大？');
    assert.equal(answer.citations[0]?.section, 2);
    assert.match(answer.answer, /商业应用/u, 'the first question: may it be used commercially');
    assert.match(answer.answer, /7B 到 70B/u, 'the second: its sizes');
    assert.ok(
      answer.citations.every((c) => c.section === 2 || !answer.answer.includes(`[${c.n}]`)),
      'no other paper is quoted',
    );
  });
});

describe('a message asking two questions, the later with a term two papers use', () => {
  it('takes the later one as being about the paper of the first, not wherever the term stands', async () => {
    const corpusDir = tempDir('paperbot-two-questions-');
    fs.writeFileSync(
      path.join(corpusDir, 'gpts.md'),
      [
        '# Two GPTs',
        '## GPT-1',
        'GPT-1 的词表有 40000 个词，是用 BPE 得到的。',
        'GPT-1 把 context 长度从 256 提到了 512。',
        '## GPT-2',
        'GPT-2 的词典扩展到了 50257 个词。',
        'GPT-2 的 context 维度扩大为 1024。',
      ].join('\n'),
    );
    const own = await createQaService(testConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: tempDir('paperbot-index-') }));
    const answer = await own.ask('GPT-2 的词表多大？context 长度从多少提到了多少？');
    assert.match(answer.answer, /50257/u);
    assert.match(answer.answer, /1024/u, answer.answer);
    assert.deepEqual([...new Set(answer.citations.map((c) => c.section))], [2], answer.answer);
  });
});

describe('a count of the steps a list gives', () => {
  it('is answered by the sentence introducing the steps, which gives their count, with the steps', async () => {
    const own = await qaOverDigest('track.md', [
      '# Tracking by detection',
      '## SORT',
      'SORT associates detections with tracks using a Kalman filter and the Hungarian algorithm.',
      '## ByteTrack',
      'ByteTrack is a recent tracking algorithm that keeps low-score detections instead of throwing them away.',
      'ByteTrack addresses this problem by using all detections, regardless of their confidence score. The algorithm works in two steps:',
      '- High-confidence detections: they are associated with tracks using intersection over union.',
      '- Low-confidence detections: they are associated with the remaining tracks using only intersection over union.',
      '## DeepSORT',
      'DeepSORT adds an appearance embedding to SORT.',
    ]);
    const answer = await own.ask('ByteTrack 的算法分为几个步骤来关联检测框？');
    assert.equal(answer.answered, true, answer.answer);
    assert.match(answer.answer, /works in two steps:/u);
    assert.match(answer.answer, /High-confidence detections/u);
  });
});

describe('a hyperparameter asked by its Greek letter', () => {
  it('is found where the digest writes the letter in TeX ("$\\lambda$" for λ)', async () => {
    const own = await qaOverDigest('embeddings.md', [
      '# 中文词向量论文',
      '## CWE',
      'CWE 把字向量加到词向量上，基于 CBOW 模型。',
      '## SCWE',
      'SCWE 考虑了字和词之间的相似度。',
      '上下文窗口大小为5，词向量维度为100，阈值$\\delta$和$\\lambda$设为0.5和0.4。',
    ]);
    const answer = await own.ask('SCWE 实验中阈值 δ 和 λ 分别设成了多少？');
    assert.equal(answer.answered, true, answer.answer);
    assert.match(answer.answer, /0\.5和0\.4/u);
  });

  it('is found by its name where TeX sets its value ("$\\alpha = 16$"), not where a formula only uses it', async () => {
    const qa = await qaOverDigest('notes.md', [
      '# Reading notes',
      '## [2023] Prompting Large Language Models with Speech Recognition Abilities',
      'LoRA adaptors are applied to the attention projection weights only.',
      'LoRA parameters: $\\alpha = 16$ and $r = 8$.',
      '## [2024] SimPO: Simple Preference Optimization',
      'SimPO adds a reward margin $\\gamma$ to widen the gap between the two implicit rewards:',
      '$$L = -\\log \\sigma(\\beta r_w - \\beta r_l - \\gamma)$$ computed over 2 responses.',
    ]);
    const alpha = await qa.ask('What LoRA alpha did the speech recognition prompting paper use?');
    assert.ok(alpha.answered && alpha.answer.includes('16'), alpha.answer);
    const gamma = await qa.ask('What value of gamma does SimPO use by default?');
    assert.equal(gamma.answered, false, gamma.answer);
  });
});

describe('where a paper was published', () => {
  it('is answered with the line of its section that gives its venue and year', async () => {
    const own = await qaOverDigest('segmentation.md', [
      '# 多数据集分割',
      '# LMSEG',
      'ICLR2023',
      'LMSEG 用文本嵌入统一多个数据集的类别，代码是在 Mask2Former 上面改的。',
      '# UniDet',
      'CVPR2022',
      'UniDet 为多个数据集学习一个统一的标签空间。',
    ]);
    const answer = await own.ask('LMSEG 这篇论文发表在哪个会议上？');
    assert.match(answer.answer, /ICLR2023/u, answer.answer);
    assert.doesNotMatch(answer.answer, /CVPR2022/u);
  });
});

describe('a question quoting the digest', () => {
  it('counts a quoted term that a retrieved passage writes word for word as naming something the digest knows', async () => {
    const mentions = async (question: string) => (await qa.coverageEvidence(question))?.mentionsName;
    assert.equal(await mentions('文中说的“教科书质量数据”是指什么?'), true);
    assert.equal(await mentions("what does the post mean by '教科书质量数据'?"), true);
    assert.equal(await mentions('文中说的教科书质量数据是指什么?'), false, 'not quoted');
    assert.equal(await mentions('文中说的“火星殖民计划”是指什么?'), false, 'quoted, but the digest never writes it');
    assert.equal(await mentions("what's the author's view on the reader's data?"), false, 'apostrophes quote nothing');
  });
});

describe('where to read a paper', () => {
  it("answers with the link of each paper the question names, in the reader's language", async () => {
    const zh = await qa.ask('Llama 2 论文的 arXiv 编号是多少？我要在 Zotero 里加引用');
    assert.equal(zh.answer, '论文出处(来自摘要):\n• §2 Llama 2:开放基础和精细调整的聊天模型 — https://arxiv.org/abs/2307.09288');
    const en = await qa.ask('can you give me the links to the QLoRA and DPO papers?');
    assert.match(en.answer, /^Where to read the paper \(from the digest\):\n/u);
    assert.match(en.answer, /§3 QLoRA: Efficient Finetuning of Quantized LLMs — https:\/\/arxiv\.org\/abs\/2305\.14314/u);
    assert.match(en.answer, /§5 .+ — https:\/\/arxiv\.org\/abs\/2305\.18290/u);
  });

  it('a link the question only mentions ("磁力链接") asks nothing about where the paper is', async () => {
    const answer = await qa.ask('Mistral 用磁力链接发布了什么?');
    assert.doesNotMatch(answer.answer, /论文出处/u);
  });
});
