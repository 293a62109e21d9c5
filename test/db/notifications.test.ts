// The notify activity against a migrated database: who an audience reaches, one notification per
// user and event however often it runs, and a delivery per configured channel.
import { randomUUID } from 'node:crypto';
import { emailChannel, webhookChannel, type NotificationChannels } from '../../activities/notification-channels';
import { createNotificationActivities, type NotificationActivities } from '../../activities/notifications';
import type { NotifyInput } from '../../domain/notifications';
import type { Role } from '../../domain/types';
import type { Database } from '../../infra/db';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases';

jest.setTimeout(60_000);

/** Channels that are never asked to send here: only whether they reach a user matters. */
const BOTH_CHANNELS: NotificationChannels = {
  email: emailChannel({ url: 'smtp://127.0.0.1:9', from: 'Cadre rotation <no-reply@localhost>' }),
  webhook: webhookChannel({ url: 'http://127.0.0.1:9/', secret: 'not-used-in-these-tests' }),
};

describe.each(DATABASE_KINDS)('notify on %s', (kind) => {
  let db: Database;
  let activities: NotificationActivities;
  /** Province > district > commune, and a second district beside the first. */
  const unit = { province: randomUUID(), district: randomUUID(), commune: randomUUID(), otherDistrict: randomUUID() };
  const user: Record<string, string> = {};
  const cadreId = randomUUID();

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    activities = createNotificationActivities({ prisma: db.prisma, channels: BOTH_CHANNELS });
    const { prisma } = db;
    const units = [
      { id: unit.province, code: 'HD', name: 'Tỉnh Hải Dương', kind: 'province', parentId: null, path: `/${unit.province}/` },
      { id: unit.district, code: 'NS', name: 'Huyện Nam Sách', kind: 'district', parentId: unit.province, path: `/${unit.province}/${unit.district}/` },
      { id: unit.commune, code: 'NS-NH', name: 'Xã Nam Hưng', kind: 'commune', parentId: unit.district, path: `/${unit.province}/${unit.district}/${unit.commune}/` },
      { id: unit.otherDistrict, code: 'KM', name: 'Thị xã Kinh Môn', kind: 'district', parentId: unit.province, path: `/${unit.province}/${unit.otherDistrict}/` },
    ] as const;
    for (const u of units) await prisma.unit.create({ data: u });
    await prisma.cadre.create({
      data: {
        id: cadreId,
        fullName: 'Đặng Văn Khoa',
        sex: 'male',
        birthDate: new Date('1982-04-12'),
        homeUnitId: unit.commune,
        currentUnitId: unit.district,
        currentPosition: 'specialist',
      },
    });
    const people: [string, Role, string | null, string | null][] = [
      ['provinceSecretary', 'secretary', unit.province, 'bt.tinh@example.gov.vn'],
      ['districtSecretary', 'secretary', unit.district, 'bt.huyen@example.gov.vn'],
      ['communeSecretary', 'secretary', unit.commune, null],
      ['otherSecretary', 'secretary', unit.otherDistrict, 'bt.km@example.gov.vn'],
      ['globalSecretary', 'secretary', null, null],
      ['districtOrganizer', 'organizer', unit.district, 'tochuc@example.gov.vn'],
      ['communeReviewer', 'reviewer', unit.commune, 'danhgia@example.gov.vn'],
    ];
    for (const [name, role, unitId, email] of people) {
      user[name] = randomUUID();
      await prisma.user.create({
        data: { id: user[name], username: `${name}-${kind}`, fullName: name, email, roles: { create: [{ id: randomUUID(), role, unitId }] } },
      });
    }
  });
  afterAll(() => db?.close());

  const reminder = (key: string, audience: NotifyInput['audience']): NotifyInput => ({
    key,
    kind: 'review_reminder',
    rotationId: 'case-1',
    audience,
    params: { cadreId, unitId: unit.commune, seq: 1, dueAt: '2027-06-01' },
  });

  const recipientsOf = async (ids: string[]) => (await db.prisma.notification.findMany({ where: { id: { in: ids } }, select: { userId: true } })).map((n) => n.userId).sort();
  const named = (...names: string[]) => names.map((n) => user[n]).sort();

  test('a role on a unit reaches the holders there, above it and globally, not below or beside it', async () => {
    const { notificationIds: atCommune } = await activities.notify(reminder(randomUUID(), { roles: [{ role: 'secretary', unitIds: [unit.commune] }] }));
    expect(await recipientsOf(atCommune)).toEqual(named('provinceSecretary', 'districtSecretary', 'communeSecretary', 'globalSecretary'));

    const { notificationIds: atDistrict } = await activities.notify(reminder(randomUUID(), { roles: [{ role: 'secretary', unitIds: [unit.district] }] }));
    expect(await recipientsOf(atDistrict)).toEqual(named('provinceSecretary', 'districtSecretary', 'globalSecretary'));
  });

  test('roles and user ids together reach each user once; unknown users and units reach nobody', async () => {
    const { notificationIds: ids } = await activities.notify(
      reminder(randomUUID(), {
        userIds: [user.communeReviewer, user.districtOrganizer, 'no-such-user'],
        roles: [
          { role: 'organizer', unitIds: [unit.commune, unit.district] },
          { role: 'reviewer', unitIds: [unit.commune] },
          { role: 'organizer', unitIds: ['no-such-unit'] },
        ],
      }),
    );
    expect(await recipientsOf(ids)).toEqual(named('districtOrganizer', 'communeReviewer'));
    expect(await activities.notify(reminder(randomUUID(), { userIds: ['no-such-user'], roles: [{ role: 'finance', unitIds: [unit.commune] }] }))).toEqual({
      notificationIds: [],
      pendingDeliveries: 0,
    });
  });

  test('a cadre id reaches the users linked to that cadre, once beside the other members; an unknown cadre reaches nobody', async () => {
    const accounts = [randomUUID(), randomUUID()];
    for (const [i, id] of accounts.entries()) {
      await db.prisma.user.create({ data: { id, username: `khoa-${i}-${kind}`, fullName: 'Đặng Văn Khoa', email: null, cadreId } });
    }
    await db.prisma.user.create({ data: { id: randomUUID(), username: `other-cadre-${kind}`, fullName: 'Lê Thị Hoa', cadreId: randomUUID() } });

    const { notificationIds: ids } = await activities.notify(
      reminder(randomUUID(), { cadreIds: [cadreId], userIds: [accounts[0], user.communeReviewer], roles: [{ role: 'reviewer', unitIds: [unit.commune] }] }),
    );
    expect(await recipientsOf(ids)).toEqual([...accounts, user.communeReviewer].sort());
    expect(await activities.notify(reminder(randomUUID(), { cadreIds: ['no-such-cadre'] }))).toEqual({ notificationIds: [], pendingDeliveries: 0 });
  });

  test('the text names the cadre and the unit looked up from their ids, in Vietnamese', async () => {
    const {
      notificationIds: [id],
    } = await activities.notify(reminder(randomUUID(), { userIds: [user.communeReviewer] }));
    const row = await db.prisma.notification.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ userId: user.communeReviewer, kind: 'review_reminder', rotationId: 'case-1', readAt: null, title: 'Nhắc lịch đánh giá định kỳ lần 1' });
    expect(row.body).toContain('cán bộ Đặng Văn Khoa tại Xã Nam Hưng: hạn đánh giá là ngày 01/06/2027');
  });

  test('notifying the same event again, or twice at once, creates nothing more and answers the same ids', async () => {
    const input = reminder(randomUUID(), { roles: [{ role: 'secretary', unitIds: [unit.district] }] });
    const written = await activities.notify(input);
    const first = written.notificationIds;
    const [again, concurrent] = await Promise.all([activities.notify(input), activities.notify(input)]);
    expect(first).toHaveLength(3);
    expect(again).toEqual(written);
    expect(concurrent).toEqual(written);
    expect(await db.prisma.notification.count({ where: { dedupeKey: { startsWith: `${input.key}:` } } })).toBe(3);
    expect(await db.prisma.notificationDelivery.count({ where: { notificationId: { in: first } } })).toBe(6);

    const { notificationIds: other } = await activities.notify({ ...input, key: `${input.key}-next` });
    expect(other.filter((id) => first.includes(id))).toEqual([]);
  });

  test('a delivery per configured channel: e-mail pending for users with an address, skipped for the others', async () => {
    const { notificationIds: ids } = await activities.notify(reminder(randomUUID(), { userIds: [user.districtSecretary, user.communeSecretary] }));
    const deliveries = await db.prisma.notificationDelivery.findMany({
      where: { notificationId: { in: ids } },
      include: { notification: { select: { userId: true } } },
    });
    const view = deliveries.map((d) => ({ user: d.notification.userId, channel: d.channel, status: d.status, attempts: d.attempts, lastError: d.lastError }));
    expect(view).toEqual(
      expect.arrayContaining([
        { user: user.districtSecretary, channel: 'email', status: 'pending', attempts: 0, lastError: null },
        { user: user.districtSecretary, channel: 'webhook', status: 'pending', attempts: 0, lastError: null },
        { user: user.communeSecretary, channel: 'email', status: 'skipped', attempts: 0, lastError: null },
        { user: user.communeSecretary, channel: 'webhook', status: 'pending', attempts: 0, lastError: null },
      ]),
    );
    expect(view).toHaveLength(4);
    expect(await activities.pendingDeliveries({ notificationIds: ids })).toHaveLength(3);
  });

  test('with no channel configured a notification is only listed, with no deliveries', async () => {
    const listedOnly = createNotificationActivities({ prisma: db.prisma, channels: {} });
    const { notificationIds: ids, pendingDeliveries } = await listedOnly.notify(reminder(randomUUID(), { userIds: [user.districtSecretary] }));
    expect(ids).toHaveLength(1);
    expect(pendingDeliveries).toBe(0);
    expect(await db.prisma.notificationDelivery.count({ where: { notificationId: { in: ids } } })).toBe(0);
    expect(await listedOnly.pendingDeliveries({ notificationIds: ids })).toEqual([]);
  });
});
