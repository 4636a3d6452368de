/**
 * Several digests at once, as a group would drop them in: an English Markdown digest of its own beside the project's
 * Chinese one. English questions are answered from the English digest's own sentences, a Chinese question is told the
 * quote is in English, every citation names its digest, the catalogue lists each digest, and /paper finds a paper
 * both digests cover and lists both, against the fake Discord.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { startBot, type RunningBot } from '../src/discord/bot.ts';
import type { LocalQaService } from '../src/qa.ts';
import { ROOT, tempDir, testConfig } from './support/core.ts';
import { FakeDiscord } from './support/fake-discord.ts';

const NOTES = 'reading-group-notes';
const NOTES_TITLE = 'Reading group notes, autumn 2023';
const SEED_TITLE = '2023 年十篇值得关注的 AI 研究论文';

describe('several digests at once', () => {
  let qa: LocalQaService;

  before(async () => {
    const corpusDir = tempDir('paperbot-corpus-');
    for (const file of fs.readdirSync(path.join(ROOT, 'corpus'))) fs.copyFileSync(path.join(ROOT, 'corpus', file), path.join(corpusDir, file));
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/digests', `${NOTES}.md`), path.join(corpusDir, `${NOTES}.md`));
    const { createQaService } = await import('../src/qa.ts');
    // The index of these two digests is shared as the project's is (one per corpus, model and index code, in the OS
    // temp folder): built by the first run, loaded by the next ones.
    qa = await createQaService(testConfig({ CORPUS_DIR: corpusDir }));
  });

  it('reads the English digest: its papers, and the section that is not one', () => {
    const notes = qa.corpus.info.find((d) => d.name === NOTES)!;
    assert.deepEqual([notes.title, notes.language, notes.papers], [NOTES_TITLE, 'en', 4]);
    const headings = qa.corpus.digests.find((d) => d.digest === NOTES)!.sections.map((s) => [s.section, s.isPaper, s.heading]);
    assert.deepEqual(headings.slice(1), [
      [1, true, 'QLoRA: Efficient Finetuning of Quantized LLMs'],
      [2, true, 'Direct Preference Optimization'],
      [3, true, 'Mistral 7B'],
      [4, true, 'Segment Anything'],
      [6, false, 'What we will read next'],
    ]);
  });

  it('answers an English question from the English digest, as written, citing the digest and its section', async () => {
    const answer = await qa.ask('What dataset was SAM trained on, and how many masks does it have?');
    assert.equal(answer.answered, true);
    assert.deepEqual([answer.citations[0]?.digest, answer.citations[0]?.section], [NOTES, 4]);
    // The seed's sentence on the same dataset may come along: an English reader gets its rendering, marked as such.
    assert.match(
      answer.answer,
      /^According to the digest \(§4 Segment Anything — Reading group notes, autumn 2023(?:\): |; .*\), partly translated from the Chinese: )/u,
    );
    assert.match(answer.answer, /SA-1B/u);
    assert.doesNotMatch(answer.answer.slice(answer.answer.indexOf('): ')), /\p{Script=Han}/u, 'every quote in English');
    assert.match(answer.citations[0]!.title, / — Reading group notes, autumn 2023$/u);
  });

  it('tells a Chinese reader that the quote is in English', async () => {
    const answer = await qa.ask('NF4 数据类型是什么?');
    assert.equal(answer.citations[0]?.digest, NOTES);
    assert.match(answer.answer, /^根据摘要\(§1 QLoRA: Efficient Finetuning of Quantized LLMs — Reading group notes, autumn 2023\),原文为英文:/u);
    assert.match(answer.answer, /4-bit NormalFloat \(NF4\)/u);
  });

  it('cites the project digest with its title too, now that there are two', async () => {
    const answer = await qa.ask('BloombergGPT 用了多少金融数据?');
    assert.equal(answer.citations[0]?.digest, 'ten-noteworthy-ai-papers-2023.zh');
    assert.ok(answer.citations.every((c) => c.title.endsWith(c.digest === NOTES ? NOTES_TITLE : SEED_TITLE)));
  });

  it('lists every digest for "all the papers", and one digest when the question names it', async () => {
    const all = await qa.ask('what are all the papers?');
    assert.equal(all.kind, 'catalogue');
    // In English, the project digest goes by its English title; digests come in file-name order.
    assert.match(
      all.answer,
      new RegExp(`“${NOTES_TITLE}” covers 4 papers[\\s\\S]*“Ten Noteworthy AI Research Papers of 2023” covers 10 papers`, 'u'),
    );
    const one = await qa.ask('Which papers do the reading group notes, autumn 2023 cover?');
    assert.equal(one.kind, 'catalogue');
    assert.match(one.answer, /^The digest “Reading group notes, autumn 2023” covers 4 papers/u);
    assert.doesNotMatch(one.answer, /Pythia/u);
  });

  it('knows a paper both digests cover as one paper', () => {
    const qlora = qa.papers.filter((p) => p.arxivId === '2305.14314' || p.heading.startsWith('QLoRA'));
    assert.equal(qlora.length, 2);
    assert.deepEqual(qlora[0]!.alsoIn, [{ digest: qlora[1]!.digest, section: qlora[1]!.section }]);
  });

  describe('on Discord', () => {
    let fake: FakeDiscord;
    let bot: RunningBot;

    before(async () => {
      fake = await FakeDiscord.start();
      const config = loadConfig({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_BASE: fake.apiBase,
        DATA_DIR: tempDir('paperbot-data-'),
        LOG_LEVEL: 'error',
      });
      bot = await startBot(config, { qa });
    });

    after(async () => {
      await bot.stop();
      await fake.close();
    });

    it('/paper finds a paper both digests cover and its card lists both', async () => {
      const reply = await fake.sendSlashCommand({ name: 'paper', options: [{ name: 'query', type: 3, value: 'QLoRA' }], locale: 'en-US' }).callback();
      const card = reply.body.data.embeds[0];
      const digests = card.fields.find((field: { name: string }) => field.name === 'In these digests');
      assert.ok(digests, JSON.stringify(card.fields));
      assert.match(digests.value, new RegExp(`§3 .* — ${SEED_TITLE}`, 'u'));
      assert.match(digests.value, new RegExp(`§1 QLoRA: Efficient Finetuning of Quantized LLMs — ${NOTES_TITLE}`, 'u'));
    });

    it('/paper autocomplete offers the papers of every digest', async () => {
      const choices = (await fake.sendAutocomplete({ name: 'paper', option: 'query', value: '' }).callback()).body.data.choices;
      assert.equal(choices.length, 14);
      const segment = (await fake.sendAutocomplete({ name: 'paper', option: 'query', value: 'segment anything', locale: 'en-US' }).callback()).body
        .data.choices;
      assert.deepEqual(segment.map((choice: { value: string }) => choice.value.split(':')[0]).sort(), [
        'reading-group-notes',
        'ten-noteworthy-ai-papers-2023.zh',
      ]);
    });
  });
});

describe('an English digest alone', () => {
  let qa: LocalQaService;

  before(async () => {
    const corpusDir = tempDir('paperbot-english-corpus-');
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/digests', `${NOTES}.md`), path.join(corpusDir, `${NOTES}.md`));
    const { createQaService } = await import('../src/qa.ts');
    qa = await createQaService(testConfig({ CORPUS_DIR: corpusDir }));
  });

  it('refuses a name written in capitals that it never writes: with every digest in English, it is no translation', async () => {
    // Beside names the digest knows (SA-1B, RLHF) that no paper heading carries.
    for (const question of ['does SA-1B include DLRM data?', 'is DLRM trained with RLHF?']) {
      const answer = await qa.ask(question);
      assert.equal(answer.answered, false, answer.answer);
      assert.match(answer.answer, /does not discuss DLRM/u);
    }
  });
});
