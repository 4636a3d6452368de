import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { arxivLinks, CorpusError, loadCorpus } from '../src/corpus/load.ts';
import { parseDigest } from '../src/corpus/parse.ts';
import { buildProfile } from '../src/corpus/profile.ts';
import { splitSentences } from '../src/corpus/sentences.ts';
import { tempDir } from './support/core.ts';

const DIGEST = 'ten-noteworthy-ai-papers-2023.zh';
const text = fs.readFileSync(`corpus/${DIGEST}.txt`, 'utf8');

describe('digest parser on the real digest', () => {
  const parsed = parseDigest(DIGEST, text);

  it('finds the ten numbered sections in order, with their headings as written', () => {
    assert.deepEqual(
      parsed.sections.map((s) => s.section),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.equal(parsed.sections[0]!.heading, 'Pythia——从大规模训练运行中获得的见解');
    assert.equal(parsed.sections[5]!.heading, '米斯特拉尔 7B');
    assert.equal(parsed.sections[6]!.heading, 'Orca 2:教小型语言模型如何推理');
    assert.equal(parsed.title, '2023 年十篇值得关注的 AI 研究论文');
  });

  it('does not take "1.3B 参数 ..." (a caption starting with a number) for a section heading', () => {
    assert.ok(parsed.sections.every((s) => !s.heading.startsWith('3B')));
  });

  it('finds the sub-headings of the Mistral section and only those', () => {
    assert.deepEqual(parsed.sections[5]!.subheadings, ['Zephyr 和 Mixtral', '专家组合 101', '其他规模较小但竞争力强的法学硕士项目']);
    const others = parsed.sections.filter((s) => s.section !== 6).flatMap((s) => s.subheadings);
    assert.deepEqual(others, []);
    const phi = parsed.sections[5]!.passages.find((p) => p.text.includes('phi-2'));
    assert.equal(phi?.subheading, '其他规模较小但竞争力强的法学硕士项目');
  });

  it('has no empty or duplicate passages, and every passage is text of the digest', () => {
    const passages = parsed.sections.flatMap((s) => s.passages);
    assert.ok(passages.length >= 50);
    assert.equal(new Set(passages.map((p) => p.id)).size, passages.length);
    assert.equal(new Set(passages.map((p) => p.text)).size, passages.length);
    for (const p of passages) {
      assert.ok(p.text.trim().length > 0);
      for (const line of p.text.split('\n')) assert.ok(text.includes(line), `not in the digest: ${line}`);
    }
  });

  it('folds list items into the sentence that introduces them and captions into their paragraph', () => {
    const passages = parsed.sections.flatMap((s) => s.passages);
    const seedList = passages.find((p) => p.text.includes('本例中为 175 条'))!;
    assert.match(seedList.text, /^这是如何工作的/u);
    assert.equal(seedList.text.split('\n').length, 6, 'intro, four steps, and the figure caption');
    assert.match(seedList.text, /基于 Self-Instruct 论文的注释图/u);
    const caption = passages.find((p) => p.text.includes('常规 LoRA 的简短视觉摘要'))!;
    assert.ok(caption.text.startsWith('QLoRA:量化 LLM 的高效微调'));
    assert.ok(
      passages.every((p) => [...p.text].length >= 40),
      'no caption-sized passage stands alone',
    );
  });

  it('gives the same ids on every run', () => {
    const again = parseDigest(DIGEST, text);
    assert.deepEqual(
      again.sections.flatMap((s) => s.passages.map((p) => p.id)),
      parsed.sections.flatMap((s) => s.passages.map((p) => p.id)),
    );
    assert.equal(parsed.sections[2]!.passages[0]!.id, `${DIGEST}:3.1`);
  });
});

describe('corpus folder', () => {
  it('catalogue agrees with the digest: headings as written and the arXiv links each section mentions', () => {
    const corpus = loadCorpus('corpus');
    assert.equal(corpus.papers.length, 10);
    for (const paper of corpus.papers) {
      const sectionText = corpus.passages
        .filter((p) => p.section === paper.section)
        .map((p) => p.text)
        .join('\n');
      assert.deepEqual(paper.links, arxivLinks(sectionText), `links of §${paper.section}`);
      assert.ok(paper.titleEn.length > 0 && paper.aliases.length > 0);
    }
    assert.deepEqual(corpus.papers.find((p) => p.section === 6)?.aliases.slice(0, 3), ['Mistral 7B', 'Mistral', '米斯特拉尔']);
  });

  it('takes another digest dropped into the folder without a catalogue, and the corpus hash changes', () => {
    const dir = tempDir();
    fs.copyFileSync(`corpus/${DIGEST}.txt`, path.join(dir, `${DIGEST}.txt`));
    const before = loadCorpus(dir);
    fs.writeFileSync(
      path.join(dir, 'extra.txt'),
      'Another digest\n1) Attention Is All You Need\nThe Transformer relies entirely on attention (https://arxiv.org/abs/1706.03762). It drops recurrence.\n2) BERT\nBERT pre-trains deep bidirectional representations from unlabeled text on both left and right context.\n',
    );
    const after = loadCorpus(dir);
    assert.notEqual(after.hash, before.hash);
    const extra = after.papers.filter((p) => p.digest === 'extra');
    assert.deepEqual(
      extra.map((p) => [p.section, p.titleEn]),
      [
        [1, 'Attention Is All You Need'],
        [2, 'BERT'],
      ],
    );
    assert.deepEqual(extra[0]!.links, ['https://arxiv.org/abs/1706.03762']);
    assert.equal(after.passages.filter((p) => p.digest === 'extra').length, 2);
  });

  it('refuses a folder without digests, or a file that is not UTF-8, with a clear error', () => {
    assert.throws(() => loadCorpus(tempDir()), CorpusError);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bad.txt'), Buffer.from([0x31, 0x29, 0xff, 0xfe, 0x0a]));
    assert.throws(() => loadCorpus(dir), /bad|UTF|encoded|decode/iu);
  });
});

describe('sentences and paper profiles', () => {
  it('splits Chinese and English sentences and keeps closing quotes with their sentence', () => {
    assert.deepEqual(splitSentences('它不会。“不幸的是”,因为如此。Really? Yes.\n列表项'), [
      '它不会。',
      '“不幸的是”,因为如此。',
      'Really?',
      'Yes.',
      '列表项',
    ]);
    assert.deepEqual(splitSentences('GPT-3 有 1750 亿个参数(3.5 倍)。'), ['GPT-3 有 1750 亿个参数(3.5 倍)。']);
  });

  it('profiles a paper from its own section: summary, 2-3 key points, arXiv link, example question', () => {
    const corpus = loadCorpus('corpus');
    const qlora = buildProfile(
      corpus.papers.find((p) => p.section === 3)!,
      corpus.passages,
    );
    assert.equal(qlora.arxivUrl, 'https://arxiv.org/abs/2305.14314');
    assert.match(qlora.summary, /QLoRA/u);
    assert.ok(qlora.keyPoints.length >= 2 && qlora.keyPoints.length <= 3);
    const sectionText = corpus.passages
      .filter((p) => p.section === 3)
      .map((p) => p.text)
      .join('');
    for (const point of qlora.keyPoints) assert.ok(sectionText.includes(point));
    assert.match(qlora.exampleQuestion, /QLoRA/u);
  });
});
