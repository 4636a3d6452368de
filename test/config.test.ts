import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('settings', () => {
  it('defaults need nothing set: console mode, local model, daily 09:00 UTC in Chinese', () => {
    const config = loadConfig({}, '/srv/paperbot');
    assert.equal(config.discord.token, undefined);
    assert.equal(config.discord.apiBase, 'https://discord.com/api');
    assert.equal(config.embeddingModel, 'BAAI/bge-small-zh-v1.5');
    assert.equal(config.indexDir, path.resolve('/srv/paperbot', 'index'));
    assert.deepEqual(config.potd, { channelId: undefined, cron: '0 9 * * *', timeZone: 'UTC', language: 'zh' });
    assert.equal(loadConfig({ POTD_LANGUAGE: 'en' }).potd.language, 'en');
    assert.throws(() => loadConfig({ POTD_LANGUAGE: 'fr' }), /POTD_LANGUAGE/u);
    assert.deepEqual(config.discord.rateLimit, { questions: 5, windowSeconds: 60 });
    assert.deepEqual(config.answering, { workers: undefined, maxQueued: 100 });
    assert.deepEqual(loadConfig({ ANSWER_WORKERS: '3', ANSWER_QUEUE_MAX: '20' }).answering, { workers: 3, maxQueued: 20 });
    assert.equal(loadConfig({ ANSWER_WORKERS: 'auto' }).answering.workers, undefined);
  });

  it('reads channel lists, trims blanks and strips a trailing slash from the API base', () => {
    const config = loadConfig({
      DISCORD_TOKEN: '  ',
      DISCORD_ASK_CHANNEL_IDS: '111111111111111111, 222222222222222222,',
      DISCORD_API_BASE: 'http://127.0.0.1:9999/api/',
      POTD_CRON: '*/2 * * * * *',
      POTD_TZ: 'Asia/Shanghai',
    });
    assert.equal(config.discord.token, undefined);
    assert.deepEqual(config.discord.askChannelIds, ['111111111111111111', '222222222222222222']);
    assert.equal(config.discord.apiBase, 'http://127.0.0.1:9999/api');
    assert.equal(config.potd.timeZone, 'Asia/Shanghai');
  });

  it('a language model only when LLM_BASE_URL is set: its model, key, whole-answer budget and token cap', () => {
    assert.equal(loadConfig({}).llm, undefined);
    assert.equal(loadConfig({ LLM_MODEL: 'qwen2.5:7b-instruct' }).llm, undefined);
    assert.deepEqual(loadConfig({ LLM_BASE_URL: 'http://localhost:11434/v1/', LLM_MODEL: 'qwen2.5:7b-instruct', LLM_API_KEY: ' ' }).llm, {
      baseUrl: 'http://localhost:11434/v1',
      model: 'qwen2.5:7b-instruct',
      timeoutMs: 30_000,
      maxTokens: 800,
    });
    const openai = loadConfig({
      LLM_BASE_URL: 'https://api.openai.com/v1',
      LLM_MODEL: 'gpt-4o-mini',
      LLM_API_KEY: 'sk-x',
      LLM_TIMEOUT_SECONDS: '8',
      LLM_MAX_TOKENS: '300',
    });
    assert.deepEqual(openai.llm, { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', apiKey: 'sk-x', timeoutMs: 8000, maxTokens: 300 });
  });

  for (const [name, env, message] of [
    ['a channel id that is not a snowflake', { DISCORD_ASK_CHANNEL_IDS: 'general' }, /DISCORD_ASK_CHANNEL_IDS.*Discord id/su],
    ['an unknown time zone', { POTD_TZ: 'Mars/Olympus' }, /POTD_TZ: unknown IANA time zone "Mars\/Olympus"/u],
    ['a cron with a minute of 61', { POTD_CRON: '61 9 * * *' }, /POTD_CRON: "61 9 \* \* \*" is not a valid schedule/u],
    ['a rate limit of zero', { RATE_LIMIT_QUESTIONS: '0' }, /RATE_LIMIT_QUESTIONS/u],
    ['a worker count that is neither auto nor a number', { ANSWER_WORKERS: 'many' }, /ANSWER_WORKERS/u],
    ['no answering worker', { ANSWER_WORKERS: '0' }, /ANSWER_WORKERS/u],
    ['an answering queue of zero', { ANSWER_QUEUE_MAX: '0' }, /ANSWER_QUEUE_MAX/u],
    ['an API base that is not a URL', { DISCORD_API_BASE: 'discord' }, /DISCORD_API_BASE/u],
    ['a log level that does not exist', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/u],
    ['a log format that does not exist', { LOG_FORMAT: 'xml' }, /LOG_FORMAT/u],
    ['an LLM base URL that is not a URL', { LLM_BASE_URL: 'localhost:11434', LLM_MODEL: 'm' }, /LLM_BASE_URL: must be a URL/u],
    ['an LLM base URL without a model', { LLM_BASE_URL: 'http://localhost:11434/v1' }, /LLM_MODEL: required when LLM_BASE_URL is set/u],
    ['an LLM timeout of zero', { LLM_BASE_URL: 'http://localhost:11434/v1', LLM_MODEL: 'm', LLM_TIMEOUT_SECONDS: '0' }, /LLM_TIMEOUT_SECONDS/u],
  ] as const) {
    it(`refuses ${name} with a message naming the variable`, () => {
      assert.throws(
        () => loadConfig({ ...env }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /^Invalid settings \(see \.env\.example\)/u);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});
