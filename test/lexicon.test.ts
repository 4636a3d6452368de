import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileLexicon, renderingsOf } from '../src/retrieval/lexicon-build.ts';
import { NO_RANK, serializeLexicon } from '../src/retrieval/lexicon-format.ts';
import { Lexicon } from '../src/retrieval/lexicon.ts';
import { tempDir, testConfig } from './support/core.ts';

/** Rows as ECDICT writes them: quoted cells, "\n" as two characters, field tags, an upper-case headword. */
const ECDICT_SAMPLE = `word,phonetic,definition,translation,pos,collins,oxford,tag,bnc,frq,exchange,detail,audio
train,trein,n. public transport,"n. 火车, 列车, 行列\\nvt. 训练, 教育, 对准",,4,1,zk gk ielts,1186,1516,d:trained/s:trains/i:training/p:trained/3:trains,,
CORE,kɒ:,n. the center of an object,"n. 核心, 果心, 要点\\n[计] 内核\\n[医] 髓",,3,1,cet4,2380,1954,s:cores,,
module,'mɒdju:l,n. a self-contained component,"n. 组件, 模数\\n[计] 模块",,1,,cet6,1606,6287,s:modules,,
data set,,,[计] 数据集; 数传机,,,,,0,0,,,
coracite,'kɔrәsait,,水钙铅铀矿,,,,,0,0,,,
hood,hʊd,,"n. 罩；风帽（布质）\\n[网络] 胡德；兜帽",,,,,9000,0,,,
`;

describe('compiling the lexicon from ECDICT', () => {
  const { entries } = compileLexicon(ECDICT_SAMPLE, 'sample');

  it('keeps general senses first and computing senses after them; other fields and web-mined senses are dropped', () => {
    assert.deepEqual(renderingsOf('n. 核心, 果心, 要点\\n[计] 内核\\n[医] 髓'), ['核心', '果心', '要点', '内核']);
    assert.deepEqual(renderingsOf('n. 罩；风帽（布质）\\n[网络] 胡德；兜帽'), ['罩', '风帽']);
  });

  it('folds case, keeps the frequency rank, and points inflected forms at their word', () => {
    assert.deepEqual(entries.core, [1954, '核心', '果心', '要点', '内核']);
    assert.equal(entries.trained?.[0], 1186);
    assert.ok(entries.trained?.includes('训练'));
    assert.deepEqual(entries.modules, entries.module);
  });

  it('keeps phrases with a computing sense and drops rare unranked words', () => {
    assert.deepEqual(entries['data set'], [NO_RANK, '数据集', '数传机']);
    assert.equal(entries.coracite, undefined);
  });
});

describe('translating an English question', () => {
  const lexicon = Lexicon.fromData(compileLexicon(ECDICT_SAMPLE, 'sample'));
  const everything = () => true;

  it('renders content words and phrases, the phrase first', () => {
    assert.deepEqual(lexicon.translate('Which data set did the core module use?', everything), ['数据集', '数传机', '核心', '果心', '组件', '模数']);
  });

  it('searches only renderings the corpus uses, at most two per word', () => {
    const corpusWords = new Set(['模块', '要点', '内核', '核心']);
    assert.deepEqual(
      lexicon.translate('the core modules', (term) => corpusWords.has(term)),
      ['核心', '要点', '模块'],
    );
  });

  it("prefers the field's sense over the dictionary's, and writes sizes as digests do", () => {
    const digestWords = new Set(['训练', '火车']);
    assert.deepEqual(
      lexicon.translate('how was the 65-billion model trained?', (term) => digestWords.has(term)),
      ['训练', '火车', '65b'],
    );
    assert.deepEqual(
      lexicon.translate('the train left', (term) => digestWords.has(term)),
      ['训练', '火车'],
    );
  });

  it('looks up a hyphenated word whole, else by its parts', () => {
    assert.deepEqual(lexicon.translate('core-module', everything), ['核心', '果心', '组件', '模数']);
  });

  it("renders a Chinese question's terms as the English words the corpus uses, the most common first, as it writes them", () => {
    // The corpus's forms of a word: "train" is written "trains" and "trained" there, "core" as is.
    const forms = new Map([
      ['core', ['core']],
      ['module', ['module', 'modules']],
      ['modules', ['module', 'modules']],
      ['train', ['trains', 'trained']],
    ]);
    assert.deepEqual(
      [...lexicon.translateChinese(['核心', '模块', '训练', '的'], (word) => forms.get(word) ?? [])],
      [
        ['核心', ['core']],
        ['模块', ['module', 'modules']],
        ['训练', ['trains', 'trained']],
      ],
    );
    const asWritten = (word: string) => [word];
    assert.equal(lexicon.translateChinese(['核', '未知词'], asWritten).size, 0, 'single characters and unknown terms add nothing');
  });

  it('counts common words as ordinary vocabulary and rare ones not', () => {
    const ordinary = new Set(lexicon.ordinaryWords());
    assert.ok(ordinary.has('train') && ordinary.has('core') && ordinary.has('module'));
    assert.ok(!ordinary.has('hood'), 'ranked 9000th: rarer than ordinary');
    assert.ok(!ordinary.has('data set'), 'a phrase is no word');
  });
});

