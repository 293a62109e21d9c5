import type { Task } from '../../api/tasks';
import { translator } from '../../api/web/messages';
import { tasksPage } from '../../api/web/pages';
import { onBehalfOfDelegator } from '../../domain/case-transition';
import { type Delegation, admitDelegation, coversKind, coversKindOn, delegationStatus, onBehalfOnOwnCase, requireNotOwnCaseOnBehalf } from '../../domain/delegation';
import { Refusal } from '../../domain/refusal';
import type { CaseState } from '../../domain/types';

const TODAY = '2026-12-06';

function delegation(overrides: Partial<Delegation> = {}): Delegation {
  return { id: 'd1', fromUserId: 'secretary', toUserId: 'deputy', from: TODAY, to: '2026-12-20', kinds: ['decision'], revokedAt: null, ...overrides };
}

function refusalOf(run: () => void): Refusal {
  try {
    run();
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  throw new Error('not refused');
}

const request = { fromUserId: 'secretary', toUserId: 'deputy', from: TODAY, to: '2026-12-20', kinds: ['decision' as const] };

describe('admitDelegation', () => {
  it("admits a delegation of one's own tasks from today", () => {
    expect(() => admitDelegation(request, TODAY, [])).not.toThrow();
    expect(() => admitDelegation({ ...request, kinds: undefined, to: '2027-12-06' }, TODAY, [])).not.toThrow();
  });

  it.each([
    [{ toUserId: 'secretary' }, 'toUserId'],
    [{ kinds: ['decision', 'vote'] as const }, 'kinds'],
    [{ kinds: ['payment'] as const }, 'kinds'],
    [{ from: '2026-12-05' }, 'from'],
    [{ to: '2026-12-01', from: '2026-12-10' }, 'to'],
    [{ to: '2027-12-07' }, 'to'],
  ])('refuses %j naming %s', (change, path) => {
    const refusal = refusalOf(() => admitDelegation({ ...request, ...change }, TODAY, []));
    expect([refusal.kind, refusal.path]).toEqual(['rule', path]);
  });

  it('refuses a delegate re-delegating while their delegation lasts, and a delegator becoming a delegate', () => {
    const held = delegation({ fromUserId: 'secretary', toUserId: 'deputy' });
    const again = refusalOf(() => admitDelegation({ ...request, fromUserId: 'deputy', toUserId: 'clerk' }, TODAY, [held]));
    expect([again.kind, again.path, again.message]).toEqual(['rule', 'toUserId', expect.stringContaining('re-delegate')]);
    expect(refusalOf(() => admitDelegation({ ...request, fromUserId: 'clerk', toUserId: 'secretary' }, TODAY, [held])).kind).toBe('rule');
    // After it ends, or once it is revoked, the former delegate may delegate.
    expect(() => admitDelegation({ ...request, fromUserId: 'deputy', toUserId: 'clerk', from: '2026-12-21', to: '2026-12-22' }, TODAY, [held])).not.toThrow();
    expect(() => admitDelegation({ ...request, fromUserId: 'deputy', toUserId: 'clerk' }, TODAY, [{ ...held, revokedAt: '2026-12-06T01:00:00Z' }])).not.toThrow();
  });
});

describe('delegationStatus and coversKind', () => {
  it('tells upcoming, active, ended and revoked apart', () => {
    expect(delegationStatus(delegation({ from: '2026-12-07' }), TODAY)).toBe('upcoming');
    expect(delegationStatus(delegation(), TODAY)).toBe('active');
    expect(delegationStatus(delegation({ to: TODAY }), TODAY)).toBe('active');
    expect(delegationStatus(delegation({ from: '2026-11-01', to: '2026-12-05' }), TODAY)).toBe('ended');
    expect(delegationStatus(delegation({ revokedAt: '2026-12-06T01:00:00Z' }), TODAY)).toBe('revoked');
  });

  it('covers the kinds named, every delegable kind when none is (never the vote), and only while active', () => {
    expect(coversKindOn(delegation(), 'decision', TODAY)).toBe(true);
    expect(coversKindOn(delegation(), 'appraisal', TODAY)).toBe(false);
    expect(coversKindOn(delegation({ kinds: [] }), 'appraisal', TODAY)).toBe(true);
    expect(coversKindOn(delegation({ kinds: [] }), 'vote', TODAY)).toBe(false);
    expect(coversKindOn(delegation({ kinds: [] }), 'payment', TODAY)).toBe(false);
    expect(coversKindOn(delegation({ kinds: ['vote'] }), 'vote', TODAY)).toBe(false);
    expect(coversKindOn(delegation({ revokedAt: '2026-12-06T01:00:00Z' }), 'decision', TODAY)).toBe(false);
    expect(coversKindOn(delegation({ from: '2026-12-07' }), 'decision', TODAY)).toBe(false);
    expect(coversKind(delegation({ from: '2026-12-07' }), 'decision')).toBe(true);
  });
});

describe('own case through a delegation', () => {
  it('refuses a case about the delegate or about the delegator, naming own_case', () => {
    expect(onBehalfOnOwnCase('c-deputy', null, 'c-other')).toBe(false);
    expect(onBehalfOnOwnCase('c-deputy', null, 'c-deputy')).toBe(true);
    expect(onBehalfOnOwnCase(null, 'c-secretary', 'c-secretary')).toBe(true);
    const refusal = refusalOf(() => requireNotOwnCaseOnBehalf(null, 'c-secretary', 'c-secretary'));
    expect([refusal.kind, refusal.rule]).toEqual(['forbidden', 'own_case']);
  });
});

describe('onBehalfOfDelegator', () => {
  const state = {} as CaseState;
  const delegator = { userId: 'secretary', username: 'tran.thi.cuc', cadreId: null };

  it("names the delegator in the step's history entry", () => {
    const step = { state, event: { action: 'decision_signed', actor: { userId: 'deputy', username: 'deputy' }, detail: {} } };
    expect(onBehalfOfDelegator(step, { delegator }).event.onBehalfOf).toEqual(delegator);
    expect(onBehalfOfDelegator(step, {})).toBe(step);
  });

  it('keeps the cadre an organizer answered for', () => {
    const cadre = { userId: null, username: 'Trương Thị Hồng', cadreId: 'c-hong' };
    const step = { state, event: { action: 'consultation_recorded', actor: null, onBehalfOf: cadre, detail: {} } };
    expect(onBehalfOfDelegator(step, { delegator }).event.onBehalfOf).toEqual(cadre);
  });
});

describe('the inbox', () => {
  it('marks a task taken by a delegation as on its delegator’s behalf', () => {
    const web = { lang: 'vi' as const, t: translator('vi'), signedIn: null, csrfToken: 'x' };
    const task: Task = {
      rotationId: 'c1',
      kind: 'decision',
      unitId: 'u',
      dueAt: null,
      dueDate: null,
      overdue: false,
      escalated: false,
      onBehalfOf: { userId: 's', username: 'tran.thi.cuc' },
    };
    expect(tasksPage(web, [task], new Map(), undefined).toString()).toContain('(thay mặt tran.thi.cuc)');
    expect(tasksPage(web, [{ ...task, onBehalfOf: undefined }], new Map(), undefined).toString()).not.toContain('thay mặt');
  });
});
