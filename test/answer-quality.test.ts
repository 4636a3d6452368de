import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { LocalQaService } from '../src/qa.ts';
import type { Answer, PreviousTurn } from '../src/types.ts';
import { nextTurn } from '../src/answer/conversation.ts';
import { sharedQa } from './support/core.ts';

/**
 * The answer a reader sees, question kind by question kind: the quoted sentences must state what was asked (not
 * the sentence next to it), in the reader's language, with the section of each quote named in the lead-in.
 */

let qa: LocalQaService;
before(async () => {
  qa = await sharedQa();
});

/** The answer text without its lead-in. */
const body = (answer: Answer) => answer.answer.replace(/^[^:：]*[:：]\s*/u, '');

describe('the sentence that answers, by kind of question', () => {
  for (const [kind, question, section, facts] of [
    ['definition', 'What is QLoRA?', 3, [/quantized LoRA/u]],
    ['definition', 'DPO 是什么?', 5, [/论文介绍了一种算法/u]],
    ['definition', 'what is sliding window attention?', 6, [/fixed-size attention block/u]],
    ['definition (acronym)', 'what does RLHF mean', 5, [/reinforcement learning from human feedback/u]],
    ['definition (acronym)', 'what does RLHF stand for?', 5, [/reinforcement learning from human feedback/u]],
    ['definition (acronym spelt out, few shared words)', 'what does ViT mean?', 8, [/vision transformers \(ViT\)/u]],
    ['definition (named as)', 'phi 是什么模型?', 6, [/微软的 phi 系列/u]],
    ['definition (what for)', 'SAM 是干嘛的', 9, [/^Segment Anything 模型 \(SAM\) 旨在/u]],
    ['definition (pointing back)', 'Self-Instruct 是什么思路', 7, [/一种方法是.*合成数据集.*这个想法/u]],
    ['quantity', 'How many parameters does Mixtral have in total?', 6, [/56B/u]],
    ['who', 'who made phi?', 6, [/Microsoft's phi series/u]],
    ['why (secret)', "what's the secret behind phi?", 6, [/textbook quality data/u]],
    ['why (included)', 'why did the author pick the pythia paper', 1, [/I am including this paper because/u]],
    ['why (included)', '为什么要收录 BloombergGPT?', 4, [/案例研究/u]],
    ['why (included, other words)', '为什么作者要收录 Orca 2?', 7, [/我决定将它纳入其中,因为/u]],
    ['quantity', 'How many images are in the Segment Anything dataset?', 9, [/11 million images/u]],
    ['quantity', 'qlroa 需要多少显存?', 3, [/48 GB/u]],
    ['list', 'What are the three components of SAM?', 9, [/image encoder/u, /prompt encoder/u, /mask decoder/u]],
    ['list', 'RLHF 有哪几个步骤?', 5, [/监督微调/u, /奖励建模/u, /近端策略优化/u]],
    ['list (named in one sentence)', 'phi 系列都有哪些型号', 6, [/phi-1.*phi-1\.5.*phi-2/u]],
    ['place in a list', 'RLHF 的第三步是什么?', 5, [/多步骤程序/u, /近端策略优化/u]],
    ['place in a list', 'which algorithm is used in the third step of RLHF?', 5, [/Proximal policy optimization|PPO/u]],
    ['place in a list', 'SAM 的第三个组件是什么?', 9, [/掩码解码器/u]],
    ['about a figure', 'in the Llama 2 figure, which version is the final RLHF chat model?', 2, [/RLHF-v5/u]],
    ['finding', 'what did the False Promise paper find about imitation models?', 7, [/factually incorrect/u]],
    ['why', 'Why did BloombergGPT use only 50 billion parameters?', 4, [/Chinchilla/u]],
    ['why', '为什么 MoE 推理更快?', 6, [/<14B/u]],
    ['comparison', 'How is QLoRA different from LoRA?', 3, [/QLoRA/u, /regular LoRA|LoRA \(low-rank/u]],
    ['yes/no', 'Does doubling the batch size affect convergence?', 1, [/does not affect convergence/u]],
    ['yes/no', '训练顺序会影响记忆吗?', 1, [/事实证明它不会/u]],
    ['passing name', 'GPT-4 据传有多少参数?', 6, [/据传/u, /1110 亿/u]],
    ['passing name', 'What does the digest say about Gemini?', 2, [/Bard and Gemini/u]],
  ] as const) {
    it(`${kind}: "${question}" states ${facts.map(String).join(', ')}`, async () => {
      const answer = await qa.ask(question);
      assert.equal(answer.kind, 'quoted');
      assert.equal(answer.citations[0]?.section, section);
      for (const fact of facts) assert.match(body(answer), fact);
    });
  }

  it('names in the lead-in only sections its quotes come from', async () => {
    for (const question of ['SAM 由哪三个组件组成?', 'Mixtral 总共大约有多少参数?', 'How much memory does QLoRA need?', 'Zephyr 7B 基于什么模型?']) {
      const answer = await qa.ask(question);
      const named = [...answer.answer.slice(0, answer.answer.search(/[:：]/u)).matchAll(/§(\d+)/gu)].map((m) => Number(m[1]));
      const quoted = [...body(answer).matchAll(/\[(\d+)\]/gu)].map((m) => answer.citations[Number(m[1]) - 1]!.section);
      assert.deepEqual([...new Set(named)].sort(), [...new Set(quoted)].sort(), answer.answer);
    }
  });

  it('a size inside a name ("Llama-2-70B", "Mixtral-8x7B") or the article "一个" is no figure: the first quote states the one asked', async () => {
    for (const [question, figure] of [
      ['how big are the llama 2 models', /range from 7B to 70B parameters/u],
      ['Orca 2 训练的小模型是多大的', /7B 和 13B/u],
      ['segment anythin dataset how many images', /11 million images/u],
    ] as const) {
      const answer = await qa.ask(question);
      assert.match(body(answer).split(/\[\d\]/u)[0]!, figure, answer.answer);
    }
  });

  it('a list item asking a question brings its answer; a sentence announcing a list never ends an answer without it', async () => {
    const questions = await qa.ask('what questions did the pythia paper look into');
    assert.match(questions.answer, /\n• Does training order influence memorization\? Unfortunately, it turns out that it does not\. \[1\]/u);
    const pythia = await qa.ask('Pythia 是什么?');
    assert.doesNotMatch(pythia.answer, /[:：]\s*\[\d\]$/u, pythia.answer);
  });

  it('a figure comes with the sentences right after it that correct it ("约 56B" is "closer to 40-50B")', async () => {
    for (const question of ['Mixtral 总共大约有多少参数?', 'How many parameters does Mixtral have in total?']) {
      const answer = await qa.ask(question);
      assert.match(answer.answer, /56B[^[]*40-50B/u, answer.answer);
    }
  });

  it('never opens with a caption, a reading-list title or another model', async () => {
    const mixtral = await qa.ask('Mixtral 总共大约有多少参数?');
    assert.doesNotMatch(body(mixtral).split(/\[\d\]/u)[0]!, /GPT-4/u, 'the GPT-4 rumour is about another model');
    const moe = await qa.ask('什么是混合专家模型?');
    assert.doesNotMatch(body(moe), /^(?:稀疏门控|GShard|MegaBlocks)/u, 'a reading-list title is no definition');
    const sam = await qa.ask('What is the Segment Anything Model designed for?');
    assert.doesNotMatch(body(sam), /^Annotated|^From https/u);
  });
});

describe('a question after an answer that does not point back to it', () => {
  const after = async (first: string, second: string) => {
    const answer = await qa.ask(first);
    return qa.ask(second, { previous: nextTurn(undefined, first, answer)! });
  };

  it('is judged on its own: off-topic, it is refused instead of answered from the previous paper', async () => {
    for (const [first, second] of [
      ['QLoRA 是什么?', '顺便问下,今天深圳天气怎么样?'],
      ['What is DPO?', 'unrelated, but how do I reset my Discord password?'],
    ] as const) {
      const answer = await after(first, second);
      assert.equal(answer.answered, false, answer.answer);
    }
  });

  it('still continues the conversation when the digest covers it ("how many parameters?")', async () => {
    const answer = await after('what is Mistral 7B?', 'how many parameters?');
    assert.equal(answer.answered, true);
    assert.equal(answer.citations[0]?.section, 6);
  });
});

describe('a who-question in a conversation', () => {
  it('"who made it?" after questions about phi names Microsoft', async () => {
    let previous: PreviousTurn | undefined;
    let answer: Answer | undefined;
    for (const question of ['how many parameters does phi-2 have?', "what's the secret behind it?", 'who made it?']) {
      answer = await qa.ask(question, previous ? { previous } : {});
      previous = nextTurn(previous, question, answer);
    }
    assert.match(body(answer!).split(/\[\d\]/u)[0]!, /Microsoft/u);
  });
});

describe('English readers', () => {
  it('get the rendering, marked as translated; the sources keep the Chinese original', async () => {
    const answer = await qa.ask('How much memory does QLoRA need for a 65B model?');
    assert.match(answer.answer, /^From the digest \(§3 QLoRA: Efficient Fine-Tuning of Quantized LLMs\), translated from the Chinese: .*48 GB/su);
    assert.doesNotMatch(answer.answer, /\p{Script=Han}/u);
    assert.ok(answer.citations.some((c) => c.text.includes('48 GB') && /\p{Script=Han}/u.test(c.text) && c.translation?.includes('48 GB')));
  });

  it('a Chinese question is still answered with the digest as written', async () => {
    const answer = await qa.ask('QLoRA 微调 65B 模型需要多少显存?');
    assert.match(answer.answer, /^根据摘要\(§3 QLoRA:量化 LLM 的有效微调\):.*48 GB/su);
    assert.doesNotMatch(answer.answer, /translated/u);
  });
});

describe('the digest as a whole, greetings and small talk', () => {
  it("lists the ten papers with section numbers, titles and a line each, in the reader's language", async () => {
    const en = await qa.ask('What are the ten papers?');
    assert.equal(en.kind, 'catalogue');
    assert.equal(en.answered, true);
    for (let n = 1; n <= 10; n++) assert.match(en.answer, new RegExp(`§${n} \\S`, 'u'));
    assert.match(en.answer, /Segment Anything/u);
    assert.doesNotMatch(en.answer, /\p{Script=Han}/u);
    const zh = await qa.ask('这份摘要有几篇论文?');
    assert.match(zh.answer, /共介绍了 10 篇论文/u);
    assert.match(zh.answer, /§9 细分一切/u);
  });

  it('answers topic and organisation filters from the catalogue tags', async () => {
    const meta = await qa.ask('Which papers come from Meta?');
    assert.deepEqual(
      [...meta.answer.matchAll(/§(\d+)/gu)].map((m) => Number(m[1])),
      [2, 9, 10],
    );
    const tuning = await qa.ask('哪些论文跟微调有关?');
    assert.deepEqual(
      [...tuning.answer.matchAll(/§(\d+)/gu)].map((m) => Number(m[1])),
      [2, 3, 5, 7],
    );
  });

  it('says what it does when greeted, without citations', async () => {
    const hi = await qa.ask('hi, what can you do?');
    assert.equal(hi.kind, 'help');
    assert.deepEqual(hi.citations, []);
    assert.match(hi.answer, /Ten Noteworthy AI Research Papers of 2023/u);
  });

  it('refuses a paper the digest does not discuss, saying what it covers', async () => {
    for (const question of ['What is Llama 3?', 'Mamba 是什么?', 'Tell me about Gemma', 'Summarise a 2024 paper on state space models']) {
      const answer = await qa.ask(question);
      assert.equal(answer.answered, false, question);
      assert.match(answer.answer, /does not discuss|没有讨论/u);
      assert.match(answer.answer, /Pythia, Llama 2, QLoRA/u);
    }
  });

  it('resolves misspelt names in both languages', async () => {
    for (const [question, section] of [
      ['mixtrall', 6],
      ['qlroa 是什么?', 3],
      ['bloomberg gpt', 4],
      ['what is zephry built on?', 5],
    ] as const) {
      const answer = await qa.ask(question);
      assert.equal(answer.answered, true, question);
      assert.equal(answer.citations[0]?.section, section, question);
    }
  });
});

describe('conversation', () => {
  async function converse(lines: string[]): Promise<Answer[]> {
    let previous: PreviousTurn | undefined;
    const answers: Answer[] = [];
    for (const line of lines) {
      const answer = await qa.ask(line, previous ? { previous } : {});
      previous = nextTurn(previous, line, answer);
      answers.push(answer);
    }
    return answers;
  }

  it('a pronoun continues the topic; small talk answers briefly and keeps it; a new topic starts fresh', async () => {
    const [sam, size, thanks, prompts, sliding] = await converse([
      'What is Segment Anything?',
      'How big is its dataset?',
      'thanks, that is helpful!',
      'And what does its prompt encoder handle?',
      'what is sliding window attention?',
    ]);
    assert.equal(sam!.citations[0]?.section, 9);
    assert.equal(size!.citations[0]?.section, 9);
    assert.match(size!.answer, /11 million images/u);
    assert.equal(thanks!.kind, 'smalltalk');
    assert.deepEqual(thanks!.citations, []);
    assert.doesNotMatch(thanks!.answer, /Segment|11 million/u, 'small talk never repeats the last answer');
    assert.equal(prompts!.citations[0]?.section, 9, 'the topic survived the small talk');
    assert.match(prompts!.answer, /sparse \(points, boxes, text\) and dense \(masks\)/u);
    assert.equal(sliding!.citations[0]?.section, 6, 'a question with its own topic is not pulled back to Segment Anything');
  });

  it('a bare fragment asks about the previous subject', async () => {
    const [, memory] = await converse(['How long did the Guanaco fine-tuning take?', 'and the memory?']);
    assert.equal(memory!.citations[0]?.section, 3);
    assert.match(memory!.answer, /48 GB/u);
  });
});
