import { appraise, initialCaseState, recordConsultation } from '../../domain/rotation-case';
import { closeFollowUp, fireTermEvent, submitReview } from '../../domain/term';
import { recordEvaluation } from '../../domain/evaluations';
import type { CaseState } from '../../domain/types';
import type { CaseRecord } from '../../api/cases';
import type { Principal } from '../../api/scope';
import { NOT_STARTED_SUPPORT, type PaymentView, type SupportView } from '../../api/support';
import { type Staffing, attentionTasksFor, staffingTasksFor, supportTasksFor, tasksFor } from '../../api/tasks';
import type { RotationCase } from '../../generated/prisma/client';
import { caseAt, communeScript, unitTree } from '../support/domain-fixtures';

// province P > district D1 > communes C11 (sending), C12 (receiving)
const { D1, C11, C12 } = unitTree;
const script = communeScript(36);
const { input } = script;
const proposedAt = input.proposedAt;
const organizerActor = input.proposedBy;

function record(state: CaseState, decidingPath: string | null = null): CaseRecord {
  return { row: { id: state.id, cadreId: state.cadreId, fromUnitId: state.fromUnitId, toUnitId: state.toUnitId } as RotationCase, state, fromPath: C11, toPath: C12, decidingPath };
}

function user(id: string, roles: Principal['roles'], cadreId: string | null = null): Principal {
  return { id, username: id, cadreId, roles };
}

const organizer = user('u-org', [{ role: 'organizer', unitId: 'D1' }]);
const cadre = user('u-cadre', [{ role: 'cadre', unitId: 'C11' }], 'cadre-1');
const secretary = user('u-sec', [{ role: 'secretary', unitId: 'D1' }]);

describe('work lists', () => {
  const fresh = caseAt('consultation', script);

  it('gives an organizer one consultation per party not yet recorded, due with the step', () => {
    const one = recordConsultation(fresh, { party: 'sending_unit', outcome: 'agree', concerns: [], note: '', actor: organizerActor }, proposedAt).state;
    const tasks = tasksFor(organizer, [record(one)], new Date(proposedAt));
    expect(tasks.map((t) => [t.kind, t.party, t.unitId])).toEqual([
      ['consultation', 'cadre', 'C11'],
      ['consultation', 'receiving_unit', 'C12'],
    ]);
    expect(tasks[0]).toMatchObject({ rotationId: 'case-1', dueAt: '2026-01-19T02:00:00.000Z', overdue: false });
  });

  it('gives the cadre only their own consultation, and marks it overdue after the deadline', () => {
    const tasks = tasksFor(cadre, [record(fresh)], new Date('2026-01-20T00:00:00Z'));
    expect(tasks).toEqual([
      { rotationId: 'case-1', kind: 'consultation', party: 'cadre', unitId: 'C11', dueAt: '2026-01-19T02:00:00.000Z', dueDate: '2026-01-19', overdue: true, escalated: false },
    ]);
  });

  it('gives no consultation to someone without a role over either unit', () => {
    expect(tasksFor(secretary, [record(fresh)], new Date(proposedAt))).toEqual([]);
  });

  it('gives the vote to members who have not voted, except the cadre themself, and the decision to the secretary', () => {
    let state = caseAt('appraisal', script);
    expect(tasksFor(organizer, [record(state)], new Date(proposedAt)).map((t) => [t.kind, t.unitId, t.dueAt])).toEqual([['appraisal', 'D1', null]]);

    state = appraise(
      state,
      { outcome: 'endorse', note: '', resolutions: [], committee: { unitId: 'D1', memberUserIds: ['u-m1', 'u-cadre'] }, actor: organizerActor },
      proposedAt,
    ).state;
    const member = user('u-m1', []);
    expect(tasksFor(member, [record(state, D1)], new Date(proposedAt)).map((t) => [t.kind, t.unitId])).toEqual([['vote', 'D1']]);
    expect(tasksFor(cadre, [record(state, D1)], new Date(proposedAt))).toEqual([]);

    const pending = { ...state, status: 'decision_pending' as const, stepDueAt: null };
    expect(tasksFor(secretary, [record(pending, D1)], new Date(proposedAt)).map((t) => [t.kind, t.unitId])).toEqual([['decision', 'D1']]);
  });
});

