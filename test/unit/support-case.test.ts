import { startOfLocalDay } from '../../domain/calendar';
import { supportPlan } from '../../domain/support';
import {
  approveSupport,
  caseCompleted,
  extendSupport,
  initialSupportState,
  isSettled,
  markDue,
  markPaymentPaid,
  nextDueAt,
  EARLY_RAISE_RULE,
  recordSalaryRaise,
  stopSupport,
} from '../../domain/support-case';
import type { Actor, RatedEvaluation, SupportInput, SupportPolicyTerms, SupportState } from '../../domain/types';
import { refusalOf } from '../support/domain-fixtures';

const finance: Actor = { userId: 'u-finance', username: 'ke.toan' };
const policy: SupportPolicyTerms = {
  version: 1,
  effectiveFrom: '2026-01-01',
  oneTimeVnd: 50_000_000,
  monthlySupplementVnd: 3_000_000,
  housingAllowanceVnd: 2_000_000,
  transportTiers: [{ maxKm: 50, monthlyVnd: 1_000_000 }],
  earlySalaryRaise: true,
};
const input: SupportInput = {
  caseId: 'case-1',
  cadreId: 'cadre-1',
  signedAt: '2026-03-01T09:00:00+07:00',
  effectiveDate: '2026-03-15',
  termMonths: 24,
  distanceKm: 30,
  officialHousing: false,
};

function planned(raise: string | null = null): SupportState {
  return initialSupportState(input, supportPlan([policy], { ...input, nextSalaryRaiseDate: raise }));
}

/** An instant on a calendar day in Vietnam. */
const on = (date: string, time = '09:00:00') => new Date(`${date}T${time}+07:00`).toISOString();
const ids = (state: SupportState, status: string) => state.payments.filter((p) => p.status === status).map((p) => p.id);

function approvedOn(date: string, state = planned()): SupportState {
  return approveSupport(state, { note: '', actor: finance }, on(date)).state;
}

describe('planned support', () => {
  it('awaits approval with every payment scheduled under its key', () => {
    const state = planned();
    expect(state).toMatchObject({ status: 'awaiting_approval', policyVersion: 1, effectiveDate: '2026-03-15', termMonths: 24, approvedAt: null, stoppedAt: null });
    expect(state.payments).toHaveLength(73);
    expect(state.payments[0]).toMatchObject({ id: 'case-1:one_time:0', status: 'scheduled', paidAt: null });
    expect(new Set(state.payments.map((p) => p.id)).size).toBe(73);
  });

  it('makes nothing due before finance approves it, however late it is', () => {
    expect(markDue(planned(), on('2027-01-01'))).toBeNull();
    expect(nextDueAt(planned())).toBeNull();
  });
});

describe('approval', () => {
  it('on time: nothing due yet, the first payments wait for the effective date', () => {
    const { state, change } = approveSupport(planned(), { note: 'Đồng ý', actor: finance }, on('2026-03-10'));
    expect(state).toMatchObject({ status: 'approved', approvedAt: on('2026-03-10'), approvedBy: finance.userId });
    expect(change).toEqual({ kind: 'approved', approvedAt: on('2026-03-10'), approvedBy: finance.userId, note: 'Đồng ý', duePaymentIds: [] });
    expect(nextDueAt(state)).toBe(startOfLocalDay('2026-03-15'));
  });

  it('late: every payment whose day has come is due at once', () => {
    const { state, change } = approveSupport(planned(), { note: '', actor: finance }, on('2026-05-20'));
    // One-time support and months 1–3 (15 Mar, 15 Apr, 15 May) of three monthly components.
    expect(change.kind === 'approved' && change.duePaymentIds).toHaveLength(1 + 3 * 3);
    expect(ids(state, 'due')).toContain('case-1:housing_allowance:3');
    expect(nextDueAt(state)).toBe(startOfLocalDay('2026-06-15'));
  });

  it('is refused a second time, without a policy and once stopped', () => {
    expect(refusalOf(() => approveSupport(approvedOn('2026-03-10'), { note: '', actor: finance }, on('2026-03-11'))).kind).toBe('conflict');
    const none = initialSupportState(input, supportPlan([], { ...input, nextSalaryRaiseDate: null }));
    expect(refusalOf(() => approveSupport(none, { note: '', actor: finance }, on('2026-03-11'))).message).toMatch(/no support policy/);
    const stopped = stopSupport(planned(), { at: on('2026-03-12'), reason: 'withdrawn' })!.state;
    expect(refusalOf(() => approveSupport(stopped, { note: '', actor: finance }, on('2026-03-13'))).kind).toBe('conflict');
  });
});

