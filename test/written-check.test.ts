import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { citedNumbers, sentenceProblems, takeSentences, WrittenChecker } from '../src/written/check.ts';
import { backedBy, chineseNumeral, quantitiesOf } from '../src/written/quantities.ts';

const QLORA = 'QLoRA 将 65B Llama 模型的内存需求降低到适合单个 48 GB GPU(如 A100)。';
const QLORA_EN = 'QLoRA reduces the memory requirements of a 65B Llama model so that it fits on a single 48 GB GPU (such as an A100).';
const SLOWER = '不过,这有代价:额外的量化步骤会导致额外的计算开销,这意味着训练速度会比常规 LoRA 慢一点。';
const BLOOMBERG = 'BloombergGPT 是一个拥有 500 亿参数的语言模型,使用了 3630 亿 token 的金融数据。';
const SAM = 'Segment Anything Model(SAM)由三个主要组件组成,如上图所示。';

const passages = new Map([
  [1, `${QLORA}\n${QLORA_EN}`],
  [2, SLOWER],
  [3, BLOOMBERG],
  [4, SAM],
]);
const quantities = new Map([...passages].map(([n, text]) => [n, quantitiesOf(text)]));

describe('figures in Chinese and English', () => {
  it('reads scales and units the same way in both languages', () => {
    assert.deepEqual(quantitiesOf('500 亿参数'), [{ value: 5e10 }]);
    assert.deepEqual(quantitiesOf('五百亿参数'), [{ value: 5e10 }]);
    assert.deepEqual(quantitiesOf('50 billion parameters'), [{ value: 5e10 }]);
    assert.deepEqual(quantitiesOf('a 65B model'), [{ value: 6.5e10 }]);
    assert.deepEqual(quantitiesOf('65 billion'), [{ value: 6.5e10 }]);
    assert.deepEqual(quantitiesOf('650 亿'), [{ value: 6.5e10 }]);
    assert.deepEqual(quantitiesOf('48 GB'), [{ value: 48, unit: 'GB' }]);
    assert.deepEqual(quantitiesOf('48GB 显存'), [{ value: 48, unit: 'GB' }]);
    assert.deepEqual(quantitiesOf('1.8T tokens'), [{ value: 1.8e12 }]);
    assert.deepEqual(quantitiesOf('3,630 亿'), [{ value: 3.63e11 }]);
    assert.deepEqual(quantitiesOf('8%, 百分之八, 8 percent'), [{ value: 8, unit: '%' }]);
    assert.deepEqual(quantitiesOf('2x faster, 两倍, twice'), [{ value: 2, unit: 'x' }]);
  });

  it('reads Chinese numerals that count something, not the 一 of words', () => {
    assert.equal(chineseNumeral('三'), 3);
    assert.equal(chineseNumeral('十二'), 12);
    assert.equal(chineseNumeral('两千三百'), 2300);
    assert.equal(chineseNumeral('三个'), undefined);
    assert.deepEqual(quantitiesOf('由三个主要组件组成'), [{ value: 3 }]);
    assert.deepEqual(quantitiesOf('两种提示'), [{ value: 2 }]);
    assert.deepEqual(quantitiesOf('一些模型统一了第一步,一个编码器'), []);
    assert.deepEqual(quantitiesOf('three main components'), [{ value: 3 }]);
  });

  it('keeps names with digits (Mixtral 8x7B, A100, GPT-4) as figures to be found', () => {
    assert.deepEqual(quantitiesOf('Mixtral 8x7B'), [{ value: 8 }, { value: 7e9 }]);
    assert.deepEqual(quantitiesOf('GPT-4 on an A100'), [{ value: 4 }, { value: 100 }]);
    assert.deepEqual(quantitiesOf('as noted [12]'), [], 'citation marks are not figures');
  });

  it('a bare figure is backed by the same amount in any unit; a unit must match', () => {
    assert.equal(backedBy({ value: 48 }, [{ value: 48, unit: 'GB' }]), true);
    assert.equal(backedBy({ value: 48, unit: 'GB' }, [{ value: 48, unit: 'GB' }]), true);
    assert.equal(backedBy({ value: 48, unit: 'MB' }, [{ value: 48, unit: 'GB' }]), false);
    assert.equal(backedBy({ value: 48, unit: 'GB' }, [{ value: 48 }]), false);
  });
});

describe('sentences of a written answer', () => {
  it('keeps citation marks with their sentence, before or after the full stop', () => {
    assert.deepEqual(takeSentences('QLoRA needs 48 GB [1]. It is slower. [2] More', false), {
      sentences: ['QLoRA needs 48 GB [1].', ' It is slower. [2]'],
      rest: ' More',
    });
    assert.deepEqual(takeSentences('它需要 48 GB 显存 [1]。它更慢 [2]', true).sentences, ['它需要 48 GB 显存 [1]。', '它更慢 [2]']);
    assert.deepEqual(takeSentences('- one [1]\n- two [2]', true).sentences, ['- one [1]', '\n- two [2]']);
  });

  it('waits while what follows could still be its marks or the rest of a figure', () => {
    assert.deepEqual(takeSentences('QLoRA needs 48 GB. [', false).sentences, []);
    assert.deepEqual(takeSentences('QLoRA needs 48 GB. [1', false).sentences, []);
    assert.deepEqual(takeSentences('It costs 1.', false).sentences, []);
    assert.deepEqual(takeSentences('It costs 1.5 GB, e.g. on a GPU [1]. Next', false).sentences, ['It costs 1.5 GB, e.g. on a GPU [1].']);
  });

  it('reads marks with several numbers', () => {
    assert.deepEqual(citedNumbers('a [1][3] b [2, 3]'), [1, 3, 2]);
    assert.deepEqual(citedNumbers('无引用。'), []);
  });
});

