import { withTextsFromHistory } from '../../api/case-view';
import { withoutFinishedTexts } from '../../domain/case-size';
import { admitEvaluation, admitTermEnd } from '../../domain/admission';
import { upgradeCaseState, type StoredCaseState } from '../../domain/case-upgrade';
import { caseNotifications } from '../../domain/case-notifications';
import { CLOSING_EVALUATIONS_RULE, missingClosingEvaluations, recordEvaluation, requireClosingEvaluations, yearlyEvaluationsDue } from '../../domain/evaluations';
import { withdraw } from '../../domain/rotation-case';
import { decideTermEnd, fireTermEvent } from '../../domain/term';
import type { CaseState, EvaluationInput } from '../../domain/types';
import { CLOSING_EVALUATIONS, caseAt, communeScript, organizer, refusalOf, termScript, withClosingEvaluations } from '../support/domain-fixtures';

// The term case of the shared fixtures: 12 months effective 31 Jan 2026, sent by D1 to C11 (no yearly evaluation: the conclusion covers its year).
const AT = '2026-06-01T03:00:00.000Z';
const TERM_END = '2027-01-30T17:00:00.000Z';
const AFTER_END = '2027-02-01T03:00:00.000Z';
const active = (): CaseState => caseAt('active', termScript);
const atTermEnd = (): CaseState => fireTermEvent(active(), { kind: 'term_end', at: TERM_END }, TERM_END).state;
const yearly: EvaluationInput = { kind: 'yearly', rating: 'excellent', text: 'Hoàn thành xuất sắc nhiệm vụ năm thứ nhất', actor: organizer };

describe('yearly evaluations', () => {
  // 36 months effective 15 Mar 2026, sent by C11 to C12: years 1 and 2 before the term end; the conclusion covers the third.
  const long = (): CaseState => caseAt('active', communeScript(36));

  it('fall due at each anniversary before the term ends, extensions included', () => {
    expect(yearlyEvaluationsDue(long()).map((d) => [d.year, d.dueAt])).toEqual([
      [1, '2027-03-14T17:00:00.000Z'],
      [2, '2028-03-14T17:00:00.000Z'],
    ]);
    expect(yearlyEvaluationsDue({ ...long(), extensions: [12] })).toHaveLength(3);
    expect(yearlyEvaluationsDue(active())).toEqual([]);
    expect(yearlyEvaluationsDue(caseAt('decided', communeScript(36)))).toHaveLength(2);
  });

  it('each covers the next year not evaluated, until every year of the term is (409)', () => {
    const t = recordEvaluation(long(), yearly, AT);
    expect(t.state.evaluations).toEqual([{ kind: 'yearly', rating: 'excellent', text: yearly.text, year: 1, recordedAt: AT, recordedBy: organizer }]);
    expect(t.event).toEqual({ action: 'evaluation_recorded', actor: organizer, detail: { kind: 'yearly', rating: 'excellent', text: yearly.text, year: 1 } });
    const both = recordEvaluation(t.state, { ...yearly, rating: 'good' }, AT).state;
    expect(both.evaluations.map((e) => [e.year, e.rating])).toEqual([
      [1, 'excellent'],
      [2, 'good'],
    ]);
    expect(refusalOf(() => recordEvaluation(both, yearly, AT))).toMatchObject({ kind: 'conflict', message: 'every yearly evaluation of the term is recorded (2)' });
  });

  it('tell the organizers of the sending unit, by year and rating', () => {
    const before = long();
    const after = recordEvaluation(before, yearly, AT).state;
    expect(caseNotifications(before, after)).toEqual([
      {
        key: 'case-1:evaluation:yearly:1',
        rotationId: 'case-1',
        kind: 'evaluation_recorded',
        params: { cadreId: 'cadre-1', unitId: 'C12', year: 1, rating: 'excellent' },
        audience: { roles: [{ role: 'organizer', unitIds: ['C11'] }] },
      },
    ]);
    const closing = recordEvaluation(before, CLOSING_EVALUATIONS[1], AT).state;
    expect(caseNotifications(before, closing)).toEqual([]);
  });
});

