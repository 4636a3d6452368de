/** `npm run index`: (re)build the passage index under INDEX_DIR, with a progress bar; unchanged texts reuse their vectors. */
import { SingleBar, Presets } from 'cli-progress';
import type { Corpus } from '../corpus/load.ts';
import { configureLog } from '../log.ts';
import { cliProgram, loadSettings, runCli } from './run.ts';

cliProgram('index', 'Rebuild the passage index of CORPUS_DIR under INDEX_DIR (texts that did not change keep their vectors)').parse();

async function main(): Promise<void> {
  const config = await loadSettings();
  configureLog(config);
  const bar = new SingleBar(
    { format: 'indexing {bar} {value}/{total} texts | {reused} reused, {embedded} embedded | {duration}s', stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  const { createQaService } = await import('../qa.ts'); // on demand: --help and a usage error do not load it
  const qa = await createQaService(config, {
    forceRebuild: true,
    onBuildProgress: ({ done, total, reused, embedded }) => {
      if (!started) bar.start(total, 0, { reused, embedded });
      started = true;
      bar.update(done, { reused, embedded });
    },
  });
  bar.stop();
  console.log(describeCorpus(qa.corpus).join('\n'));
  const m = qa.index.manifest;
  console.log(
    `Index written to ${config.indexDir}/store: ${m.passageCount} passages, ${m.sentenceCount} sentences, ` +
      `${m.reused} reused, ${m.embedded} embedded, ${m.dimensions} dimensions, model ${m.modelId}, built in ${m.buildMs} ms.`,
  );
}

/** What was read, per digest, and what was skipped and why: a user dropping files in corpus/ sees what became of each. */
export function describeCorpus(corpus: Corpus): string[] {
  const lines = corpus.info.map((digest) => {
    const titles = corpus.papers.filter((paper) => paper.digest === digest.name).map((paper) => paper.heading);
    const first = titles.slice(0, 3).join('; ') + (titles.length > 3 ? '; …' : '');
    return `${digest.file}: "${digest.title}" (${digest.language === 'zh' ? 'Chinese' : 'English'}${digest.rendered ? `, with ${digest.language === 'zh' ? 'an English' : 'a Chinese'} rendering` : ''}), ${digest.papers} papers (${first}), ${digest.passages} passages`;
  });
  return [...lines, ...corpus.skipped.map((skipped) => `${skipped.file}: skipped, ${skipped.problem}`)];
}

runCli(main);