describe('payments falling due', () => {
  it('on their day, all of the day at once', () => {
    const approved = approvedOn('2026-03-10');
    expect(markDue(approved, on('2026-03-14', '23:59:59'))).toBeNull();
    const { state, change } = markDue(approved, startOfLocalDay('2026-03-15'))!;
    expect(change).toEqual({ kind: 'due', paymentIds: ['case-1:one_time:0', 'case-1:monthly_supplement:1', 'case-1:housing_allowance:1', 'case-1:transport_allowance:1'] });
    expect(nextDueAt(state)).toBe(startOfLocalDay('2026-04-15'));
  });
});

describe('marking a payment paid', () => {
  const paid = (state: SupportState, paymentId: string, at = on('2026-03-16')) => markPaymentPaid(state, { paymentId, paidAt: at, reference: 'UNC-0316', actor: finance }, at);

  it('records when, how and by whom', () => {
    const due = markDue(approvedOn('2026-03-10'), on('2026-03-15'))!.state;
    const { state, change } = paid(due, 'case-1:one_time:0');
    expect(state.payments[0]).toMatchObject({ status: 'paid', paidAt: on('2026-03-16'), reference: 'UNC-0316', paidBy: finance.userId });
    expect(change).toEqual({ kind: 'paid', paymentId: 'case-1:one_time:0', paidAt: on('2026-03-16'), reference: 'UNC-0316', paidBy: finance.userId });
  });

  it('refuses an unknown payment (not found), a second mark, one not due yet and one not approved (conflicts)', () => {
    const due = markDue(approvedOn('2026-03-10'), on('2026-03-15'))!.state;
    expect(refusalOf(() => paid(due, 'case-2:one_time:0')).kind).toBe('not_found');
    const once = paid(due, 'case-1:one_time:0').state;
    expect(refusalOf(() => paid(once, 'case-1:one_time:0')).message).toMatch(/already recorded as paid on 2026-03-16/);
    expect(refusalOf(() => paid(once, 'case-1:monthly_supplement:2')).message).toMatch(/not due until 2026-04-15/);
    expect(refusalOf(() => paid(planned(), 'case-1:one_time:0')).message).toMatch(/not approved/);
  });

  it('refuses a payment dated in the future, naming paidAt', () => {
    const due = markDue(approvedOn('2026-03-10'), on('2026-03-15'))!.state;
    const refusal = refusalOf(() => markPaymentPaid(due, { paymentId: 'case-1:one_time:0', paidAt: on('2026-03-17'), reference: 'x', actor: finance }, on('2026-03-16')));
    expect([refusal.kind, refusal.path]).toEqual(['rule', 'paidAt']);
  });
});

describe('stopping when the case ends early', () => {
  it('in month 7: what has fallen due stays payable, the rest is cancelled', () => {
    let state = approvedOn('2026-03-10');
    for (const month of ['2026-03-15', '2026-04-15', '2026-05-15', '2026-06-15', '2026-07-15', '2026-08-15', '2026-09-15']) state = markDue(state, on(month))!.state;
    const { state: stopped, change } = stopSupport(state, { at: on('2026-09-20'), reason: 'terminated' })!;
    expect(stopped).toMatchObject({ status: 'stopped', stoppedAt: on('2026-09-20') });
    expect(ids(stopped, 'due')).toHaveLength(1 + 7 * 3);
    expect(ids(stopped, 'cancelled')).toHaveLength(17 * 3);
    expect(change).toMatchObject({ kind: 'stopped', duePaymentIds: [] });
    expect(nextDueAt(stopped)).toBeNull();
    expect(markDue(stopped, on('2027-01-01'))).toBeNull();
    expect(stopSupport(stopped, { at: on('2026-09-21'), reason: 'again' })).toBeNull();
  });

  it('makes due what had fallen due by the end but was not marked yet', () => {
    const { change } = stopSupport(approvedOn('2026-03-10'), { at: on('2026-03-15', '08:00:00'), reason: 'terminated' })!;
    expect(change).toMatchObject({ duePaymentIds: ['case-1:one_time:0', 'case-1:monthly_supplement:1', 'case-1:housing_allowance:1', 'case-1:transport_allowance:1'] });
  });

  it('before approval: everything is cancelled and the support is settled', () => {
    const { state } = stopSupport(planned(), { at: on('2026-03-12'), reason: 'withdrawn' })!;
    expect(ids(state, 'cancelled')).toHaveLength(73);
    expect(isSettled(state)).toBe(true);
  });

  it('is settled once every payment left is paid', () => {
    let state = markDue(approvedOn('2026-03-10'), on('2026-03-15'))!.state;
    state = stopSupport(state, { at: on('2026-03-20'), reason: 'terminated' })!.state;
    expect(isSettled(state)).toBe(false);
    for (const id of ids(state, 'due')) state = markPaymentPaid(state, { paymentId: id, paidAt: on('2026-03-21'), reference: 'UNC', actor: finance }, on('2026-03-21')).state;
    expect(isSettled(state)).toBe(true);
  });
});

