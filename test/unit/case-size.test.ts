// How a case is kept small (the texts of finished steps leave its state, the view takes them from
// the history) and how its size is measured and bounded.
import { withTextsFromHistory } from '../../api/case-view';
import { caseStateBytes, requireWithinCaseSize, utf8Bytes, withoutFinishedTexts } from '../../domain/case-size';
import { storable } from '../../domain/input';
import { MAX_CASE_STATE_BYTES } from '../../domain/limits';
import { Refusal } from '../../domain/refusal';
import { appraise, castVote, initialCaseState, recordConsultation } from '../../domain/rotation-case';
import { closeFollowUp, submitReview } from '../../domain/term';
import type { Transition } from '../../domain/case-transition';
import { type Actor, type CaseState, PARTIES } from '../../domain/types';
import { caseAt, organizer, proposal, proposalScript } from '../support/domain-fixtures';

const owner: Actor = { userId: 'u-owner', username: 'chu.tri' };
const input = { ...proposal, termMonths: 12 };

/** Steps applied in order, as the workflow keeps the case (without finished texts), with the history each one records. */
function run(state: CaseState, ...steps: ((s: CaseState) => Transition)[]) {
  const events: { action: string; actorUserId: string | null; detail: Record<string, unknown> }[] = [];
  let kept = state;
  let last: CaseState = state;
  for (const step of steps) {
    const { state: after, event } = step(kept);
    events.push({ action: event.action, actorUserId: event.actor?.userId ?? null, detail: event.detail });
    last = after;
    kept = withoutFinishedTexts(after);
  }
  return { kept, last, events };
}

const consult = (party: (typeof PARTIES)[number], note: string) => (s: CaseState) =>
  recordConsultation(s, { party, outcome: 'agree_with_concerns', concerns: [{ type: 'distance', note: `Xa nhà (${party})` }], note, actor: organizer }, '2026-01-06T00:00:00Z');

describe('the texts of finished steps', () => {
  const at = '2026-01-07T00:00:00Z';
  const consulted = PARTIES.map((p) => consult(p, `Ý kiến vòng 1 của ${p}`));
  const { kept, last, events } = run(
    initialCaseState(input),
    ...consulted,
    (s) => appraise(s, { outcome: 'return', note: 'Trao đổi thêm', resolutions: [], committee: null, actor: organizer }, at),
    ...PARTIES.map((p) => consult(p, `Ý kiến vòng 2 của ${p}`)),
    (s) => appraise(s, { outcome: 'endorse', note: 'Đủ điều kiện', resolutions: [], committee: { unitId: 'D1', memberUserIds: ['m1', 'm2', 'm3'] }, actor: organizer }, at),
    (s) => castVote(s, { vote: 'for', note: 'Tán thành', voterCadreId: null, actor: { userId: 'm1', username: 'm1' } }, at),
    (s) => castVote(s, { vote: 'for', voterCadreId: null, actor: { userId: 'm2', username: 'm2' } }, at),
  );

  it('leave the state the workflow keeps: earlier rounds, ballots', () => {
    expect(kept.earlierConsultations.map((c) => [c.party, c.round, c.note, c.concerns])).toEqual(PARTIES.map((p) => [p, 1, '', [{ type: 'distance', note: '' }]]));
    expect(kept.consultations.map((c) => c.note)).toEqual(PARTIES.map((p) => `Ý kiến vòng 2 của ${p}`));
    // A secret ballot: neither the choice nor a note is kept by its voter.
    expect(kept.votes!.ballots).toEqual([
      { userId: 'm1', at },
      { userId: 'm2', at },
    ]);
    expect(last.votes!.ballots[1]).toEqual({ userId: 'm2', at });
  });

  it('are shown from the history, as the state held them before', () => {
    const shown = withTextsFromHistory(kept, events);
    const full = last;
    expect(shown.earlierConsultations).toEqual(
      PARTIES.map((p) => expect.objectContaining({ party: p, round: 1, note: `Ý kiến vòng 1 của ${p}`, concerns: [{ type: 'distance', note: `Xa nhà (${p})` }] })),
    );
    expect(shown.votes!.ballots).toEqual(full.votes!.ballots);
    // A case whose state still holds its texts shows them as they are, history or not.
    expect(withTextsFromHistory(full, [])).toEqual(full);
  });

  it('of reviews and follow-ups leave the state once done and closed, and are shown from the history', () => {
    const active = caseAt('active', { ...proposalScript, input, decision: { ...proposalScript.decision, effectiveDate: '2026-03-15' } });
    const reviewAt = '2026-09-16T03:00:00.000Z';
    const term = run(
      active,
      (s) =>
        submitReview(
          s,
          {
            seq: 1,
            heldAt: '2026-09-16',
            rating: 'good',
            aspirations: 'Được về gần nhà',
            difficulties: 'Đường xa',
            followUps: [{ action: 'Bố trí nhà ở', ownerUserId: owner.userId, dueDate: '2026-10-01' }],
            actor: organizer,
          },
          reviewAt,
        ),
      (s) => closeFollowUp(s, { followUpId: '1.1', note: 'Đã bố trí nhà công vụ', actor: owner }, '2026-09-20T00:00:00.000Z'),
    );
    expect(term.kept.reviews[0]).not.toHaveProperty('aspirations');
    expect(term.kept.reviews[0]).not.toHaveProperty('difficulties');
    expect(term.kept.followUps![0]).toMatchObject({ status: 'closed', note: null, action: 'Bố trí nhà ở' });
    const shown = withTextsFromHistory(term.kept, term.events);
    expect(shown.reviews[0]).toMatchObject({ aspirations: 'Được về gần nhà', difficulties: 'Đường xa' });
    expect(shown.followUps![0]).toMatchObject({ status: 'closed', note: 'Đã bố trí nhà công vụ' });
  });
});

describe('the size of a case', () => {
  it('counts UTF-8 bytes as JSON carries them', () => {
    for (const text of ['', 'abc', 'Đặng Văn Khoa', 'ộ'.repeat(10), '😀 và 𝄞', 'a\uD800b']) expect(utf8Bytes(text)).toBe(Buffer.byteLength(text, 'utf8'));
    const state = initialCaseState(input);
    expect(caseStateBytes(state)).toBe(Buffer.byteLength(JSON.stringify(state), 'utf8'));
  });

  it('refuses a step that grows a case past the bound, never one that shrinks it', () => {
    const small = initialCaseState(input);
    const huge = { ...small, reason: 'ộ'.repeat(MAX_CASE_STATE_BYTES / 3) };
    expect(() => requireWithinCaseSize(small, small)).not.toThrow();
    expect(() => requireWithinCaseSize(small, huge)).toThrow(Refusal);
    expect(() => requireWithinCaseSize(huge, { ...huge, reason: huge.reason.slice(1) })).not.toThrow();
  });

  it('makes texts accepted before the text rules storable', () => {
    expect(storable({ note: 'a\u0000b', list: ['x\uD800', 'Đặng 😀'], n: 1, none: null })).toEqual({ note: 'a\uFFFDb', list: ['x\uFFFD', 'Đặng 😀'], n: 1, none: null });
  });
});
