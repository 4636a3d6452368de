import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSentences } from '../src/corpus/sentences.ts';

describe('the sentence splitter', () => {
  const cases: [string, string, string[]][] = [
    [
      'abbreviations: e.g., i.e., Fig.',
      'We use RLHF (e.g. PPO). It works, i.e. it learns. See Fig. 3 for details.',
      ['We use RLHF (e.g. PPO).', 'It works, i.e. it learns.', 'See Fig. 3 for details.'],
    ],
    [
      'et al. before a year, in Chinese',
      'HyperFast 是由Bonet et al. (2024)研究开发的。它很快。',
      ['HyperFast 是由Bonet et al. (2024)研究开发的。', '它很快。'],
    ],
    [
      'vs. and an initial',
      'Mistral 7B vs. Llama 2 13B: the former wins. J. Smith agrees.',
      ['Mistral 7B vs. Llama 2 13B: the former wins.', 'J. Smith agrees.'],
    ],
    [
      'decimals, versions and URLs',
      'GPT-3.5 and v1.5 are versions. The URL https://arxiv.org/abs/2305.14314 is here. Done!',
      ['GPT-3.5 and v1.5 are versions.', 'The URL https://arxiv.org/abs/2305.14314 is here.', 'Done!'],
    ],
    ['a closing quote stays with its sentence', 'He said "it works." Then left.', ['He said "it works."', 'Then left.']],
    [
      'Chinese punctuation and closing brackets',
      '模型有 70 亿参数。它能做什么？很多！（见图 2。）最后一句',
      ['模型有 70 亿参数。', '它能做什么？', '很多！', '（见图 2。）', '最后一句'],
    ],
    ['an ellipsis going on in lower case', 'Even more impressively... the model won.', ['Even more impressively... the model won.']],
    [
      'a name in lower case opening the next sentence',
      'It has 2.7 billion parameters. phi-2 came later.',
      ['It has 2.7 billion parameters.', 'phi-2 came later.'],
    ],
    [
      'a number opening the next sentence',
      'It was trained on 2T tokens. 13B models followed.',
      ['It was trained on 2T tokens.', '13B models followed.'],
    ],
    [
      'Chinese typed with half-width full stops, not a numbered item or a version',
      '用在超分辨率问题上.文章提到,训练时用均方差.SRGAN利用感知损失. 1.相似度计算用 v1.5 版。',
      ['用在超分辨率问题上.', '文章提到,训练时用均方差.', 'SRGAN利用感知损失.', '1.相似度计算用 v1.5 版。'],
    ],
    ['line breaks separate list items', 'Three parts:\nan encoder\na decoder', ['Three parts:', 'an encoder', 'a decoder']],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => assert.deepEqual(splitSentences(text), expected));
  }

  it('keeps every character but the spaces between sentences', () => {
    const text = 'QLoRA (Dettmers et al., 2023) fine-tunes a 65B model on one 48 GB GPU. It uses NF4, i.e. 4-bit NormalFloat. 这很有效。';
    assert.equal(splitSentences(text).join(' ').replace(/\s/gu, ''), text.replace(/\s/gu, ''));
  });
});