describe('work lists of relocation support', () => {
  const decided = caseAt('decided', script);
  const financeD1 = user('u-fin', [{ role: 'finance', unitId: 'D1' }]);
  const financeSending = user('u-fin-c11', [{ role: 'finance', unitId: 'C11' }]);
  const financeReceiving = user('u-fin-c12', [{ role: 'finance', unitId: 'C12' }]);
  const financeElsewhere = user('u-fin-p2', [{ role: 'finance', unitId: 'P2' }]);
  const payment = (period: number, status: PaymentView['status']): PaymentView => ({
    id: `case-1:monthly_supplement:${period}`,
    component: 'monthly_supplement',
    period,
    dueDate: `2026-0${2 + period}-15`,
    amountVnd: 3_000_000,
    status,
    paidAt: null,
    reference: null,
    paidBy: null,
  });
  const support = (changes: Partial<SupportView>): Map<string, SupportView> => new Map([['case-1', { ...NOT_STARTED_SUPPORT, ...changes }]]);
  const tasks = (who: Principal, s: Map<string, SupportView>, now: string, state: CaseState = decided) => supportTasksFor(who, [record(state)], s, new Date(now));

  it('asks finance over the receiving unit to approve by the effective date, overdue once its working hours are over; not finance of the sending unit only', () => {
    const awaiting = support({ status: 'awaiting_approval' });
    expect(tasks(financeD1, awaiting, '2026-03-15T09:59:00Z')).toEqual([
      { rotationId: 'case-1', kind: 'support_approval', unitId: 'C12', dueAt: '2026-03-15T10:00:00.000Z', dueDate: '2026-03-15', overdue: false, escalated: false },
    ]);
    expect(tasks(financeReceiving, awaiting, '2026-03-15T10:00:01Z')).toEqual([expect.objectContaining({ kind: 'support_approval', unitId: 'C12', overdue: true })]);
    expect(tasks(financeSending, awaiting, '2026-03-15T10:00:01Z')).toEqual([]);
    expect(tasks(financeElsewhere, awaiting, '2026-03-01T00:00:00Z')).toEqual([]);
    expect(tasks(organizer, awaiting, '2026-03-01T00:00:00Z')).toEqual([]);
  });

  it('lists each due payment, even after the case has ended, and nothing scheduled or paid', () => {
    const s = support({ status: 'stopped', payments: [payment(1, 'paid'), payment(2, 'due'), payment(3, 'cancelled')] });
    const ended = { ...decided, status: 'withdrawn' as const };
    expect(tasks(financeD1, s, '2026-04-20T00:00:00Z', ended)).toEqual([
      {
        rotationId: 'case-1',
        kind: 'payment',
        unitId: 'C12',
        dueAt: '2026-04-15T10:00:00.000Z',
        dueDate: '2026-04-15',
        overdue: true,
        escalated: false,
        paymentId: 'case-1:monthly_supplement:2',
      },
    ]);
  });

  it('asks finance to record the early salary raise once the support is approved', () => {
    const salaryRaise = { dueDate: '2027-06-01', raisedAt: null, reference: null };
    expect(tasks(financeD1, support({ status: 'approved', salaryRaise }), '2026-04-01T00:00:00Z')).toEqual([
      expect.objectContaining({ kind: 'salary_raise', dueAt: '2027-06-01T10:00:00.000Z', dueDate: '2027-06-01', overdue: false }),
    ]);
    expect(tasks(financeD1, support({ status: 'awaiting_approval', salaryRaise }), '2026-03-01T00:00:00Z').map((t) => t.kind)).toEqual(['support_approval']);
    expect(tasks(financeD1, support({ status: 'approved', salaryRaise: { ...salaryRaise, raisedAt: '2027-06-02T00:00:00Z' } }), '2027-06-03T00:00:00Z')).toEqual([]);
  });

  it('asks for the early salary raise its terms tie to an excellent evaluation only once the case has one', () => {
    const salaryRaise = { dueDate: '2027-06-01', raisedAt: null, reference: null };
    const raise = { component: 'early_salary_raise' as const, amountVnd: 0, periods: 1, totalVnd: 0, policyVersion: 1, dueDate: '2027-06-01', requiresExcellent: true };
    const s = support({ status: 'approved', salaryRaise, entitlements: [raise] });
    expect(tasks(financeD1, s, '2026-04-01T00:00:00Z')).toEqual([]);
    const evaluated = {
      ...decided,
      evaluations: [{ kind: 'yearly' as const, rating: 'excellent' as const, year: 1, recordedAt: '2026-03-20T03:00:00Z', recordedBy: { userId: 'u-org', username: 'tochuc' } }],
    };
    expect(tasks(financeD1, s, '2026-04-01T00:00:00Z', evaluated).map((t) => t.kind)).toEqual(['salary_raise']);
  });

  it('asks a global admin, who writes policies, for one when none was in force, while the case runs', () => {
    const none = support({ status: 'no_policy' });
    const admin = user('u-admin', [{ role: 'admin', unitId: null }]);
    expect(tasks(admin, none, '2026-03-01T00:00:00Z')).toEqual([
      { rotationId: 'case-1', kind: 'support_policy', unitId: 'C12', dueAt: '2026-03-15T10:00:00.000Z', dueDate: '2026-03-15', overdue: false, escalated: false },
    ]);
    expect(tasks(organizer, none, '2026-03-01T00:00:00Z')).toEqual([]);
    expect(tasks(user('u-admin-d1', [{ role: 'admin', unitId: 'D1' }]), none, '2026-03-01T00:00:00Z')).toEqual([]);
    expect(tasks(financeD1, none, '2026-03-01T00:00:00Z')).toEqual([]);
    expect(tasks(admin, none, '2026-03-15T10:00:01Z')).toEqual([expect.objectContaining({ kind: 'support_policy', overdue: true })]);
    expect(tasks(admin, none, '2026-03-01T00:00:00Z', { ...decided, status: 'withdrawn' })).toEqual([]);
  });
});

