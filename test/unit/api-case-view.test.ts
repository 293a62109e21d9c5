import { caseSummary, caseSummarySchema, caseView } from '../../api/case-view';
import { mayReview } from '../../api/case-roles';
import { canSee, type CaseRecord } from '../../api/cases';
import type { Principal } from '../../api/scope';
import { NOT_STARTED_SUPPORT } from '../../api/support';
import { type StoredCaseState, upgradeCaseState } from '../../domain/case-upgrade';
import { submitReview, terminate } from '../../domain/term';
import type { CaseState } from '../../domain/types';
import type { CaseEvent, RotationCase } from '../../generated/prisma/client';
import { eventRow, projectionOf } from '../../store/case-projection';
import { caseAt, communeScript, unitTree } from '../support/domain-fixtures';

// province P > district D1 > communes C11 (sending), C12 (receiving)
const { D1, C11, C12 } = unitTree;
const actor = { userId: 'u-rev', username: 'tran.thi.binh' };

const active: CaseState = caseAt('active', communeScript(12));

function record(state: CaseState, decidingPath: string | null = D1): CaseRecord {
  return { row: { id: state.id, cadreId: state.cadreId, fromUnitId: state.fromUnitId, toUnitId: state.toUnitId } as RotationCase, state, fromPath: C11, toPath: C12, decidingPath };
}
const user = (id: string, roles: Principal['roles']): Principal => ({ id, username: id, cadreId: null, roles });

describe('the case as shown', () => {
  it('shows each review with its status as it stands now', () => {
    const at = (now: string) => caseSummary(active, NOT_STARTED_SUPPORT, now).reviews;
    expect(at('2026-09-01T00:00:00Z')).toEqual([{ seq: 1, dueAt: '2026-09-14T17:00:00.000Z', dueDate: '2026-09-15', status: 'upcoming' }]);
    expect(at('2026-09-15T00:00:00Z')[0].status).toBe('due');
    expect(at('2026-09-22T00:00:00Z')[0].status).toBe('overdue');
  });

  it('shows what a review recorded, its follow-ups and the continuation asked for, never the reminder bookkeeping', () => {
    const reviewed = submitReview(
      { ...active, reviews: active.reviews.map((r) => ({ ...r, remindedAt: '2026-09-07T17:00:00.000Z' })) },
      {
        seq: 1,
        heldAt: '2026-09-16',
        rating: 'not_completed',
        aspirations: 'Được về gần nhà',
        difficulties: 'Đường xa',
        followUps: [{ action: 'Hỗ trợ nhà ở', ownerUserId: 'u-owner', dueDate: '2026-10-01' }],
        actor,
      },
      '2026-09-16T03:00:00.000Z',
    ).state;
    const view = caseSummary(reviewed, NOT_STARTED_SUPPORT, '2026-09-20T00:00:00Z');
    expect(view.reviews).toEqual([
      {
        seq: 1,
        dueAt: '2026-09-14T17:00:00.000Z',
        dueDate: '2026-09-15',
        status: 'done',
        rating: 'not_completed',
        heldAt: '2026-09-16',
        doneAt: '2026-09-16T03:00:00.000Z',
        reviewedBy: actor,
        aspirations: 'Được về gần nhà',
        difficulties: 'Đường xa',
      },
    ]);
    expect(view.followUps).toEqual([expect.objectContaining({ id: '1.1', ownerUserId: 'u-owner', status: 'open', dueDate: '2026-10-01' })]);
    expect(view.continuation).toEqual({ reviewSeq: 1, askedAt: '2026-09-16T03:00:00.000Z' });
    expect(view.termEndsAt).toBe('2027-03-14T17:00:00.000Z');
    expect(caseSummarySchema.safeParse(view).success).toBe(true);
  });

  it('freezes the reviews of an ended case as they stood when it ended', () => {
    const ended = terminate(active, { reason: 'Sức khỏe', actor }, '2026-06-01T00:00:00.000Z').state;
    expect(caseSummary(ended, NOT_STARTED_SUPPORT, '2027-01-01T00:00:00Z').reviews[0].status).toBe('upcoming');
  });

  it('shows a case from before the term was run with empty term fields', () => {
    const old: StoredCaseState = {
      ...active,
      termEndsAt: undefined,
      extensions: undefined,
      termEndReachedAt: undefined,
      termEnd: undefined,
      followUps: undefined,
      continuation: undefined,
      exceptions: undefined,
      endDecisionNumber: undefined,
    };
    const view = caseSummary(upgradeCaseState(old), NOT_STARTED_SUPPORT);
    expect(view).toMatchObject({
      followUps: [],
      termEndsAt: null,
      extensions: [],
      termEndReachedAt: null,
      termEnd: null,
      continuation: null,
      exceptions: [],
      endDecisionNumber: null,
    });
    expect(caseSummarySchema.safeParse(view).success).toBe(true);
  });
});