describe('recording an evaluation', () => {
  it('is only while the case is active (409)', () => {
    expect(refusalOf(() => recordEvaluation(caseAt('decided', termScript), CLOSING_EVALUATIONS[2], AT)).kind).toBe('conflict');
    const withdrawn = withdraw(caseAt('decided', termScript), { reason: 'Ốm', actor: organizer }, AT).state;
    expect(refusalOf(() => recordEvaluation(withdrawn, CLOSING_EVALUATIONS[2], AT)).kind).toBe('conflict');
  });

  it('refuses an unknown kind or rating, an empty text and a behalf other than the self-review, naming the field (422)', () => {
    expect(refusalOf(() => recordEvaluation(active(), { ...yearly, kind: 'monthly' as never }, AT))).toMatchObject({ kind: 'rule', path: 'kind' });
    expect(refusalOf(() => recordEvaluation(active(), { ...yearly, kind: 'conclusion', rating: 'completed' as never }, AT))).toMatchObject({ kind: 'rule', path: 'rating' });
    expect(refusalOf(() => recordEvaluation(active(), { ...CLOSING_EVALUATIONS[2], text: '  ' }, AT))).toMatchObject({ kind: 'rule', path: 'text' });
    expect(refusalOf(() => recordEvaluation(active(), { ...CLOSING_EVALUATIONS[2], onBehalfOf: CLOSING_EVALUATIONS[0].onBehalfOf }, AT))).toMatchObject({
      kind: 'rule',
      path: 'kind',
    });
  });

  it('keeps whom an organizer wrote the self-review for, in the case and its history', () => {
    const t = recordEvaluation(active(), CLOSING_EVALUATIONS[0], AT);
    expect(t.state.evaluations[0]).toMatchObject({ kind: 'self_review', recordedBy: organizer, onBehalfOf: CLOSING_EVALUATIONS[0].onBehalfOf });
    expect(t.event.onBehalfOf).toEqual(CLOSING_EVALUATIONS[0].onBehalfOf);
  });

  it('records each closing evaluation once a term (409)', () => {
    const once = recordEvaluation(active(), CLOSING_EVALUATIONS[1], AT).state;
    expect(refusalOf(() => recordEvaluation(once, CLOSING_EVALUATIONS[1], AT))).toMatchObject({
      kind: 'conflict',
      message: 'the receiving_unit evaluation of this term is already recorded',
    });
  });

  it('admits at most the evaluations a case may hold (422)', () => {
    const full = {
      ...active(),
      evaluations: Array.from({ length: 24 }, () => ({ kind: 'conclusion' as const, rating: 'good' as const, text: 'Tốt', recordedAt: AT, recordedBy: organizer })),
    };
    expect(refusalOf(() => admitEvaluation(full, yearly))).toMatchObject({ kind: 'rule', path: 'kind' });
  });
});

describe('the term-end decision waits for the closing evaluations', () => {
  it('refuses a return or an appointment naming closing_evaluations_missing and the evaluations missing (422)', () => {
    const partly = recordEvaluation(atTermEnd(), CLOSING_EVALUATIONS[1], AFTER_END).state;
    for (const input of [{ outcome: 'return' as const }, { outcome: 'appoint' as const, position: 'Chủ tịch UBND xã' }]) {
      expect(refusalOf(() => admitTermEnd(partly, { ...input, actor: organizer }))).toMatchObject({
        kind: 'rule',
        rule: CLOSING_EVALUATIONS_RULE,
        path: 'outcome',
        message: 'the cadre is placed once the closing evaluations are recorded: missing self_review, conclusion',
      });
    }
    expect(() => admitTermEnd(withClosingEvaluations(atTermEnd(), AFTER_END), { outcome: 'return', actor: organizer })).not.toThrow();
  });

  it('lets an extension through, and then needs closing evaluations of the extended term', () => {
    const evaluated = withClosingEvaluations(atTermEnd(), AFTER_END);
    expect(() => admitTermEnd(atTermEnd(), { outcome: 'extend', extendMonths: 6, actor: organizer })).not.toThrow();
    const extended = decideTermEnd(evaluated, { outcome: 'extend', extendMonths: 6, actor: organizer }, '2027-02-02T03:00:00.000Z').state;
    expect(missingClosingEvaluations(extended)).toEqual(['self_review', 'receiving_unit', 'conclusion']);
    const newEnd = extended.termEndsAt!;
    const reached = fireTermEvent(extended, { kind: 'term_end', at: newEnd }, newEnd).state;
    expect(refusalOf(() => requireClosingEvaluations(reached, { outcome: 'return' })).rule).toBe(CLOSING_EVALUATIONS_RULE);
    expect(() => requireClosingEvaluations(withClosingEvaluations(reached, newEnd), { outcome: 'return' })).not.toThrow();
  });

  it('leaves a decision before the term end to the transition, which answers 409', () => {
    expect(() => admitTermEnd(active(), { outcome: 'return', actor: organizer })).not.toThrow();
  });
});

describe('cases from before evaluations', () => {
  it('have none', () => {
    const { evaluations: _evaluations, ...older } = active();
    expect(upgradeCaseState(older as StoredCaseState).evaluations).toEqual([]);
  });
});

describe('the texts of evaluations', () => {
  it('leave the state the workflow keeps once recorded, and are shown from the history', () => {
    const t = recordEvaluation(active(), CLOSING_EVALUATIONS[2], AT);
    const kept = withoutFinishedTexts(t.state);
    expect(kept.evaluations).toEqual([{ kind: 'conclusion', rating: 'excellent', recordedAt: AT, recordedBy: organizer }]);
    const shown = withTextsFromHistory(kept, [{ action: t.event.action, actorUserId: organizer.userId, detail: t.event.detail }]);
    expect(shown.evaluations).toEqual(t.state.evaluations);
  });
});