describe('work lists of the term', () => {
  // Effective 15 Mar 2026, reviews every 6 months of a 12-month term: review 1 due 15 Sep 2026, the term ends 15 Mar 2027.
  const active = caseAt('active', communeScript(12));
  // Due 15 Sep 2026, escalated 7 days later.
  const reviewEscalatedAt = '2026-09-21T17:00:00.000Z';
  const reviewerC12 = user('u-rev', [{ role: 'reviewer', unitId: 'C12' }]);
  const reviewerC11 = user('u-rev-c11', [{ role: 'reviewer', unitId: 'C11' }]);
  const organizerC11 = user('u-org-c11', [{ role: 'organizer', unitId: 'C11' }]);
  const owner = user('u-owner', [{ role: 'cadre', unitId: 'C12' }]);
  const tasks = (who: Principal, state: CaseState, now: string) => tasksFor(who, [record(state, D1)], new Date(now));
  const reviewed = (rating: 'good' | 'not_completed', now = '2026-09-16T03:00:00.000Z') =>
    submitReview(
      active,
      {
        seq: 1,
        heldAt: '2026-09-16',
        rating,
        aspirations: 'Muốn được đào tạo thêm',
        difficulties: '',
        followUps: [
          { action: 'Bố trí nhà công vụ', ownerUserId: 'u-owner', dueDate: '2026-10-01' },
          { action: 'Cử đi học', ownerUserId: 'u-other', dueDate: '2026-10-15' },
        ],
        actor: { userId: 'u-rev', username: 'u-rev' },
      },
      now,
    ).state;

  it('asks reviewers and organizers over the receiving unit for each review from its reminder on, due by its escalation', () => {
    expect(tasks(reviewerC12, active, '2026-09-07T16:59:59Z')).toEqual([]);
    expect(tasks(reviewerC12, active, '2026-09-07T17:00:00Z')).toEqual([
      { rotationId: 'case-1', kind: 'review', unitId: 'C12', dueAt: reviewEscalatedAt, dueDate: '2026-09-22', overdue: false, escalated: false, seq: 1 },
    ]);
    expect(tasks(organizer, active, '2026-09-21T16:59:59Z')).toEqual([expect.objectContaining({ kind: 'review', seq: 1, overdue: false })]);
    expect(tasks(organizer, active, '2026-09-21T17:00:01Z')).toEqual([expect.objectContaining({ kind: 'review', seq: 1, overdue: true })]);
    expect(tasks(reviewerC11, active, '2026-09-20T00:00:00Z')).toEqual([]);
    expect(tasks(organizerC11, active, '2026-09-20T00:00:00Z')).toEqual([]);
    expect(tasks(secretary, active, '2026-09-20T00:00:00Z')).toEqual([]);
  });

  it("follows the case's own review timings", () => {
    const early = { ...active, deadlines: { ...active.deadlines, reviewReminderDays: 14, reviewEscalationDays: 2 } };
    expect(tasks(reviewerC12, early, '2026-09-01T00:00:00Z')).toEqual([expect.objectContaining({ kind: 'review', seq: 1, overdue: false })]);
    expect(tasks(reviewerC12, early, '2026-09-17T00:00:00Z')).toEqual([expect.objectContaining({ kind: 'review', seq: 1, overdue: true })]);
  });

  it('drops a review once done, and gives each owner their open follow-ups, due on their day in Vietnam', () => {
    const state = reviewed('good');
    expect(tasks(reviewerC12, state, '2026-09-20T00:00:00Z')).toEqual([]);
    expect(tasks(owner, state, '2026-10-01T09:59:59Z')).toEqual([
      { rotationId: 'case-1', kind: 'follow_up', unitId: 'C12', dueAt: '2026-10-01T10:00:00.000Z', dueDate: '2026-10-01', overdue: false, escalated: false, followUpId: '1.1' },
    ]);
    expect(tasks(owner, state, '2026-10-01T10:00:01Z')).toEqual([expect.objectContaining({ kind: 'follow_up', followUpId: '1.1', overdue: true })]);
    expect(tasks(user('u-other', []), state, '2026-10-01T00:00:00Z').map((t) => t.followUpId)).toEqual(['1.2']);
    expect(tasks(organizer, state, '2026-10-01T00:00:00Z')).toEqual([]);

    const closed = closeFollowUp(state, { followUpId: '1.1', note: 'Đã bố trí', actor: { userId: 'u-owner', username: 'u-owner' } }, '2026-09-25T00:00:00Z').state;
    expect(tasks(owner, closed, '2026-09-26T00:00:00Z')).toEqual([]);
    expect(tasks(owner, { ...state, status: 'terminated' }, '2026-09-26T00:00:00Z')).toEqual([]);
  });

  it('asks the organizers over either unit to decide on continuing after a review rated not_completed', () => {
    const now = '2026-09-16T03:00:00.000Z';
    const state = reviewed('not_completed', now);
    expect(tasks(organizerC11, state, '2026-09-20T00:00:00Z')).toEqual([
      { rotationId: 'case-1', kind: 'continuation', unitId: 'D1', dueAt: '2026-09-23T03:00:00.000Z', dueDate: '2026-09-23', overdue: false, escalated: false },
    ]);
    expect(tasks(organizer, state, '2026-09-23T03:00:01Z')).toEqual([expect.objectContaining({ kind: 'continuation', overdue: true })]);
    expect(tasks(reviewerC12, state, '2026-09-20T00:00:00Z')).toEqual([]);
    expect(tasks(organizer, reviewed('good'), '2026-09-20T00:00:00Z')).toEqual([]);
  });

  it('asks the organizers over either unit to decide the end of the term once it is reached, due after the grace', () => {
    const termEndsAt = '2027-03-14T17:00:00.000Z';
    const done = reviewed('good');
    expect(tasks(organizer, done, '2027-03-15T00:00:00Z')).toEqual([]);
    const reached = fireTermEvent(done, { kind: 'term_end', at: termEndsAt }, '2027-03-14T17:00:05.000Z').state;
    // The closing evaluations the placement needs are asked for alongside (API v1.2), see below.
    const termEnd = (who: Principal, now: string) => tasks(who, reached, now).filter((t) => t.kind === 'term_end');
    expect(termEnd(organizerC11, '2027-03-15T00:00:00Z')).toEqual([
      { rotationId: 'case-1', kind: 'term_end', unitId: 'D1', dueAt: '2027-03-21T17:00:00.000Z', dueDate: '2027-03-22', overdue: false, escalated: false },
    ]);
    expect(termEnd(organizer, '2027-03-21T17:00:01Z')).toEqual([expect.objectContaining({ kind: 'term_end', overdue: true })]);
    expect(termEnd(reviewerC12, '2027-03-15T00:00:00Z')).toEqual([]);
  });

  it('asks for each closing evaluation missing once the term is reached, of whoever writes it, due with the term end', () => {
    const reached = fireTermEvent(reviewed('good'), { kind: 'term_end', at: '2027-03-14T17:00:00.000Z' }, '2027-03-14T17:00:05.000Z').state;
    const evaluationsOf = (who: Principal, state: CaseState = reached) =>
      tasks(who, state, '2027-03-15T00:00:00Z')
        .filter((t) => t.kind === 'evaluation')
        .map((t) => [t.evaluationKind, t.unitId, t.dueAt]);
    const due = '2027-03-21T17:00:00.000Z';
    expect(evaluationsOf(organizer)).toEqual([
      ['self_review', 'D1', due],
      ['receiving_unit', 'C12', due],
      ['conclusion', 'D1', due],
    ]);
    expect(evaluationsOf(organizerC11)).toEqual([['self_review', 'D1', due]]);
    expect(evaluationsOf(reviewerC12)).toEqual([['receiving_unit', 'C12', due]]);
    const concluded = recordEvaluation(reached, { kind: 'conclusion', rating: 'good', text: 'Hoàn thành tốt', actor: organizerActor }, '2027-03-15T00:00:00Z').state;
    expect(evaluationsOf(organizer, concluded).map(([kind]) => kind)).toEqual(['self_review', 'receiving_unit']);
  });

  it('asks the organizers over the deciding unit for each yearly evaluation from its reminder on, due by its escalation', () => {
    const long = caseAt('active', communeScript(36));
    const yearlyOf = (who: Principal, now: string, state: CaseState = long) => tasks(who, state, now).filter((t) => t.kind === 'evaluation');
    expect(yearlyOf(organizer, '2027-03-01T00:00:00Z')).toEqual([]);
    expect(yearlyOf(organizer, '2027-03-08T00:00:00Z')).toEqual([
      {
        rotationId: 'case-1',
        kind: 'evaluation',
        unitId: 'D1',
        dueAt: '2027-03-21T17:00:00.000Z',
        dueDate: '2027-03-22',
        overdue: false,
        escalated: false,
        evaluationKind: 'yearly',
        year: 1,
      },
    ]);
    expect(yearlyOf(organizerC11, '2027-03-08T00:00:00Z')).toEqual([]);
    const evaluated = recordEvaluation(long, { kind: 'yearly', rating: 'excellent', text: 'Xuất sắc', actor: organizerActor }, '2027-03-10T00:00:00Z').state;
    expect(yearlyOf(organizer, '2027-03-20T00:00:00Z', evaluated)).toEqual([]);
    expect(yearlyOf(organizer, '2028-03-20T00:00:00Z', evaluated)).toEqual([expect.objectContaining({ year: 2, overdue: false })]);
  });
});

