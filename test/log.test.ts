import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { configureLog, log } from '../src/log.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.discord-token';
const API_KEY = 'sk-operator-model-endpoint-key';

/** The lines the logger writes to stderr while `run` runs. */
function stderrOf(run: () => void): string[] {
  const lines: string[] = [];
  const write = mock.method(process.stderr, 'write', (chunk: string | Uint8Array) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    return true;
  });
  try {
    run();
  } finally {
    write.mock.restore();
  }
  return lines;
}

function settings(env: Record<string, string>) {
  return loadConfig({ DISCORD_TOKEN: TOKEN, LLM_BASE_URL: 'http://127.0.0.1:1/v1', LLM_MODEL: 'm', LLM_API_KEY: API_KEY, ...env });
}

describe('logging', () => {
  it('writes one readable line per entry at LOG_LEVEL and above, the detail after the message', () => {
    configureLog(settings({ LOG_LEVEL: 'info' }));
    const lines = stderrOf(() => {
      log.debug('not at info');
      log.info('Shard 0: connected to Discord');
      log.warn('Queued database writes failed; trying again', { attempt: 2 });
      log.error('Start-up failed', new Error('disk full'));
    });
    assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}Shard 0: connected to Discord$/u);
    assert.match(lines[1]!, /Z WARN {2}Queued database writes failed; trying again \{"attempt":2\}$/u);
    assert.match(lines[2]!, /Z ERROR Start-up failed Error: disk full$/u);
    assert.match(lines[3]!, /^\s+at /u, 'the stack of an error follows its line');
  });

  it('never writes the token or the API key, wherever they appear', () => {
    configureLog(settings({ LOG_LEVEL: 'debug' }));
    const text = stderrOf(() => {
      log.error(`Login with ${TOKEN} failed`, new Error(`401 for Bearer ${API_KEY}`));
      log.debug('A request', { headers: { authorization: 'Bot short' }, token: 'short' });
    }).join('\n');
    assert.ok(!text.includes(TOKEN) && !text.includes(API_KEY) && !text.includes('short'), text);
    assert.match(text, /Login with \[redacted\] failed Error: 401 for Bearer \[redacted\]/u);
    assert.match(text, /\{"headers":\{"authorization":"\[redacted\]"\},"token":"\[redacted\]"\}/u);
  });

  it('writes JSON lines with LOG_FORMAT=json', () => {
    configureLog(settings({ LOG_LEVEL: 'warn', LOG_FORMAT: 'json' }));
    const lines = stderrOf(() => {
      log.info('not at warn');
      log.warn(`Shard 0: connection lost (${TOKEN})`, { shard: 0 });
      log.error('Answering failed', new Error('boom'));
    });
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(entries.length, 2);
    assert.deepEqual(
      { level: entries[0]!.level, msg: entries[0]!.msg, detail: entries[0]!.detail },
      {
        level: 'warn',
        msg: 'Shard 0: connection lost ([redacted])',
        detail: { shard: 0 },
      },
    );
    assert.equal(typeof entries[0]!.time, 'string');
    assert.equal(entries[1]!.level, 'error');
    assert.equal((entries[1]!.err as { message: string }).message, 'boom');
    configureLog(settings({}));
  });
});
