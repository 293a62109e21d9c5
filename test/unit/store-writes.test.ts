// The persistence module holds every write: a route or an activity that writes a row with Prisma
// directly, or opens its own transaction, bypasses it and fails here.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** A Prisma write on a client or transaction receiver: `prisma.unit.create(`, `tx.user.update(`, `deps.prisma.x.deleteMany(`. */
const PRISMA_WRITE = /\b(?:prisma|tx)\s*\.\s*[A-Za-z]+\s*\.\s*(?:create|createMany|update|updateMany|upsert|delete|deleteMany)\s*\(/g;
/** A transaction or raw statement opened outside the store. */
const PRISMA_RAW_OR_TRANSACTION = /\.\s*\$(?:transaction|executeRaw|executeRawUnsafe)\b/g;

/**
 * Files allowed to write with Prisma directly, each with why it cannot go through store/.
 * Empty: every write the API and the activities make lives in store/.
 */
const ALLOWED: ReadonlyMap<string, string> = new Map();

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function offences(file: string, text: string): string[] {
  return [...text.matchAll(PRISMA_WRITE), ...text.matchAll(PRISMA_RAW_OR_TRANSACTION)].map((m) => `${file}:${lineOf(text, m.index)}: ${m[0].replace(/\s+/g, '')}`);
}

describe('writes go through store/', () => {
  it('finds a direct write, a transaction and a raw statement when there is one', () => {
    const text = [
      'await prisma.unit.create({ data });',
      'await deps.prisma.user\n  .update({ where });',
      'await tx.roleAssignment.deleteMany({ where });',
      'await prisma.$transaction([]);',
      'await prisma.$executeRaw`DELETE FROM x`;',
      'await prisma.unit.findMany({ where });',
    ].join('\n');
    expect(offences('example.ts', text)).toEqual([
      'example.ts:1: prisma.unit.create(',
      'example.ts:2: prisma.user.update(',
      'example.ts:4: tx.roleAssignment.deleteMany(',
      'example.ts:5: .$transaction',
      'example.ts:6: .$executeRaw',
    ]);
  });

  it('no file of api/ or activities/ writes with Prisma directly', () => {
    const files = [...sourceFiles('api'), ...sourceFiles('activities')].map((f) => relative(ROOT, join(ROOT, f)));
    expect(files.length).toBeGreaterThan(20);
    const found = files.filter((f) => !ALLOWED.has(f)).flatMap((f) => offences(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });
});