describe('a case needing attention', () => {
  const waiting: CaseState = {
    ...initialCaseState(input),
    status: 'decided',
    attention: { reason: 'position_retained', since: '2026-03-01T00:00:00.000Z', source: 'case', step: 'activated' },
  };

  it('gives its organizers one attention task naming the reason, due since it waits', () => {
    expect(attentionTasksFor(organizer, [record(waiting)], new Date('2026-03-02T00:00:00Z'))).toEqual([
      {
        rotationId: 'case-1',
        kind: 'attention',
        unitId: 'D1',
        dueAt: '2026-03-01T00:00:00.000Z',
        dueDate: '2026-03-01',
        overdue: true,
        escalated: false,
        reason: 'position_retained',
      },
    ]);
    expect(attentionTasksFor(secretary, [record(waiting)], new Date())).toEqual([]);
    expect(attentionTasksFor(cadre, [record(waiting)], new Date())).toEqual([]);
  });

  it('has no other task until it is resolved, and none once it is', () => {
    const consulting: CaseState = { ...waiting, status: 'consultation' };
    expect(tasksFor(organizer, [record(consulting)], new Date(proposedAt))).toEqual([]);
    expect(supportTasksFor(organizer, [record(consulting)], new Map(), new Date(proposedAt))).toEqual([]);
    const resolved = { ...consulting, attention: null };
    expect(attentionTasksFor(organizer, [record(resolved)], new Date())).toEqual([]);
    expect(tasksFor(organizer, [record(resolved)], new Date(proposedAt)).map((t) => t.kind)).toEqual(['consultation', 'consultation', 'consultation']);
  });
});