describe('who reviews and who sees', () => {
  it('lets reviewers and organizers over the receiving unit or the deciding unit review, no one else', () => {
    expect(mayReview(user('a', [{ role: 'reviewer', unitId: 'C12' }]), record(active))).toBe(true);
    expect(mayReview(user('b', [{ role: 'organizer', unitId: 'D1' }]), record(active))).toBe(true);
    expect(mayReview(user('c', [{ role: 'reviewer', unitId: 'C11' }]), record(active))).toBe(false);
    expect(mayReview(user('d', [{ role: 'secretary', unitId: 'D1' }]), record(active))).toBe(false);
    expect(mayReview(user('e', [{ role: 'reviewer', unitId: null }]), record(active))).toBe(true);
  });

  it('lets the owner of a follow-up see the case', () => {
    const reviewed = submitReview(
      active,
      { seq: 1, heldAt: '2026-09-16', rating: 'good', aspirations: '', difficulties: '', followUps: [{ action: 'Báo cáo', ownerUserId: 'u-owner', dueDate: '2026-10-01' }], actor },
      '2026-09-16T03:00:00.000Z',
    ).state;
    const owner = user('u-owner', []);
    expect(canSee(owner, record(active))).toBe(false);
    expect(canSee(owner, record(reviewed))).toBe(true);
  });
});

describe('the secret ballot as shown', () => {
  const at = '2026-03-01T02:00:00.000Z';
  const voted = caseAt('decision_pending', communeScript(12));
  it('shows who took part and the tally, never who voted how, also of a case stored before the secret ballot', () => {
    const stored = { ...voted, votes: { ...voted.votes!, ballots: voted.votes!.ballots.map((b) => ({ ...b, vote: 'against', note: 'Không tán thành' })) } };
    const shown = caseSummary(upgradeCaseState(stored as StoredCaseState), NOT_STARTED_SUPPORT, at).votes;
    expect(shown).toEqual({
      for: voted.votes!.for,
      against: voted.votes!.against,
      abstain: voted.votes!.abstain,
      members: voted.votes!.members,
      voted: voted.votes!.ballots.map((b) => b.userId),
      recused: 0,
      outcome: 'passed',
      closedAt: null,
    });
    expect(JSON.stringify(caseSummary(upgradeCaseState(stored as StoredCaseState), NOT_STARTED_SUPPORT, at))).not.toMatch(/Không tán thành|"vote"/);
  });

  it('renders an older ballot entry of the history without its choice', () => {
    const event = {
      id: 'e',
      caseId: voted.id,
      seq: 9,
      at: new Date(at),
      actorUserId: 'm1',
      actorUsername: 'm1',
      onBehalfOf: null,
      action: 'vote_cast',
      detail: { vote: 'against', note: 'Không', for: 0, against: 1, abstain: 0, members: 3, outcome: 'pending' },
    };
    const view = caseView(voted, [event as unknown as CaseEvent], NOT_STARTED_SUPPORT);
    expect(view.history).toEqual([{ at, actor: { userId: 'm1', username: 'm1' }, onBehalfOf: null, action: 'vote_cast', detail: { members: 3 } }]);
  });
});

describe('the projection written for a case', () => {
  it('keeps no choice of a ballot, whatever an older run of the workflow handed over', () => {
    const voted = caseAt('decision_pending', communeScript(12));
    const older = { ...voted, votes: { ...voted.votes!, ballots: voted.votes!.ballots.map((b) => ({ ...b, vote: 'for', note: 'Đồng ý' })) } } as CaseState;
    expect(JSON.stringify(projectionOf(older).state)).not.toMatch(/Đồng ý|"vote"/);
    const row = eventRow(voted.id, {
      seq: 3,
      at: '2026-03-01T02:00:00.000Z',
      actor: { userId: 'm1', username: 'm1' },
      action: 'vote_cast',
      detail: { vote: 'for', note: 'Đồng ý', for: 1, against: 0, abstain: 0, members: 3 },
    });
    expect(row.detail).toEqual({ members: 3 });
  });
});
