import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bundled, spawnEnv } from './support/core.ts';

const env = spawnEnv({ LOG_LEVEL: 'info', LLM_BASE_URL: '' });
const ask = (args: string[], input?: string, nodeArgs: string[] = []) =>
  spawnSync(process.execPath, [...nodeArgs, ...bundled('cli/ask'), ...args], { env, input, encoding: 'utf8', timeout: 120_000 });
/** Fails any import of the language model's client: see ask-written.test.ts for the guard stopping one that does. */
const forbidModelCode = ['--import', path.join(import.meta.dirname, 'support/forbid-model-code.mjs')];

describe('npm run ask', () => {
  it('--json --stdin: exactly one valid JSON line per input line, logs on stderr only; without LLM_BASE_URL no model code is loaded', () => {
    const lines = [
      'Mixtral 总共大约有多少参数?',
      '',
      '   ',
      "What's a good recipe for banana bread?",
      '🙂',
      'x'.repeat(10_000),
      'What kinds of prompts can SAM take?',
      'ctrl\u0007chars\u0000 QLoRA',
    ];
    const result = ask(['--json', '--stdin'], lines.join('\n') + '\n', forbidModelCode);
    assert.equal(result.status, 0, result.stderr);
    const out = result.stdout.split('\n').filter((l) => l !== '');
    assert.equal(out.length, lines.length);
    const answers = out.map((line) => JSON.parse(line));
    answers.forEach((a, i) => {
      assert.equal(typeof a.answered, 'boolean');
      assert.equal(typeof a.answer, 'string');
      assert.ok(Array.isArray(a.citations));
      assert.equal(a.question.length <= lines[i]!.length, true);
    });
    assert.equal(answers[0].answered, true);
    assert.equal(answers[0].citations[0].section, 6);
    assert.deepEqual(Object.keys(answers[0].citations[0]).slice(0, 8), [
      'n',
      'digest',
      'section',
      'title',
      'passageId',
      'text',
      'translation',
      'score',
    ]);
    assert.equal(answers[0].kind, 'quoted');
    assert.equal(answers[0].mode, 'quoted', 'no model to write it');
    assert.equal(answers[1].error, 'empty');
    assert.equal(answers[3].answered, false);
    assert.equal(answers[4].error, 'no-text');
    assert.equal(answers[5].error, 'too-long');
    assert.equal(answers[6].citations[0].section, 9);
  });

  it('--json "question": one JSON object; plain mode prints the answer and sources', () => {
    const json = ask(['--json', 'Where can I find the Llama 2 paper?']);
    assert.equal(json.status, 0, json.stderr);
    const answer = JSON.parse(json.stdout);
    assert.equal(answer.question, 'Where can I find the Llama 2 paper?');
    assert.match(answer.answer, /§2 Llama 2: Open Foundation and Fine-Tuned Chat Models — https:\/\/arxiv\.org\/abs\/2307\.09288/u);
    const text = ask(['QLoRA', '和', 'LoRA', '有什么区别?']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^根据摘要/u);
    assert.match(text.stdout, /\n来源:\n\[1\] §3 /u);
  });

  it('--json --stdin --conversation: lines continue each other, an empty line starts over and prints nothing', () => {
    const lines = [
      'QLoRA 是什么?',
      '它需要多少显存?',
      'thanks!',
      'and how long did Guanaco take to fine-tune?',
      'what is sliding window attention?',
      '',
      '谢谢',
      'How big are its models?',
    ];
    const result = ask(['--json', '--stdin', '--conversation'], lines.join('\n') + '\n');
    assert.equal(result.status, 0, result.stderr);
    const answers = result.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((line) => JSON.parse(line));
    assert.equal(answers.length, lines.length - 1, 'the empty line prints nothing');
    const [what, memory, thanks, hours, sliding, thanksAgain] = answers;
    assert.equal(what.citations[0].section, 3);
    assert.equal(memory.citations[0].section, 3, 'a pronoun continues the QLoRA conversation');
    assert.match(memory.answer, /48 GB/u);
    assert.deepEqual([thanks.kind, thanks.citations], ['smalltalk', []]);
    assert.doesNotMatch(thanks.answer, /48 GB|QLoRA/u, 'small talk does not repeat the last answer');
    assert.equal(hours.citations[0].section, 3, 'small talk kept the topic');
    assert.match(hours.answer, /24/u);
    assert.equal(sliding.citations[0].section, 6, 'a question with its own topic starts fresh');
    assert.equal(thanksAgain.kind, 'smalltalk');
  });

  it('an unusable question in plain mode exits 2 with the message on stderr', () => {
    // The --json --stdin test above covers every kind of unusable question; this is the plain-mode exit path.
    const result = ask(['🙂']);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /no words to search for/u);
  });

  it('no question at all is a usage error: exit 2 and how to ask', () => {
    const result = ask(['   ']);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Give a question/u);
  });
});
