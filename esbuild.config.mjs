/**
 * How paperbot is bundled for node, and `npm run build` (this file, run by node): the entry points into dist/.
 *
 * The sources and the pure-JavaScript packages go into the bundle: a process then parses a few files instead of
 * resolving and linking hundreds (importing discord.js and LangChain took ~0.8 s of CPU from node_modules/, ~0.3 s
 * bundled), which every start of the bot, a shard, an answering worker or a CLI pays. Left in node_modules/:
 * native addons and optional packages that may be missing. The language model's client (@langchain/openai,
 * src/written/openai-client.ts) is bundled into a file of its own that only a configured model loads: ~0.2 s of CPU
 * to import beside the bundled LangChain core, against ~1 s from node_modules/.
 */
import fs from 'node:fs';
import process from 'node:process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const KEPT_IN_NODE_MODULES = [
  // Native addons.
  'onnxruntime-node',
  'hnswlib-node',
  'better-sqlite3',
  '@node-rs/jieba',
  '@node-rs/jieba/*',
  '@napi-rs/canvas',
  // Optional speed-ups discord.js and ws load only if installed.
  'zlib-sync',
  'bufferutil',
  'utf-8-validate',
  // Tooling, which runs binaries from its own folder.
  'esbuild',
  'tsx',
];

/**
 * transformers.js imports a browser runtime (onnxruntime-web) and an image library (sharp, native) beside
 * onnxruntime-node; paperbot embeds text in node, where neither runs. Bundled without them, each process that loads
 * the model (answering worker, shard, CLI) spends ~0.27 s less CPU importing transformers.js. What stands in: an empty
 * module for the browser runtime, and for sharp a function that says why it cannot be used, were it ever called.
 */
/** @type {Record<string, string>} */
const STAND_INS = {
  'onnxruntime-web': 'export default undefined;',
  sharp: "export default function sharp() { throw new Error('paperbot embeds text only: images are not read'); }",
};
/** @type {esbuild.Plugin} */
const textEmbeddingOnly = {
  name: 'text-embedding-only',
  setup(build) {
    build.onResolve({ filter: /^(onnxruntime-web|sharp)$/ }, (args) => ({ path: args.path, namespace: 'stand-in' }));
    build.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => ({ contents: STAND_INS[args.path], loader: 'js' }));
  },
};

/** @type {esbuild.BuildOptions} */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: KEPT_IN_NODE_MODULES,
  // Bundled CommonJS packages require node's built-ins; an ES module has no `require` of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Code the entry points share goes into chunks, and a dynamic import stays one: what an entry point does not use
  // (the bot's own thread never loads the model or the index code) is never loaded.
  splitting: true,
  plugins: [textEmbeddingOnly],
  logLevel: 'warning',
};

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** The product's entry points into dist/ (dist/main.mjs, dist/cli/ask.mjs, ...). */
export async function buildProduct() {
  const cli = fs
    .readdirSync(path.join(ROOT, 'src', 'cli'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join('src', 'cli', name));
  const { metafile } = await esbuild.build({
    ...NODE_BUNDLE,
    absWorkingDir: ROOT,
    entryPoints: ['src/main.ts', 'src/shard-manager.ts', 'src/workers/qa-worker.ts', ...cli],
    outbase: 'src',
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    metafile: true,
  });
  // Chunks are named by their content: those of earlier builds are no longer imported by anything. They are removed
  // after the build, not before, so that a process starting meanwhile still finds every file it imports.
  const written = new Set(Object.keys(metafile.outputs).map((file) => path.resolve(ROOT, file)));
  for (const name of fs.readdirSync(path.join(ROOT, 'dist'))) {
    const file = path.join(ROOT, 'dist', name);
    if (name.endsWith('.mjs') && !written.has(file)) fs.rmSync(file);
  }
}

// Run as `node esbuild.config.mjs`; imported (by the test bundler) it only lends its options.
if (process.argv[1]?.endsWith('esbuild.config.mjs')) await buildProduct();
