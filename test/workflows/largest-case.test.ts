// The largest case the API allows, on the time-skipping test server: every text at its longest
// in three-byte characters, every count at its limit, four consultation rounds, thirty committee
// members, the longest term with its extensions and a review every three months. Its state, and
// every answer of every step, stay under MAX_CASE_STATE_BYTES, since the texts of finished steps
// leave the state.
import type { UpdateDefinition } from '@temporalio/client';
import { utf8Bytes } from '../../domain/case-size';
import { COUNT_LIMITS, MAX_CASE_STATE_BYTES, TEXT_LIMITS } from '../../domain/limits';
import { addDays, localDate } from '../../domain/calendar';
import { yearlyEvaluationsOpen } from '../../domain/evaluations';
import { type Actor, CONCERN_TYPES, type CaseState, type EvaluationKind, PARTIES, type TermEndDecisionInput } from '../../domain/types';
import * as messages from '../../workflows/definitions';
import { type CaseUnderTest, DECIDING_UNIT, WorkflowTestbed, eventually, mockActivities, organizer, reviewer, secretary, testbedPerFile } from './harness';

let testbed: WorkflowTestbed;
testbedPerFile((started) => (testbed = started));

/** `length` characters of three bytes each in UTF-8. */
const text = (length: number): string => 'ộ'.repeat(length);
const committee: Actor[] = Array.from({ length: COUNT_LIMITS.committeeMembers }, (_, i) => ({ userId: `u-member-${i + 1}`, username: `uy.vien.${i + 1}` }));
const owner: Actor = { userId: 'u-owner', username: 'chu.tri.viec' };
const ms = (instant: string): number => Date.parse(instant);

