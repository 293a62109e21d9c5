// The Prisma client over each driver, the first-start admin user, and PGlite's persistence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureAdminUser } from '../../infra/bootstrap';
import { type Database, openDatabase } from '../../infra/db';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases';
import { holder, killed, stopHolders } from '../support/lock-holders';

jest.setTimeout(60_000);

describe.each(DATABASE_KINDS)('Prisma on %s', (kind) => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db?.close());

  test('answers a ping', async () => {
    expect(db.kind).toBe(kind);
    await expect(db.ping()).resolves.toBeUndefined();
  });

  test('keeps Vietnamese text as written and finds it by it', async () => {
    await db.prisma.unit.create({ data: { id: 'u-nam-sach', code: 'NS-01', name: 'Xã Nam Sách', kind: 'commune', path: '/u-nam-sach/' } });
    const unit = await db.prisma.unit.findFirstOrThrow({ where: { name: 'Xã Nam Sách' } });
    expect(unit).toMatchObject({ id: 'u-nam-sach', name: 'Xã Nam Sách', kind: 'commune', parentId: null });
    expect(unit.createdAt).toBeInstanceOf(Date);
  });

  test('keeps BigInt amounts beyond 2^53, dates and JSON exactly', async () => {
    const amount = 9_007_199_254_740_993n;
    await db.prisma.supportPolicy.create({
      data: {
        version: 1,
        effectiveFrom: new Date('2026-01-01T00:00:00Z'),
        oneTimeVnd: amount,
        monthlySupplementVnd: 3_500_000n,
        housingAllowanceVnd: 0n,
        transportTiers: [{ maxKm: 50, monthlyVnd: 500_000 }],
        earlySalaryRaise: true,
        createdBy: 'admin',
      },
    });
    const policy = await db.prisma.supportPolicy.findUniqueOrThrow({ where: { version: 1 } });
    expect(policy.oneTimeVnd).toBe(amount);
    expect(policy.monthlySupplementVnd).toBe(3_500_000n);
    expect(policy.effectiveFrom.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(policy.transportTiers).toEqual([{ maxKm: 50, monthlyVnd: 500_000 }]);
  });

  test('the admin user is created once, even by two starts racing', async () => {
    const created = await Promise.all([ensureAdminUser(db.prisma), ensureAdminUser(db.prisma)]);
    expect(created.sort()).toEqual([false, true]);
    expect(await ensureAdminUser(db.prisma)).toBe(false);
    const users = await db.prisma.user.findMany({ include: { roles: true } });
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ username: 'admin', fullName: 'Quản trị hệ thống', cadreId: null });
    expect(users[0].roles).toEqual([expect.objectContaining({ role: 'admin', unitId: null })]);
  });
});

describe('PGlite in DATA_DIR', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-data-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('keeps its records across a restart, with no migration to apply again', async () => {
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    expect(first.appliedMigrations.length).toBeGreaterThan(0);
    await first.prisma.unit.create({ data: { id: 'u-hd', code: 'HD', name: 'Tỉnh Hải Dương', kind: 'province', path: '/u-hd/' } });
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect(second.appliedMigrations).toEqual([]);
      expect(await second.prisma.unit.findUnique({ where: { id: 'u-hd' } })).toMatchObject({ name: 'Tỉnh Hải Dương' });
    } finally {
      await second.close();
    }
  });

  test('is not opened twice at once', async () => {
    const open = await openDatabase({ dataDir });
    try {
      await expect(openDatabase({ dataDir })).rejects.toThrow(/already open in this process/);
    } finally {
      await open.close();
    }
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  test('refuses a folder held by another live process', async () => {
    const held = await holder(path.join(dataDir, 'pglite.lock'));
    try {
      await expect(openDatabase({ dataDir })).rejects.toThrow(`The PGlite database in ${path.join(dataDir, 'pglite')} is in use by process ${held.child.pid}`);
    } finally {
      await stopHolders();
    }
  });

  test('opens a folder whose holder was killed with SIGKILL', async () => {
    const held = await holder(path.join(dataDir, 'pglite.lock'));
    await killed(held.child);
    const db = await openDatabase({ dataDir });
    await db.close();
  });

  test('takes over the lock of a process that no longer runs', async () => {
    fs.writeFileSync(path.join(dataDir, 'pglite.lock'), '999999999');
    const db = await openDatabase({ dataDir });
    await db.close();
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
  });
});
