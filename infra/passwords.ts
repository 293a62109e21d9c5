// Web sign-in passwords: only a slow, salted hash is stored (scrypt, a salt per user), compared
// in constant time. The hash names its parameters, so stronger ones later still verify old hashes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '../generated/prisma/client';
import { SECRET_FILE_MODE } from './data-dir';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** scrypt with N = 2^15, r = 8 needs 32 MB; Node's default cap is exactly that. */
const MAX_MEMORY = 64 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: MAX_MEMORY }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** "scrypt$N$r$p$salt$hash", salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // The same work for a user without a password, so timing does not tell them apart.
    await scrypt(password, crypto.randomBytes(SALT_BYTES), SCRYPT);
    return false;
  }
  const [, N, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) });
  return key.length === expected.length && crypto.timingSafeEqual(key, expected);
}

/** A password to type once: 20 characters from an unambiguous alphabet (about 110 bits). */
export function randomPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

/** The file in DATA_DIR holding the first admin's password until they change it. */
export const ADMIN_PASSWORD_FILE = 'admin-password';

/**
 * Gives `userId` a random password, stores its hash and writes the password (only there) to
 * DATA_DIR/admin-password, readable by its owner alone. Returns the file's path.
 */
export async function writeFirstPassword(prisma: PrismaClient, userId: string, dataDir: string): Promise<string> {
  const password = randomPassword();
  const file = path.join(dataDir, ADMIN_PASSWORD_FILE);
  fs.writeFileSync(file, `${password}\n`, { mode: SECRET_FILE_MODE });
  fs.chmodSync(file, SECRET_FILE_MODE);
  await prisma.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password) } });
  return file;
}
