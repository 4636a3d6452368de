import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bilingual, dotted, englishFirst, MESSAGES, PERMISSION_NAMES, t, type Entry } from '../src/messages/catalogue.ts';
import type { Language } from '../src/types.ts';

/** The languages of `Language`; were one added, every catalogue entry lacking it would fail to compile (`Entry`). */
const LANGUAGES: readonly Language[] = ['zh', 'en'];

describe('message catalogue', () => {
  test('every message exists in every language, as the same kind of message', () => {
    for (const [key, entry] of Object.entries({ ...MESSAGES, ...PERMISSION_NAMES })) {
      const kinds = LANGUAGES.map((language) => {
        const text: unknown = (entry as Partial<Entry>)[language];
        assert.ok(typeof text === 'function' || (typeof text === 'string' && text.trim() !== ''), `${key} lacks ${language}`);
        return typeof text;
      });
      assert.equal(new Set(kinds).size, 1, `${key} is a text in one language and a function in another`);
    }
  });

  test('a message without one of its languages does not compile', () => {
    // @ts-expect-error -- the English is missing
    const missing: Entry = { zh: '只有中文' };
    assert.equal(missing.en, undefined);
  });

  test('a message is shown in one language, or in both for a reader whose language is not known', () => {
    assert.equal(t('en', 'rateLimited', { seconds: 7 }), "You're asking a bit fast: please try again in 7 s.");
    assert.equal(t('zh', 'rateLimited', { seconds: 7 }), '你提问太快啦，请 7 秒后再试。');
    // Full-width punctuation carries its own space; a Chinese text without it is spaced like English.
    assert.equal(bilingual('guildOnly'), '这个命令只能在服务器中使用。/ This command only works in a server.');
    assert.equal(dotted('saved'), '已保存。· Saved.');
    assert.equal(dotted('settingsChannel'), '频道 · Channel');
    assert.equal(englishFirst('questionEmpty'), 'Please ask a question about the digest. / 请输入一个关于这份论文摘要的问题。');
  });
});