describe('a case that completed its term', () => {
  const end = on('2028-03-15', '08:00:00');

  it('cancels nothing: the payments owed are still approved and paid, then the support is settled', () => {
    let state = caseCompleted(planned(), { at: end });
    expect(state.caseCompletedAt).toBe(end);
    expect(ids(state, 'cancelled')).toEqual([]);
    expect(isSettled(state)).toBe(false);
    state = approvedOn('2028-03-20', state);
    expect(ids(state, 'due')).toHaveLength(73);
    expect(isSettled(state)).toBe(false);
    for (const id of ids(state, 'due')) state = markPaymentPaid(state, { paymentId: id, paidAt: on('2028-03-21'), reference: 'UNC', actor: finance }, on('2028-03-21')).state;
    expect(isSettled(state)).toBe(true);
  });

  it('is told once: a repeat keeps the first instant', () => {
    const once = caseCompleted(planned(), { at: end });
    expect(caseCompleted(once, { at: on('2028-04-01') })).toBe(once);
  });
});

describe('extension of the term', () => {
  it('adds the monthly payments of the extra months', () => {
    const { state, change } = extendSupport(approvedOn('2026-03-10'), { months: 6 });
    expect(state.termMonths).toBe(30);
    expect(state.payments).toHaveLength(73 + 18);
    expect(state.payments.at(-1)).toMatchObject({ id: 'case-1:transport_allowance:30', dueDate: '2028-08-15', status: 'scheduled' });
    expect(change.kind === 'extended' && change.payments).toHaveLength(18);
    expect(state.entitlements.find((e) => e.component === 'monthly_supplement')).toMatchObject({ periods: 30, totalVnd: 90_000_000 });
  });

  it('is refused once the support stopped, and for no whole month', () => {
    const stopped = stopSupport(planned(), { at: on('2026-03-12'), reason: 'withdrawn' })!.state;
    expect(refusalOf(() => extendSupport(stopped, { months: 6 })).kind).toBe('conflict');
    expect(refusalOf(() => extendSupport(planned(), { months: 0 })).kind).toBe('rule');
  });
});

describe('the early salary raise', () => {
  const raised = (state: SupportState, raisedAt: string, now = raisedAt) => recordSalaryRaise(state, { raisedAt, reference: 'QĐ 45/QĐ-UBND', actor: finance }, now);

  it('is recorded once, on or after its due day, after approval', () => {
    const approved = approvedOn('2026-03-10', planned('2028-06-01'));
    expect(approved.salaryRaise).toEqual({ dueDate: '2027-06-01', raisedAt: null, reference: null, raisedBy: null });
    expect(refusalOf(() => raised(approved, on('2027-05-31'))).path).toBe('raisedAt');
    const { state, change } = raised(approved, on('2027-06-01'));
    expect(state.salaryRaise).toMatchObject({ raisedAt: on('2027-06-01'), reference: 'QĐ 45/QĐ-UBND', raisedBy: finance.userId });
    expect(change.kind).toBe('salary_raised');
    expect(refusalOf(() => raised(state, on('2027-06-02'))).kind).toBe('conflict');
  });

  it('is refused when not granted or not approved', () => {
    expect(refusalOf(() => raised(approvedOn('2026-03-10'), on('2027-06-01'))).message).toMatch(/grants no early salary raise/);
    expect(refusalOf(() => raised(planned('2028-06-01'), on('2027-06-01'))).message).toMatch(/not approved/);
  });

  it('waits, when the policy asked for it at the decision, for an evaluation of the cadre rated excellent', () => {
    const demanding = supportPlan([{ ...policy, earlyRaiseRequiresExcellent: true }], { ...input, nextSalaryRaiseDate: '2028-06-01' });
    const approved = approvedOn('2026-03-10', initialSupportState(input, demanding));
    const raisedWith = (evaluations?: RatedEvaluation[]) =>
      recordSalaryRaise(approved, { raisedAt: on('2027-06-01'), reference: 'QĐ 45/QĐ-UBND', actor: finance, ...(evaluations ? { evaluations } : {}) }, on('2027-06-01'));
    for (const evaluations of [undefined, [], [{ kind: 'yearly' as const, rating: 'good' as const }]]) {
      expect(refusalOf(() => raisedWith(evaluations))).toMatchObject({ kind: 'rule', rule: EARLY_RAISE_RULE });
    }
    expect(raisedWith([{ kind: 'yearly', rating: 'excellent' }]).state.salaryRaise?.raisedAt).toBe(on('2027-06-01'));
  });
});
