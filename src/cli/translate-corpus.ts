/**
 * `npm run translate-corpus`: with a language model configured (LLM_BASE_URL), writes the rendering in the other
 * language of every digest (text or Markdown) in CORPUS_DIR that has none, or fills in the lines a partial one lacks:
 * `<digest>.en.txt` for a Chinese digest, `<digest>.zh.txt` for an English one. Passage by passage, each checked for
 * fidelity like a rendering written by hand. Passages that fail are left blank and listed for a person; until they
 * are filled in, the digest is answered in its own language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { digestFiles, digestName, parseDigestFile, renderingFile } from '../corpus/load.ts';
import { alignRendering } from '../corpus/rendering.ts';
import { configureLog } from '../log.ts';
import { createWritingModel } from '../written/model.ts';
import { renderDigest } from '../written/translate.ts';
import { cliProgram, loadSettings, runCli } from './run.ts';
import { UserError } from '../user-error.ts';

cliProgram('translate-corpus', 'Write the rendering in the other language (Chinese or English) of digests that have none, with a language model')
  .addHelpText('after', '\nExit code 3: some passages failed the fidelity check and were left blank for a person.')
  .parse();

async function main(): Promise<number> {
  const config = await loadSettings();
  configureLog(config);
  if (!config.llm) throw new UserError('translate-corpus needs a language model: set LLM_BASE_URL and LLM_MODEL (see .env.example).');
  const model = await createWritingModel(config.llm);
  let left = 0;
  for (const file of digestFiles(config.corpusDir)) {
    const text = fs.readFileSync(path.join(config.corpusDir, file), 'utf8');
    const digest = parseDigestFile(file, Buffer.from(text, 'utf8'));
    const rendered = renderingFile(digestName(file), digest.language);
    const renderingPath = path.join(config.corpusDir, rendered);
    const existing = fs.existsSync(renderingPath)
      ? fs
          .readFileSync(renderingPath, 'utf8')
          .replace(/^\uFEFF/u, '')
          .split(/\r?\n/u)
      : [];
    if (existing.length > 0 && alignRendering(digest, existing.join('\n')).ok) {
      process.stdout.write(`${file}: already rendered (${rendered}).\n`);
      continue;
    }
    const result = await renderDigest(model, file, text, existing, (done, total) => process.stderr.write(`\r${file}: ${done}/${total} passages`));
    process.stderr.write('\n');
    fs.writeFileSync(renderingPath, result.lines.join('\n'));
    process.stdout.write(`${file}: ${result.rendered} passages rendered into ${rendered}.\n`);
    if (result.leftForAPerson.length > 0) {
      left += result.leftForAPerson.length;
      process.stdout.write(
        `${result.leftForAPerson.length} left blank for a person (they failed the fidelity check); until they are filled in, ${file} is answered in its own language:\n`,
      );
      for (const { label, problems } of result.leftForAPerson) process.stdout.write(`  ${label}: ${problems.join('; ')}\n`);
    }
  }
  // Non-zero while work is left for a person, so a script notices.
  return left > 0 ? 3 : 0;
}

runCli(main);
