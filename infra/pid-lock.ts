// Files naming the process that owns something, for state that only one process may use at a time.
import fs from 'node:fs';

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const heldHere = new Set<string>();

/**
 * Claims `file` for this process, taking it over from a process that no longer runs.
 * Throws when a live process, this one included, holds it. Returns the release.
 */
export function acquirePidLock(file: string, what: string): () => void {
  if (heldHere.has(file)) throw new Error(`${what} is already open in this process`);
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        if (ownerOf(file) === process.pid) fs.rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = ownerOf(file);
    // Our own pid in the file is a leftover of an earlier process that had it (e.g. a restarted container).
    if (owner !== null && owner !== process.pid && isProcessAlive(owner)) {
      throw new Error(`${what} is in use by process ${owner}; if no such process of this service runs, delete ${file}`);
    }
    fs.rmSync(file, { force: true });
  }
}

function ownerOf(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
