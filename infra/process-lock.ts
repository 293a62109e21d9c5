// Locks on state only one process may use at a time (PGlite's folder, the dev server's SQLite
// file): the owner listens on a local socket, which the OS closes however the owner dies, so
// neither a reused pid nor a zombie passes for a live owner.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { StartupError } from './lifecycle';

/**
 * Whether `pid` names a process that runs. Where /proc tells, a zombie (exited, never reaped: an
 * orphan under an init that does not reap) does not count; elsewhere it does.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // The state follows the parenthesised command name, which may itself hold spaces.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

export class LockHeldError extends StartupError {
  override name = 'LockHeldError';
  constructor(
    message: string,
    /** Null when the owner does not say (it answers, but not in time). */
    readonly ownerPid: number | null,
  ) {
    super(message);
  }
}

/** Release it once; the lock also ends with the process. */
export type ReleaseLock = () => Promise<void>;

/** Portable bound on a Unix socket path (macOS allows 104 bytes with the terminating NUL, Linux 108). */
const MAX_SOCKET_PATH_BYTES = 103;
/** A contender waits this long for the owner to name itself, OWNER_QUESTIONS times; an owner that is stopped still holds the lock. */
const OWNER_ANSWER_MS = 1000;
const OWNER_QUESTIONS = 3;
/** Longer than any takeover takes: a takeover folder this old was left by a starter that died in it. */
const STALE_TAKEOVER_MS = 10_000;
const TAKEOVER_ATTEMPTS = 5;

const heldHere = new Set<string>();

/**
 * Claims `file` for this process, taking over a lock whose owner is gone (its socket refuses).
 * Throws a LockHeldError naming the owner when a live process, this one included, holds it.
 */
export async function acquireProcessLock(file: string, what: string): Promise<ReleaseLock> {
  const address = lockAddress(file);
  if (heldHere.has(address)) throw new LockHeldError(`${what} is already open in this process`, process.pid);
  heldHere.add(address);
  try {
    for (let attempt = 1; ; attempt++) {
      const server = await listen(address);
      if (server) {
        let released: Promise<void> | undefined;
        return () => (released ??= new Promise<void>((resolve) => server.close(() => resolve())).finally(() => heldHere.delete(address)));
      }
      const owner = await ownerOf(address);
      if (owner.live) throw new LockHeldError(`${what} is in use by ${owner.pid === null ? 'another process' : `process ${owner.pid}`}`, owner.pid);
      if (attempt === TAKEOVER_ATTEMPTS) throw new Error(`could not take over the lock ${address} of ${what}`);
      // A named pipe leaves nothing behind. A socket file does: removed under a mutex, so that two
      // starters cannot each remove the socket the other has just made.
      if (process.platform === 'win32') continue;
      await whileTakingOver(address, async () => {
        if (!(await ownerOf(address)).live) fs.rmSync(address, { force: true });
      });
    }
  } catch (error) {
    heldHere.delete(address);
    throw error;
  }
}

/** Whether a live process holds the lock on `file`, and which when it says. */
export function lockOwner(file: string): Promise<{ live: boolean; pid: number | null }> {
  return ownerOf(lockAddress(file));
}

/**
 * The socket the lock on `file` listens on: `file` itself, or where that path is too long for a
 * socket, a name derived from it in the OS temp dir; a named pipe on Windows.
 */
export function lockAddress(file: string): string {
  const absolute = path.join(realDir(path.dirname(path.resolve(file))), path.basename(file));
  const name = `cadre-rotation-${crypto.createHash('sha256').update(absolute).digest('hex').slice(0, 24)}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\${name}`;
  if (Buffer.byteLength(absolute) <= MAX_SOCKET_PATH_BYTES) return absolute;
  return path.join(os.tmpdir(), `${name}.lock`);
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

/** A server on `address`, or null when something is already there. */
function listen(address: string): Promise<net.Server | null> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      // A contender that hangs up before the answer is no concern of the owner's.
      socket.on('error', () => undefined);
      socket.end(`${JSON.stringify({ pid: process.pid })}\n`);
    });
    const refused = (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(null) : reject(error));
    server.once('error', refused);
    server.listen(address, () => {
      server.off('error', refused);
      // Failing to accept one contender does not end the lock.
      server.on('error', () => undefined);
      // Holding the lock is no reason to keep the process running.
      server.unref();
      resolve(server);
    });
  });
}

/**
 * Whether a live process listens on `address`, and its pid. An owner that accepts but does not
 * answer is asked again: a process being killed holds its socket open for a moment after it stopped running.
 */
async function ownerOf(address: string): Promise<{ live: boolean; pid: number | null }> {
  for (let attempt = 1; ; attempt++) {
    const owner = await askOwner(address);
    if (!owner.live || owner.pid !== null || attempt === OWNER_QUESTIONS) return owner;
  }
}

function askOwner(address: string): Promise<{ live: boolean; pid: number | null }> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    let answer = '';
    let connected = false;
    const done = (result: { live: boolean; pid: number | null }) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ live: true, pid: null }), OWNER_ANSWER_MS);
    socket.setEncoding('utf8');
    socket.on('connect', () => (connected = true));
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.includes('\n')) done({ live: true, pid: pidIn(answer) });
    });
    socket.on('end', () => done({ live: true, pid: pidIn(answer) }));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // Refused, gone, or not a socket: nothing listens. Any other error after connecting still means an owner.
      if (!connected && ['ECONNREFUSED', 'ENOENT', 'ENOTSOCK'].includes(error.code ?? '')) done({ live: false, pid: null });
      else if (!connected) done({ live: true, pid: null });
    });
  });
}

function pidIn(answer: string): number | null {
  try {
    const { pid } = JSON.parse(answer.split('\n')[0]) as { pid?: unknown };
    return typeof pid === 'number' && Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

async function whileTakingOver(address: string, takeOver: () => Promise<void>): Promise<void> {
  const mutex = `${address}.takeover`;
  const deadline = Date.now() + 2 * STALE_TAKEOVER_MS;
  for (;;) {
    try {
      fs.mkdirSync(mutex);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (ageMs(mutex) > STALE_TAKEOVER_MS) fs.rmSync(mutex, { recursive: true, force: true });
    else if (Date.now() > deadline) throw new Error(`the lock ${address} is being taken over by another process`);
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    await takeOver();
  } finally {
    fs.rmSync(mutex, { recursive: true, force: true });
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