describe('the installed lexicon', () => {
  it('is compiled by npm install and translates research questions', () => {
    const lexicon = Lexicon.load(testConfig().lexiconFile);
    const digestWords = new Set(['四个', '核心', '模块', '环境']);
    const terms = lexicon.translate('What are the four core modules?', (term) => digestWords.has(term));
    for (const term of ['四个', '核心', '模块']) assert.ok(terms.includes(term), `${term} in ${terms.join(' ')}`);
    const english = new Set(['perplexity', 'dataset', 'datasets', 'compression']);
    const words = [...lexicon.translateChinese(['困惑', '数据集', '压缩'], (word) => (english.has(word) ? [word] : [])).values()].flat();
    for (const word of ['perplexity', 'dataset', 'compression']) assert.ok(words.includes(word), `${word} in ${words.join(' ')}`);
  });

  it("searches a term's next word rather than another inflection of the same one: 照片 → picture, photo", () => {
    const lexicon = Lexicon.load(testConfig().lexiconFile);
    // The corpus writes each word's forms; a stem's inflections all give the same forms.
    const forms = new Map([
      ['picture', ['picture', 'pictures']],
      ['pictures', ['picture', 'pictures']],
      ['pictured', ['picture', 'pictures']],
      ['picturing', ['picture', 'pictures']],
      ['photo', ['photo']],
    ]);
    const words = [...lexicon.translateChinese(['照片'], (word) => forms.get(word) ?? []).values()].flat();
    assert.ok(words.includes('photo'), words.join(' '));
  });

  it('finds the terms it has whole that word segmentation would split ("去中心化")', () => {
    const lexicon = Lexicon.load(testConfig().lexiconFile);
    assert.ok(lexicon.compoundsIn('去中心化 MoE 那篇论文').includes('去中心化'));
    assert.deepEqual(lexicon.compoundsIn('MoE'), []);
  });

  it('is read once per process while its file is unchanged, and again once the file changes', () => {
    const file = path.join(tempDir('paperbot-lexicon-'), 'lexicon.txt');
    fs.copyFileSync(testConfig().lexiconFile, file);
    const first = Lexicon.load(file);
    assert.equal(Lexicon.load(file), first);
    const sample = compileLexicon(ECDICT_SAMPLE, 'sample');
    fs.writeFileSync(file, serializeLexicon(sample));
    const rewritten = Lexicon.load(file);
    assert.notEqual(rewritten, first);
    const translate = (lexicon: Lexicon) => lexicon.translate('the core modules', () => true);
    assert.deepEqual(translate(rewritten), translate(Lexicon.fromData(sample)));
  });

  it('is optional: a missing or damaged file turns translation off instead of failing', () => {
    const dir = tempDir('paperbot-lexicon-');
    try {
      const damaged = path.join(dir, 'lexicon.json');
      fs.writeFileSync(damaged, '{"format":1,"entr');
      for (const file of [path.join(dir, 'missing.json'), damaged]) {
        assert.deepEqual(
          Lexicon.load(file).translate('the core modules', () => true),
          [],
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
