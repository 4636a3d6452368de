/** What an operator is told when Discord is out of reach: one line per cause, and an exit code a supervisor can see. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fatalCloseFromExitCode, fatalGatewayClose, networkFailure, unreachableMessage } from '../src/discord/connection.ts';

describe('when Discord is out of reach', () => {
  test('each fatal gateway close has one line naming the cause and what to do, and its own exit code', () => {
    const close = fatalGatewayClose(4004);
    assert.equal(
      close?.message,
      'Discord closed the connection: the token was revoked or is wrong (4004). Reset the token in the Developer Portal (Bot → Reset Token) and update DISCORD_TOKEN.',
    );
    for (const code of [4004, 4010, 4011, 4012, 4013, 4014]) {
      const fatal = fatalGatewayClose(code)!;
      assert.match(fatal.message, new RegExp(`^Discord closed the connection: .+ \\(${code}\\)\\. .+\\.$`, 'u'));
      assert.equal(fatal.exitCode, code - 3900);
      assert.deepEqual(fatalCloseFromExitCode(fatal.exitCode), fatal, 'the sharding manager reads the cause back');
    }
    assert.match(fatalGatewayClose(4014)!.message, /Message Content Intent/u);
    assert.match(fatalGatewayClose(4011)!.message, /npm run start:sharded/u);
  });

  test('closes the client recovers from, and ordinary exit codes, are not fatal', () => {
    for (const code of [1000, 1006, 4000, 4007, 4008, 4009]) assert.equal(fatalGatewayClose(code), undefined, String(code));
    for (const exitCode of [null, 0, 1, 100, 103, 137]) assert.equal(fatalCloseFromExitCode(exitCode), undefined, String(exitCode));
  });

  test('a network failure is named, also when wrapped, and anything else is left alone', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    assert.equal(
      unreachableMessage('http://127.0.0.1:1/api', refused),
      'Cannot reach Discord at http://127.0.0.1:1/api (ECONNREFUSED). Check DISCORD_API_BASE and the network.',
    );
    const notFound = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND x.invalid'), { code: 'ENOTFOUND' }) });
    assert.equal(networkFailure(notFound), 'ENOTFOUND');
    assert.equal(networkFailure(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })), 'timed out');
    assert.equal(unreachableMessage('https://discord.com/api', new Error('500 Internal Server Error')), undefined);
    assert.equal(networkFailure('ECONNREFUSED'), undefined);
  });
});
