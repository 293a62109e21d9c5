// The workflow code, bundled once per version of its sources and cached, so a service process
// never runs webpack itself (bundling in-process costs ~100 MB of peak memory and seconds of start).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger';

const ROOT = path.resolve(__dirname, '..');
/** Everything the workflow bundle is built from, besides node_modules. */
const SOURCE_DIRS = ['workflows', 'domain'];
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'cadre-rotation');
const BUILD_SCRIPT = path.join(ROOT, 'scripts', 'build-workflow-bundle.ts');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

/** Changes whenever a workflow source file or the Temporal workflow library changes. */
export function workflowSourceHash(): string {
  const hash = crypto.createHash('sha256');
  hash.update(JSON.parse(fs.readFileSync(require.resolve('@temporalio/workflow/package.json'), 'utf8')).version);
  for (const file of SOURCE_DIRS.flatMap((dir) => filesUnder(path.join(ROOT, dir)))) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

/**
 * The path of a bundle of the current workflow sources, built in a child process when not cached
 * yet; null when it cannot be built or cached (the worker then bundles in-process).
 */
export async function cachedWorkflowBundle(log?: Logger): Promise<string | null> {
  const file = path.join(CACHE_DIR, `workflow-bundle-${workflowSourceHash()}.js`);
  if (fs.existsSync(file)) return file;
  log?.info('bundling the workflow code (once per version of it)');
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), BUILD_SCRIPT, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', () => resolve(null));
    child.on('exit', resolve);
  });
  if (code === 0 && fs.existsSync(file)) return file;
  log?.warn({ output: Buffer.concat(output).toString('utf8').slice(-2000) }, 'could not cache the workflow bundle; bundling in-process');
  return null;
}
