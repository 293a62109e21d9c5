// Processes holding the lock of infra/process-lock, for tests of who may take it.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const HOLDER = path.join(ROOT, 'test', 'support', 'lock-holder.ts');
const HOLDER_COMMAND = [process.execPath, '--import', 'tsx', HOLDER];

export interface Holder {
  /** The process that spawned it: the holder itself, or the shell around it. */
  child: ChildProcess;
  /** What it said first: "held <pid>" or "refused <reason>". */
  said: string;
}

const started: ChildProcess[] = [];

/** A process taking the lock on `lockFile`, once it has said whether it holds it; `shell` runs it inside a shell command instead. */
export function holder(lockFile: string, shell?: (command: string) => string): Promise<Holder> {
  const command = HOLDER_COMMAND.map((part) => `'${part}'`).join(' ');
  const child = shell
    ? spawn('sh', ['-c', shell(command)], { cwd: ROOT, env: { ...process.env, LOCK_FILE: lockFile }, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(HOLDER_COMMAND[0], HOLDER_COMMAND.slice(1), { cwd: ROOT, env: { ...process.env, LOCK_FILE: lockFile }, stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('\n')) resolve({ child, said: output.split('\n')[0] });
    });
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before saying anything`)));
  });
}

export async function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Kills every holder started so far. */
export async function stopHolders(): Promise<void> {
  await Promise.all(started.splice(0).map(killed));
}
