// `npm start` as an operator runs it, for tests: a child process in a process group of its own,
// on a DATA_DIR and PORT, with what it printed kept, and the ways it is stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isProcessAlive } from '../../infra/process-lock';

export const ROOT = path.resolve(__dirname, '..', '..');
export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
export const START = path.join(ROOT, 'scripts', 'start.ts');
/**
 * A TypeScript entry point run as `npm start` runs it (`node --import tsx`): the service alone,
 * without the tsx command's relaying process in front of it, which SIGKILLs its child when the
 * child does not acknowledge a signal within 30 ms (as under load) and exits 130.
 */
export function nodeCommand(script: string): string[] {
  return [process.execPath, '--import', pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, script];
}
/** `npm start`'s own command line. */
export const SERVICE_COMMAND = nodeCommand(START);
export const HEALTHY_WITHIN_MS = 90_000;
export const STOPPED_WITHIN_MS = 30_000;

/**
 * This process's environment without the service's own variables, so a developer's settings
 * (DATABASE_URL, TEMPORAL_ADDRESS, JWT_ISSUER, ...) do not leak into the embedded setup. Where
 * the Temporal executables are (TEMPORAL_CLI_PATH, ...) is kept.
 */
export function serviceEnv(variables: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const ours =
      /^(PORT|DATA_DIR|DATABASE_URL|JWT_\w+|\w+_DAYS|SMTP_\w+|WEBHOOK_\w+|LOG_LEVEL|LOG_FORMAT|WORKFLOW_BUNDLE_PATH|REQUEST_DEADLINE_SECONDS|RATE_LIMIT_\w+|TRUST_PROXY|FAULT_POINT)$/.test(
        name,
      ) ||
      (name.startsWith('TEMPORAL_') && !name.endsWith('_PATH'));
    if (!ours) env[name] = value;
  }
  return { ...env, ...variables };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What `work` settles to, or null after `ms`; the timer does not outlive it. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Service {
  child: ChildProcess;
  /** What it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** What it printed on stderr so far. */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start` in a folder of its own (no stray .env), on DATA_DIR and PORT, in a process group of its own as a terminal would run it. */
export function startService(cwd: string, variables: Record<string, string>, [command, ...args]: string[] = SERVICE_COMMAND): Service {
  const child = spawn(command, args, { cwd, env: serviceEnv({ LOG_LEVEL: 'warn', ...variables }), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  let stderr = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, stderr: () => stderr, exited };
}

export function hasExited(service: Service): boolean {
  return service.child.exitCode !== null || service.child.signalCode !== null;
}

/** Polls GET /health until it answers 200, failing with the service's output when it exits or takes too long. */
export async function waitHealthy(service: Service, url: string): Promise<unknown> {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  for (;;) {
    if (hasExited(service)) throw new Error(`npm start exited (${service.child.exitCode ?? service.child.signalCode}) before it was healthy. Its output:\n${service.output()}`);
    try {
      const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(3000) });
      if (res.status === 200) return res.json();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`npm start was not healthy within ${HEALTHY_WITHIN_MS / 1000} s. Its output:\n${service.output()}`);
    await sleep(250);
  }
}

/**
 * Ctrl-C under `npm start`: the terminal signals the whole process group, and npm forwards the
 * signal to its child as well, so the service gets it more than once within moments.
 */
export async function ctrlC(child: ChildProcess): Promise<void> {
  process.kill(-child.pid!, 'SIGINT');
  await sleep(50);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
}

/**
 * SIGTERM to the process (as a service manager stops it) or SIGINT to its process group (Ctrl-C
 * in a terminal), then the exit, bounded; SIGKILL and a failure with its output when it does
 * not stop in time.
 */
export async function stopService(service: Service, how: 'SIGTERM' | 'Ctrl-C' = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (hasExited(service)) return service.exited;
  if (how === 'SIGTERM') service.child.kill('SIGTERM');
  else await ctrlC(service.child);
  const result = await within(service.exited, STOPPED_WITHIN_MS);
  if (result === null) {
    process.kill(-service.child.pid!, 'SIGKILL');
    throw new Error(`npm start did not stop within ${STOPPED_WITHIN_MS / 1000} s of SIGTERM. Its output:\n${service.output()}`);
  }
  return result;
}

/** Processes whose command line names `dir`: what the service started there and left running. */
export function processesUsing(dir: string): string[] {
  return fs.readdirSync('/proc').flatMap((pid) => {
    if (!/^\d+$/.test(pid)) return [];
    try {
      const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      return commandLine.includes(dir) ? [`${pid}: ${commandLine}`] : [];
    } catch {
      return [];
    }
  });
}

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * After a test of `npm start`, failed or not: stops what still runs, the dev server under
 * DATA_DIR included, then removes the work folder.
 */
export async function cleanUp(service: Service | undefined, dataDir: string, workDir: string): Promise<void> {
  if (service && !hasExited(service)) await stopService(service).catch(() => service.child.kill('SIGKILL'));
  const devServer = path.join(dataDir, 'temporal-dev-server.json');
  if (fs.existsSync(devServer)) {
    const { pid } = readJson(devServer);
    if (pid && isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(workDir, { recursive: true, force: true });
}
