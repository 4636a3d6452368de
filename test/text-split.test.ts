import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitText, trimPassage, truncate } from '../src/discord/format/text.ts';

const sentence = (i: number) => `第${i}句：QLoRA 把 4 位量化与低秩适配器结合，可以在单个 48GB GPU 上微调 65B 模型[${(i % 12) + 1}]。`;

function chineseAnswer(length: number): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += sentence(i) + (i % 7 === 6 ? '\n\n' : '');
  return text;
}

function assertChunks(text: string, chunks: string[], max: number): void {
  assert.equal(chunks.join(''), text, 'chunks rejoin to the original');
  for (const chunk of chunks) {
    assert.ok(chunk.length <= max, `chunk of ${chunk.length} > ${max}`);
    assert.ok(!/^\d*\]/u.test(chunk) && !/\[\d*$/u.test(chunk), `citation marker cut: …${chunk.slice(-8)} / ${chunk.slice(0, 8)}…`);
    assert.ok(!/^[\udc00-\udfff]/u.test(chunk) && !/[\ud800-\udbff]$/u.test(chunk), 'surrogate pair cut');
  }
}

describe('splitText', () => {
  test('a 10,000-character Chinese answer with citations splits under 2000 and rejoins exactly', () => {
    const text = chineseAnswer(10_000);
    const chunks = splitText(text, 2000);
    assertChunks(text, chunks, 2000);
    assert.ok(chunks.length >= 5);
    // Paragraph breaks are preferred: every chunk but the last ends a paragraph or at least a sentence.
    for (const chunk of chunks.slice(0, -1)) assert.match(chunk, /[。\]]\s*$/u);
  });

  test('text that fits is returned whole', () => {
    assert.deepEqual(splitText('短回答。', 2000), ['短回答。']);
    assert.deepEqual(splitText('', 2000), []);
  });

  test('a long paragraph is packed by Chinese sentences, each citation staying with its sentence', () => {
    const text = '第一句话很长很长[1]。第二句话！第三句话？[2][3]第四句。';
    const chunks = splitText(text, 16);
    assertChunks(text, chunks, 16);
    assert.deepEqual(chunks, ['第一句话很长很长[1]。', '第二句话！第三句话？[2][3]', '第四句。']);
  });

  test('English sentences split after ". " and clauses after commas', () => {
    const text = 'One sentence here. Another one follows, with a clause, and more words.';
    const chunks = splitText(text, 30);
    assertChunks(text, chunks, 30);
    assert.equal(chunks[0], 'One sentence here. ');
  });

  test('a run with no break is hard-cut, but never inside [n] or a surrogate pair', () => {
    const emoji = '😀'.repeat(50);
    assertChunks(emoji, splitText(emoji, 15), 15);
    const markers = '字'.repeat(9) + '[12]' + '字'.repeat(9) + '[3]';
    const chunks = splitText(markers, 11);
    assertChunks(markers, chunks, 11);
    assert.equal(chunks[0], '字'.repeat(9));
  });

  test('a fenced code block that fits is kept in one chunk', () => {
    const code = '```ts\nconst a = 1;\n\nconst b = 2;\n```\n';
    const text = `${'说明。'.repeat(5)}\n\n${code}\n结尾。`;
    const chunks = splitText(text, code.length + 2);
    assertChunks(text, chunks, code.length + 2);
    assert.ok(
      chunks.some((chunk) => chunk.includes(code)),
      JSON.stringify(chunks),
    );
  });
});

describe('truncate and trimPassage', () => {
  test('truncate ends with an ellipsis within the limit and never splits a surrogate pair', () => {
    assert.equal(truncate('abc', 3), 'abc');
    assert.equal(truncate('abcdef', 4), 'abc…');
    const cut = truncate('a😀😀😀', 3);
    assert.ok(cut.length <= 3);
    assert.equal(cut, 'a…');
  });

  test('trimPassage prefers ending after a whole sentence', () => {
    const passage = '第一句话说明背景。第二句话给出结论。第三句话补充了很多很多细节内容。';
    assert.equal(trimPassage(passage, 20), '第一句话说明背景。第二句话给出结论。…');
    assert.equal(trimPassage('短。', 20), '短。');
  });
});
