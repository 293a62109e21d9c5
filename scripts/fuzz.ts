// `npm run fuzz -- --runs N [--seed S]`: the property-based fuzz of the HTTP API
// (test/e2e/fuzz.test.ts) for longer than `npm test` runs it, printing its progress; on a
// failure jest shows the seed and the shrunk request that failed.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- --runs N [--seed S]  (N and S whole numbers)');
  process.exit(2);
}
console.error(`fuzz: ${runs} runs, seed ${seed}`);
const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), 'test/e2e/fuzz.test.ts', '--testNamePattern', 'every endpoint'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed), FUZZ_PROGRESS: '1' },
});
process.exit(jest.status ?? 1);