test('the largest case stays under the bound in its state and in every answer', async () => {
  let largest = 0;
  const measured = (state: CaseState): CaseState => {
    const bytes = utf8Bytes(JSON.stringify(state));
    largest = Math.max(largest, bytes);
    expect(bytes).toBeLessThan(MAX_CASE_STATE_BYTES);
    return state;
  };

  await testbed.withCase(
    async (c: CaseUnderTest) => {
      const update = async <I>(definition: UpdateDefinition<CaseState, [I]>, input: I): Promise<CaseState> => measured(await c.handle.executeUpdate(definition, { args: [input] }));

      // Four rounds of consultation: three returns, then the endorsement by thirty members.
      const concerns = CONCERN_TYPES.slice(0, COUNT_LIMITS.concerns).map((type) => ({ type, note: text(TEXT_LIMITS.concernNote) }));
      const resolutions = [...PARTIES, ...PARTIES].map((party) => ({ party, note: text(TEXT_LIMITS.resolutionNote) }));
      for (let round = 1; round <= COUNT_LIMITS.appraisalReturns + 1; round++) {
        for (const party of PARTIES) {
          await update(messages.recordConsultation, { party, outcome: 'object', concerns, note: text(TEXT_LIMITS.note), actor: organizer });
        }
        const last = round > COUNT_LIMITS.appraisalReturns;
        await update(messages.appraise, {
          outcome: last ? 'endorse' : 'return',
          note: text(TEXT_LIMITS.note),
          resolutions,
          committee: last ? { unitId: DECIDING_UNIT, memberUserIds: committee.map((m) => m.userId) } : null,
          actor: organizer,
        });
      }
      // Every member votes: fourteen against, then sixteen for, which passes.
      for (const [i, member] of committee.entries()) {
        await update(messages.castVote, { vote: i < 14 ? 'against' : 'for', note: text(TEXT_LIMITS.voteNote), voterCadreId: null, actor: member });
      }
      const effectiveDate = await c.dateInDays(0);
      await update(messages.signDecision, {
        decisionNumber: text(TEXT_LIMITS.reference),
        signedAt: new Date(await c.now()).toISOString(),
        effectiveDate,
        actor: secretary,
      });
      await eventually(async () => (await c.state()).status === 'active');
      // The support is not what this case measures, and the test server ends a workflow ten years
      // after its start unless told otherwise (and stops skipping time when it does): ended here,
      // it does not outlive that limit during the longest term.
      await testbed.endSupport(c.input.id);

      // The term: a review every three months, five follow-ups at each until sixty, each closed;
      // extended to the longest term, then ended.
      const endings: Omit<TermEndDecisionInput, 'actor'>[] = [
        { outcome: 'extend', extendMonths: 24 },
        { outcome: 'extend', extendMonths: 24 },
        { outcome: 'extend', extendMonths: 12 },
        { outcome: 'return' },
      ];
      let reached = 0;
      for (let state = measured(await c.state()); state.status === 'active';) {
        const next = state.reviews.find((r) => !r.doneAt);
        if (next && ms(next.dueAt) < ms(state.termEndsAt!)) {
          await c.sleepUntil(next.dueAt);
          const heldAt = new Date(await c.now()).toISOString();
          const room = COUNT_LIMITS.followUpsPerCase - (state.followUps ?? []).length;
          const followUps = Array.from({ length: Math.min(COUNT_LIMITS.followUpsPerReview, room) }, () => ({
            action: text(TEXT_LIMITS.followUpAction),
            ownerUserId: owner.userId,
            dueDate: localDate(addDays(heldAt, 30)),
          }));
          state = await update(messages.submitReview, {
            seq: next.seq,
            heldAt,
            rating: 'good',
            aspirations: text(TEXT_LIMITS.reviewText),
            difficulties: text(TEXT_LIMITS.reviewText),
            followUps,
            actor: reviewer,
          });
          for (const f of state.followUps!.filter((f) => f.status === 'open')) {
            state = await update(messages.closeFollowUp, { followUpId: f.id, note: text(TEXT_LIMITS.followUpNote), actor: owner });
          }
        } else {
          await c.sleepUntil(state.termEndsAt!);
          await eventually(async () => Boolean((await c.state()).termEndReachedAt));
          // Each term end: the yearly evaluations of the years passed, then the closing ones, every text at its longest.
          const evaluation = (kind: EvaluationKind, actor: Actor = organizer) =>
            update(messages.recordEvaluation, { kind, rating: 'excellent', text: text(TEXT_LIMITS.evaluationText), actor });
          for (const _year of yearlyEvaluationsOpen(state).filter((d) => ms(d.dueAt) <= ms(state.termEndsAt!))) await evaluation('yearly');
          await evaluation('self_review');
          await evaluation('receiving_unit', reviewer);
          await evaluation('conclusion');
          state = await update(messages.decideTermEnd, { ...endings[reached++], actor: organizer });
        }
      }

      const final = measured(await c.handle.result());
      expect(final).toMatchObject({ status: 'completed', termMonths: 60, extensions: [24, 24, 12], round: COUNT_LIMITS.appraisalReturns + 1 });
      expect(final.reviews).toHaveLength(39);
      expect(final.followUps).toHaveLength(COUNT_LIMITS.followUpsPerCase);
      expect(final.votes!.ballots).toHaveLength(COUNT_LIMITS.committeeMembers);
      // Nine yearly evaluations over 120 months, and three closing ones at each of the four term ends.
      expect(final.evaluations).toHaveLength(9 + 4 * 3);
      // Everything said is in the history the projection wrote.
      expect(c.projected('review_recorded').every((e) => e.detail.aspirations === text(TEXT_LIMITS.reviewText))).toBe(true);
      expect(c.projected('follow_up_closed')).toHaveLength(COUNT_LIMITS.followUpsPerCase);
      for (const { state } of c.projections()) expect(utf8Bytes(JSON.stringify(state))).toBeLessThan(MAX_CASE_STATE_BYTES);
      console.info(`largest state or answer of the largest case: ${largest} bytes of ${MAX_CASE_STATE_BYTES}`);
    },
    mockActivities(),
    { termMonths: 60, reviewIntervalMonths: 3, reason: text(TEXT_LIMITS.reason), position: text(TEXT_LIMITS.position) },
  );
}, 600_000);
