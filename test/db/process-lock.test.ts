// The lock one process holds on the embedded database's folder (and the dev server's file): held
// by a live process only, whatever became of the pid of one that died, taken over by one starter.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { acquireProcessLock, lockOwner, isProcessAlive, LockHeldError, lockAddress } from '../../infra/process-lock';
import { type Holder, holder, killed, stopHolders } from '../support/lock-holders';

jest.setTimeout(60_000);

describe('process lock', () => {
  let dir: string;
  let lockFile: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-lock-'));
    lockFile = path.join(dir, 'pglite.lock');
  });
  const pidOf = (held: Holder) => Number(/^held (\d+)$/.exec(held.said)?.[1]);

  afterEach(async () => {
    await stopHolders();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('refuses while a live process holds it, naming that process', async () => {
    const held = await holder(lockFile);
    expect(held.said).toBe(`held ${held.child.pid}`);
    expect(await lockOwner(lockFile)).toEqual({ live: true, pid: held.child.pid });
    const refusal = acquireProcessLock(lockFile, 'The PGlite database');
    await expect(refusal).rejects.toThrow(new LockHeldError(`The PGlite database is in use by process ${held.child.pid}`, held.child.pid!));
    await expect(refusal).rejects.toMatchObject({ ownerPid: held.child.pid });
  });

  test('is free once its holder is killed with SIGKILL, and ends with release()', async () => {
    const held = await holder(lockFile);
    await killed(held.child);
    expect((await lockOwner(lockFile)).live).toBe(false);
    const release = await acquireProcessLock(lockFile, 'The PGlite database');
    expect((await lockOwner(lockFile)).live).toBe(true);
    await release();
    expect((await lockOwner(lockFile)).live).toBe(false);
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  test('is not held by a zombie: a holder that died and was never reaped', async () => {
    // The shell execs into sleep, which never waits for its child: the killed holder stays a zombie.
    const held = await holder(lockFile, (command) => `${command} & exec sleep 60`);
    const zombiePid = pidOf(held);
    process.kill(zombiePid, 'SIGKILL');
    await until(() => !isProcessAlive(zombiePid));
    // The pid still answers signals, as a live process's would.
    expect(() => process.kill(zombiePid, 0)).not.toThrow();
    const release = await acquireProcessLock(lockFile, 'The PGlite database');
    await release();
  });

  test('is not held by a live process whose pid a lock file of the old kind names', async () => {
    fs.writeFileSync(lockFile, String(process.ppid));
    const release = await acquireProcessLock(lockFile, 'The PGlite database');
    await release();
  });

  test('is kept by its owner when contenders hang up before the answer', async () => {
    const release = await acquireProcessLock(lockFile, 'The PGlite database');
    try {
      const hangUp = () =>
        new Promise<void>((resolve) => {
          const socket = net.connect(lockAddress(lockFile), () => {
            socket.destroy();
            resolve();
          });
        });
      await Promise.all(Array.from({ length: 20 }, hangUp));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await lockOwner(lockFile)).toEqual({ live: true, pid: process.pid });
    } finally {
      await release();
    }
  });

  test('refuses a second claim from the same process', async () => {
    const release = await acquireProcessLock(lockFile, 'The PGlite database');
    try {
      await expect(acquireProcessLock(lockFile, 'The PGlite database')).rejects.toThrow('The PGlite database is already open in this process');
    } finally {
      await release();
    }
  });

  test("goes to one of several starters taking over a dead holder's lock at once", async () => {
    await killed((await holder(lockFile)).child);
    const said = (await Promise.all([1, 2, 3].map(() => holder(lockFile)))).map((h) => h.said);
    expect(said.filter((s) => s.startsWith('held '))).toHaveLength(1);
    expect(said.filter((s) => s.startsWith('refused The test lock is in use by process '))).toHaveLength(2);
  });

  test("listens in the temp dir when the folder's path is too long for a socket", async () => {
    const deep = path.join(dir, 'd'.repeat(60), 'e'.repeat(60));
    fs.mkdirSync(deep, { recursive: true });
    const deepLock = path.join(deep, 'pglite.lock');
    expect(path.dirname(lockAddress(deepLock))).toBe(os.tmpdir());
    expect(lockAddress(deepLock)).toBe(lockAddress(path.join(deep, '.', 'pglite.lock')));
    const held = await holder(deepLock);
    await expect(acquireProcessLock(deepLock, 'The PGlite database')).rejects.toThrow(`in use by process ${held.child.pid}`);
    await killed(held.child);
    const release = await acquireProcessLock(deepLock, 'The PGlite database');
    await release();
  });
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
