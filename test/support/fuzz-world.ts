// What the fuzz of the HTTP API runs against: the shared world with cases in several statuses
// and someone of every role, and the snapshot that tells whether a request changed anything.
import { randomBytes } from 'node:crypto';
import { signToken } from '../../api/auth';
import { addMonths, localDate } from '../../domain/calendar';
import type { PrismaClient } from '../../generated/prisma/client';
import type { Json, SignedInClient } from './api-client';
import type { TestService } from './service';
import { type World, act, buildWorld, created, exception, ok, planFor, signedIn, until, fileDossier } from './world';

/** What an id in a request names, as the fuzz picks ids that exist. */
export type IdKind = 'unit' | 'cadre' | 'user' | 'case' | 'notification' | 'followUp' | 'payment';

/** Who sends a request: someone of each role, someone with none, no one, and tokens that name no one. */
export const CALLERS = [
  'admin',
  'organizer',
  'committee_member',
  'secretary',
  'finance',
  'reviewer',
  'cadre',
  'no_roles',
  'no_token',
  'garbage_token',
  'foreign_token',
  'unknown_user',
] as const;
export type Caller = (typeof CALLERS)[number];

export interface FuzzWorld {
  world: World;
  /** Ids that name something, by kind. */
  ids: Record<IdKind, string[]>;
  /** The Authorization header each caller sends; null for none. */
  authorization: Record<Caller, string | null>;
  /** Position titles in use. */
  titles: string[];
}

const today = () => localDate(new Date());
const monthsFromToday = (months: number) => addMonths(today(), months).slice(0, 10);

/**
 * The world of the end-to-end suites, with finance, a reviewer and a user of no role on the
 * district, a support policy, and one case in each of consultation, appraisal, committee_vote,
 * decided (support awaiting approval) and active (a review held with a follow-up, support
 * approved, payments due).
 */
export async function buildFuzzWorld(service: TestService): Promise<FuzzWorld> {
  const world = await buildWorld(service);
  const { admin, district, namHung, anLam } = world;
  const user = async (username: string, roles: Json[]) => {
    const body = await created(admin.call('POST', '/v1/users', { username, fullName: username, roles }));
    return { id: body.id as string, as: await signedIn(service, username) };
  };
  const finance = await user('ke.toan', [{ role: 'finance', unitId: district.id }]);
  const reviewer = await user('danh.gia', [{ role: 'reviewer', unitId: district.id }]);
  const noRoles = await user('khong.vai.tro', []);
  const policy = {
    oneTimeVnd: 50_000_000,
    monthlySupplementVnd: 3_000_000,
    housingAllowanceVnd: 2_000_000,
    transportTiers: [{ maxKm: 50, monthlyVnd: 1_000_000 }],
    earlySalaryRaise: true,
  };
  await created(admin.call('PUT', '/v1/policies/support', { ...policy, effectiveFrom: monthsFromToday(-24) }));

  const organizer = world.users.organizer.as;
  const [m1, m2, m3] = [world.users.m1, world.users.m2, world.users.m3];
  const steps: [SignedInClient, string, Json][] = [
    [organizer, 'consultations', { party: 'cadre', outcome: 'agree' }],
    [organizer, 'consultations', { party: 'sending_unit', outcome: 'agree' }],
    [organizer, 'consultations', { party: 'receiving_unit', outcome: 'agree' }],
    [organizer, 'appraisal', { outcome: 'endorse' }],
    [m1.as, 'votes', { vote: 'for' }],
    [m2.as, 'votes', { vote: 'for' }],
    [m3.as, 'votes', { vote: 'for' }],
  ];
  const STEPS_BEFORE = { consultation: 0, appraisal: 3, committee_vote: 4, decided: 7, active: 7 } as const;
  const caseThrough = async (n: number, status: keyof typeof STEPS_BEFORE): Promise<string> => {
    const cadre = await created(
      admin.call('POST', '/v1/cadres', {
        fullName: `Nguyễn Thử Nghiệm ${n}`,
        sex: 'female',
        birthDate: '1985-06-15',
        homeUnitId: anLam.id,
        currentUnitId: district.id,
        currentPosition: `specialist_${n}`,
        nextSalaryRaiseDate: monthsFromToday(6),
      }),
    );
    const position = `vice_chair_${n}`;
    await planFor(admin, cadre.id, district.id, [position]);
    const proposal = { cadreId: cadre.id, fromUnitId: district.id, toUnitId: namHung.id, position, termMonths: 24, reviewIntervalMonths: 3 };
    // Each case has a post of its own at one commune, for a shorter term: both by the district's recorded decisions.
    const exceptions = [exception('minimum_term'), exception('post_unavailable')];
    const { id } = await created(organizer.call('POST', '/v1/rotations', { ...proposal, nonLocalSecretary: false, reason: 'Luân chuyển để đào tạo', distanceKm: 30, exceptions }));
    for (const [as, step, body] of steps.slice(0, STEPS_BEFORE[status])) {
      if (step === 'appraisal') await fileDossier(as, id);
      await ok(act(as, id, step, body));
    }
    const signed = status === 'active' ? monthsFromToday(-7) : today();
    if (status === 'decided' || status === 'active') {
      const effectiveDate = status === 'active' ? signed : monthsFromToday(1);
      await ok(act(world.users.secretary.as, id, 'decision', { decisionNumber: `${n}-QĐ/HU`, signedAt: signed, effectiveDate }));
    }
    if (status === 'active') {
      await until(
        () => caseView(admin, id),
        (c) => c.status === 'active' && c.support.status === 'awaiting_approval',
        'active with support',
      );
      const followUp = { action: 'Bố trí nhà công vụ', ownerUserId: reviewer.id, dueDate: monthsFromToday(1) };
      await ok(act(reviewer.as, id, 'reviews', { seq: 1, heldAt: today(), rating: 'good', followUps: [followUp] }));
      await ok(act(finance.as, id, 'support/approve', { note: 'Đủ hồ sơ' }));
      await until(
        () => caseView(admin, id),
        (c) => c.support.payments.some((p: Json) => p.status === 'due'),
        'payments due',
      );
    }
    return id;
  };
  const statuses = ['consultation', 'appraisal', 'committee_vote', 'decided', 'active'] as const;
  const cases = await Promise.all(statuses.map((status, n) => caseThrough(n + 1, status)));

  const views = await Promise.all(cases.map((id) => caseView(admin, id)));
  const notifications = (await organizer.call('GET', '/v1/notifications?limit=5')).body.items.map((n: Json) => n.id as string);
  const units = (await admin.call('GET', '/v1/units?limit=200')).body.items.map((u: Json) => u.id as string);
  const users = [...Object.values(world.users), finance, reviewer, noRoles].map((u) => u.id);
  const cadres = (await service.prisma.cadre.findMany({ select: { id: true } })).map((c) => c.id);

  const token = async (username: string) => `Bearer ${await service.token(username)}`;
  return {
    world,
    ids: {
      unit: units,
      cadre: cadres,
      user: users,
      case: cases,
      notification: notifications,
      followUp: views.flatMap((c) => (c.followUps ?? []).map((f: Json) => f.id as string)),
      payment: views.flatMap((c) => c.support.payments.map((p: Json) => p.id as string)),
    },
    authorization: {
      admin: await token('admin'),
      organizer: await token('nguyen.van.an'),
      committee_member: await token('member.1'),
      secretary: await token('tran.thi.cuc'),
      finance: await token('ke.toan'),
      reviewer: await token('danh.gia'),
      cadre: await token('dang.van.khoa'),
      no_roles: await token('khong.vai.tro'),
      no_token: null,
      garbage_token: 'Bearer not.a.token',
      // Well formed, for the admin, but signed with a secret that is not the service's.
      foreign_token: `Bearer ${await signToken(randomBytes(32).toString('hex'), 'admin')}`,
      unknown_user: await token('khong.ton.tai'),
    },
    titles: ['party_secretary', 'vice_chair', 'chair', ...views.map((c) => c.position as string)],
  };
}

