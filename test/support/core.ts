/** Shared set-up for tests of the retrieval core: real corpus and model, each test's own index folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { createQaService, type LocalQaService } from '../../src/qa.ts';

export function tempDir(prefix = 'paperbot-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Settings as a user would have them, with index and data in fresh temporary folders. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ INDEX_DIR: tempDir('paperbot-index-'), DATA_DIR: tempDir('paperbot-data-'), LOG_LEVEL: 'error', ...env });
}

let shared: Promise<LocalQaService> | undefined;

/** One real QaService per test process (building an index takes seconds). */
export function sharedQa(): Promise<LocalQaService> {
  shared ??= createQaService(testConfig());
  return shared;
}
