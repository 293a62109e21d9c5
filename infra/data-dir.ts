// DATA_DIR holds the database, Temporal's history and the signing secret: readable by its owner only.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger';

export const DATA_DIR_MODE = 0o700;
export const SECRET_FILE_MODE = 0o600;
/** The secrets DATA_DIR may hold. */
export const SECRET_FILES = ['jwt-secret', 'admin-password'] as const;

/** Creates the folder (and any missing parent) for the owner only. */
export function ensureDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
}

/**
 * Tightens an existing DATA_DIR, and the secrets in it, that others may read, saying so. Mode
 * bits mean nothing on Windows, where the folder's ACL decides.
 */
export function secureDataDir(dataDir: string, log: Pick<Logger, 'warn'>): void {
  if (process.platform === 'win32') return;
  tighten(dataDir, DATA_DIR_MODE, log);
  for (const secret of SECRET_FILES) tighten(path.join(dataDir, secret), SECRET_FILE_MODE, log);
}

function tighten(file: string, mode: number, log: Pick<Logger, 'warn'>): void {
  let current: number;
  try {
    current = fs.statSync(file).mode & 0o777;
  } catch {
    return;
  }
  if ((current & ~mode) === 0) return;
  fs.chmodSync(file, mode);
  log.warn({ file, was: octal(current), now: octal(mode) }, `${file} was open to other users (${octal(current)}); made it ${octal(mode)}`);
}

const octal = (mode: number) => `0${mode.toString(8)}`;