function caseView(as: SignedInClient, id: string): Promise<Json> {
  return as.call('GET', `/v1/rotations/${id}`).then((res) => res.body);
}

// ---- Whether a request changed anything ----

/** Rows a refusal keeps: the stored answer to an Idempotency-Key, so a repeat gets the same refusal. */
const KEPT_ON_REFUSAL = new Set(['IdempotencyRecord']);

/** Row counts of every table, each case's version and history length, the support and payment states, the posts and read marks. */
export async function snapshotOf(prisma: PrismaClient): Promise<string> {
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const counted = tables.map((t) => t.name).filter((name) => !KEPT_ON_REFUSAL.has(name));
  const counts = await prisma.$queryRawUnsafe<Record<string, bigint>[]>(`SELECT ${counted.map((name, i) => `(SELECT count(*) FROM "${name}") AS c${i}`).join(', ')}`);
  const cases = await prisma.$queryRawUnsafe<unknown[]>(
    `SELECT rc.id, rc.version, rc.status, (SELECT count(*) FROM "CaseEvent" e WHERE e."caseId" = rc.id)::int AS events FROM "RotationCase" rc ORDER BY rc.id`,
  );
  const support = await prisma.$queryRawUnsafe<unknown[]>(
    `SELECT s."caseId", s.status, s."approvedAt", s."salaryRaisedAt", (SELECT string_agg(p.status, ',' ORDER BY p.id) FROM "SupportPayment" p WHERE p."caseId" = s."caseId") AS payments FROM "CaseSupport" s ORDER BY s."caseId"`,
  );
  const posts = await prisma.$queryRawUnsafe<unknown[]>(`SELECT "unitId", title, "cadreId", "retainedByCaseId" FROM "PositionHolder" ORDER BY "unitId", title`);
  const read = await prisma.$queryRawUnsafe<unknown[]>(`SELECT count(*)::int AS read FROM "Notification" WHERE "readAt" IS NOT NULL`);
  const rows = Object.fromEntries(counted.map((name, i) => [name, Number(counts[0][`c${i}`])]));
  return JSON.stringify({ rows, cases, support, posts, read }, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
}

/**
 * Waits until nothing changes for a while: an accepted step goes on after its answer (its
 * notifications, the support it starts), and a refusal is only judged against a still world.
 */
export async function settle(prisma: PrismaClient, { quietMs = 1000, timeoutMs = 20_000 } = {}): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = await snapshotOf(prisma);
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const now = await snapshotOf(prisma);
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return now;
    }
  }
  return last;
}

/** The keys of a snapshot that differ between two, for the failure's message. */
export function snapshotDifference(before: string, after: string): string {
  const [a, b] = [JSON.parse(before) as Record<string, unknown>, JSON.parse(after) as Record<string, unknown>];
  return Object.keys(a)
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .map((key) => `${key}: ${JSON.stringify(a[key]).slice(0, 500)} -> ${JSON.stringify(b[key]).slice(0, 500)}`)
    .join('\n');
}