describe('checking a sentence', () => {
  it('passes a sentence whose figures its cited passage states, in either language', () => {
    assert.deepEqual(sentenceProblems('QLoRA fits a 65B model on a single 48 GB GPU [1].', quantities), []);
    assert.deepEqual(sentenceProblems('QLoRA 让 650 亿参数的模型装进一块 48 GB 的 GPU [1]。', quantities), []);
    assert.deepEqual(sentenceProblems('BloombergGPT has 50 billion parameters [3].', quantities), []);
    assert.deepEqual(sentenceProblems('SAM has three main components [4].', quantities), []);
    assert.deepEqual(sentenceProblems('QLoRA saves memory [1] but trains more slowly [2].', quantities), []);
  });

  it('names each problem: no citation, a passage it was not given, an invented figure or unit', () => {
    assert.deepEqual(sentenceProblems('QLoRA is efficient.', quantities), ['no citation']);
    assert.deepEqual(sentenceProblems('QLoRA is efficient [7].', quantities), ['cites [7], which it was not given']);
    assert.deepEqual(sentenceProblems('QLoRA needs 24 GB [1].', quantities), ['24 GB is in no passage it cites']);
    assert.deepEqual(sentenceProblems('BloombergGPT has 70 billion parameters [3].', quantities), ['70B is in no passage it cites']);
    assert.deepEqual(sentenceProblems('It fits in 48 MB [1].', quantities), ['48 MB is in no passage it cites']);
    assert.deepEqual(
      sentenceProblems('BloombergGPT has 50 billion parameters [1].', quantities),
      ['50B is in no passage it cites'],
      'the figure must be in a passage the sentence cites',
    );
  });
});

describe('checking an answer as it streams', () => {
  const stream = (text: string, pieces = 5) => {
    const checker = new WrittenChecker(passages);
    const chars = [...text];
    const size = Math.ceil(chars.length / pieces);
    const shown: string[] = [];
    for (let i = 0; i < chars.length; i += size) shown.push(checker.push(chars.slice(i, i + size).join('')));
    shown.push(checker.push('', true));
    return { shown: shown.join(''), growth: shown.filter(Boolean), verdict: checker.verdict() };
  };

  it('shows only checked sentences, as soon as each is complete', () => {
    const { shown, growth, verdict } = stream('QLoRA fits a 65B model on one 48 GB GPU [1]. It trains more slowly than LoRA [2].');
    assert.equal(shown, 'QLoRA fits a 65B model on one 48 GB GPU [1]. It trains more slowly than LoRA [2].');
    assert.ok(growth.length >= 2, 'the first sentence is shown before the answer ends');
    assert.deepEqual(verdict, { ok: true, text: shown, dropped: [] });
  });

  it('drops a failing sentence when the rest stands', () => {
    const { shown, verdict } = stream('QLoRA fits a 65B model on one 48 GB GPU [1]. It needs 24 GB in all [1]. It trains more slowly [2].');
    assert.equal(shown, 'QLoRA fits a 65B model on one 48 GB GPU [1]. It trains more slowly [2].');
    assert.equal(verdict.ok, true);
    assert.deepEqual(verdict.dropped, [{ sentence: 'It needs 24 GB in all [1].', problems: ['24 GB is in no passage it cites'] }]);
  });

  it('refuses an answer when too little stands, none is cited, or nothing was said', () => {
    assert.deepEqual(stream('QLoRA is great. It is fast. It is cheap [1].').verdict.ok, false);
    assert.equal((stream('QLoRA is great. It is fast.').verdict as { reason: string }).reason, 'unchecked');
    assert.equal((stream('Only [9] and [8].').verdict as { reason: string }).reason, 'unchecked');
    assert.equal((stream('   ').verdict as { reason: string }).reason, 'empty');
  });

  it('reads full-width marks as marks', () => {
    assert.equal(
      stream('QLoRA 能在单个 48 GB GPU 上微调 65B 模型【1】。它比 LoRA 慢［2］。').shown,
      'QLoRA 能在单个 48 GB GPU 上微调 65B 模型[1]。它比 LoRA 慢[2]。',
    );
  });

  it('never shows more than a Discord message holds', () => {
    const checker = new WrittenChecker(passages, 60);
    const shown = checker.push('QLoRA fits a 65B model on one 48 GB GPU [1]. It trains more slowly than LoRA [2].', true);
    assert.equal(shown, 'QLoRA fits a 65B model on one 48 GB GPU [1].');
    assert.match(checker.verdict().dropped[0]!.problems[0]!, /60-character limit/u);
  });
});
