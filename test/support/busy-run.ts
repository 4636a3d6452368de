/**
 * `npm run test:busy`: runs `npm test` several times (3 unless `--runs N`) while CPU-bound processes (2 unless
 * `--burners N`) keep every core busy, as CI's shared machine does, and prints each run's outcome and wall time. Exits
 * 1 unless every run passed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { Command, InvalidArgumentError } from 'commander';
import { ROOT } from './core.ts';

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

const options = new Command('test:busy')
  .description('runs npm test repeatedly beside CPU-bound processes')
  .option('--runs <n>', 'how many times to run npm test', count, 3)
  .option('--burners <n>', 'how many CPU-bound processes run beside it', count, 2)
  .parse()
  .opts<{ runs: number; burners: number }>();

const burners = Array.from({ length: options.burners }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopBurners = () => burners.forEach((burner) => burner.kill('SIGKILL'));
process.on('exit', stopBurners);

const results: { run: number; passed: boolean; seconds: number }[] = [];
for (let run = 1; run <= options.runs; run++) {
  const started = Date.now();
  const { status, stdout } = spawnSync('npm', ['test'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
  const seconds = (Date.now() - started) / 1000;
  results.push({ run, passed: status === 0, seconds });
  const tally = stdout.match(/^# (?:pass|fail) \d+$/gmu)?.join(', ') ?? 'no tally';
  console.log(
    `run ${run} of ${options.runs} beside ${options.burners} CPU-bound processes: ${status === 0 ? 'passed' : `FAILED (exit ${status})`} in ${seconds.toFixed(1)} s (${tally})`,
  );
  // What failed, with the lines that say why, for a run that did not pass.
  if (status !== 0) for (const line of stdout.split('\n').filter((l) => /^\s*not ok|^\s+error:/u.test(l))) console.log(line);
}
stopBurners();
const passed = results.filter((result) => result.passed).length;
console.log(`${passed} of ${options.runs} runs passed`);
process.exitCode = passed === options.runs ? 0 : 1;