describe('steps no one can take', () => {
  const decided = caseAt('decided', script);
  const awaiting = new Map([['case-1', { ...NOT_STARTED_SUPPORT, status: 'awaiting_approval' as const }]]);
  const staffing = (holders: Staffing['holders'], seats: Staffing['seats'] = []): Staffing => ({ holders, seats });
  const financeOn = (unitId: string, cadreId: string | null = null) => ({ role: 'finance' as const, unitId, cadreId });
  const now = new Date('2026-03-01T00:00:00Z');
  const tasks = (who: Principal, state: CaseState, s: Staffing, supports = awaiting) => staffingTasksFor(who, [record(state, D1)], supports, s, now);

  it('asks the organizers to find finance when no active user holds it over the receiving unit', () => {
    expect(tasks(organizer, decided, staffing([]))).toEqual([
      {
        rotationId: 'case-1',
        kind: 'attention',
        unitId: 'C12',
        dueAt: '2026-03-15T10:00:00.000Z',
        dueDate: '2026-03-15',
        overdue: false,
        escalated: false,
        reason: 'missing_role',
        role: 'finance',
      },
    ]);
    expect(tasks(organizer, decided, staffing([financeOn('C12')]))).toEqual([]);
    // Finance of the sending unit only does not pay: the receiving side does.
    expect(tasks(organizer, decided, staffing([financeOn('C11')]))).toHaveLength(1);
    expect(tasks(organizer, decided, staffing([financeOn('P2')]))).toHaveLength(1);
    // The rotated cadre holding finance does not count: they take no step on their own case.
    expect(tasks(organizer, decided, staffing([financeOn('D1', 'cadre-1')]))).toHaveLength(1);
    expect(tasks(secretary, decided, staffing([]))).toEqual([]);
    expect(tasks(organizer, decided, staffing([]), new Map())).toEqual([]);
  });

  it('asks for a secretary over the deciding unit to sign, and to close a vote past its deadline', () => {
    const pending = { ...decided, status: 'decision_pending' as const };
    expect(tasks(organizer, pending, staffing([]), new Map()).map((t) => [t.role, t.unitId])).toEqual([['secretary', 'D1']]);
    expect(tasks(organizer, pending, staffing([{ role: 'secretary', unitId: 'P', cadreId: null }]), new Map())).toEqual([]);
    const voting = { ...decided, status: 'committee_vote' as const, stepDueAt: '2026-03-05T00:00:00.000Z' };
    expect(tasks(organizer, voting, staffing([]), new Map())).toEqual([]);
    const closable = { ...voting, stepDueAt: '2026-02-25T00:00:00.000Z' };
    expect(tasks(organizer, closable, staffing([]), new Map()).map((t) => t.role)).toEqual(['secretary']);
  });

  it('asks for committee members when the committee that would decide has fewer than three', () => {
    const inAppraisal = caseAt('appraisal', script);
    const seats = (n: number) => Array.from({ length: n }, (_, i) => ({ unitId: 'D1', userId: `u-m${i}`, cadreId: null }));
    expect(tasks(organizer, inAppraisal, staffing([], seats(2)), new Map()).map((t) => [t.role, t.unitId])).toEqual([['committee_member', 'D1']]);
    expect(tasks(organizer, inAppraisal, staffing([], seats(3)), new Map())).toEqual([]);
    expect(tasks(organizer, inAppraisal, staffing([], []), new Map()).map((t) => [t.role, t.unitId])).toEqual([['committee_member', 'D1']]);
  });
});

describe('no one decides their own case', () => {
  it('gives a user linked to the rotated cadre no task on the case but their own answer', () => {
    const cadreOrganizer = user(
      'u-cadre-org',
      [
        { role: 'organizer', unitId: 'D1' },
        { role: 'secretary', unitId: 'D1' },
      ],
      'cadre-1',
    );
    const fresh = caseAt('consultation', script);
    expect(tasksFor(cadreOrganizer, [record(fresh)], new Date(proposedAt)).map((t) => [t.kind, t.party])).toEqual([['consultation', 'cadre']]);
    const pending = { ...fresh, status: 'decision_pending' as const, decidingUnitId: 'D1' };
    expect(tasksFor(cadreOrganizer, [record(pending, D1)], new Date(proposedAt))).toEqual([]);
    const financeCadre = user('u-cadre-fin', [{ role: 'finance', unitId: 'D1' }], 'cadre-1');
    const decided = caseAt('decided', script);
    const awaiting = new Map([['case-1', { ...NOT_STARTED_SUPPORT, status: 'awaiting_approval' as const }]]);
    expect(supportTasksFor(financeCadre, [record(decided)], awaiting, new Date(proposedAt))).toEqual([]);
  });
});
