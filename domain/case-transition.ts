// What every transition of a case shares: the next state with its history entry, the status
// check that makes a step a 409 in the wrong status, and the fields an ending sets.
import { Refusal } from './refusal';
import type { Actor, CaseState, CaseStatus, DelegatedStep, OnBehalfOf } from './types';
import { refusalText } from './refusal-texts';

export interface Transition {
  state: CaseState;
  event: { action: string; actor: Actor | null; onBehalfOf?: OnBehalfOf | null; detail: Record<string, unknown> };
}

/**
 * The step taken by a delegate: its history entry names the delegator as onBehalfOf, unless it
 * already names someone (the cadre whose answer an organizer records).
 */
export function onBehalfOfDelegator(transition: Transition, input: DelegatedStep): Transition {
  if (!input.delegator || transition.event.onBehalfOf) return transition;
  return { ...transition, event: { ...transition.event, onBehalfOf: input.delegator } };
}

export function requireStatus(state: CaseState, action: string, ...allowed: readonly CaseStatus[]): void {
  if (!allowed.includes(state.status)) {
    throw new Refusal('conflict', refusalText('step_not_allowed', { action, status: state.status, allowed: allowed.join(', ') }));
  }
}

/** The state with `changes`, one version on. */
export function next(state: CaseState, changes: Partial<CaseState>): CaseState {
  return { ...state, ...changes, version: state.version + 1 };
}

/**
 * A post kept for a cadre away on another rotation case (`retainedFor`, as the API found it) is
 * not given to this one: a rule refusal naming `position`.
 */
export function requirePostNotRetained(state: CaseState, retainedFor: string | null | undefined, post: string, refused: string): void {
  if (retainedFor && retainedFor !== state.id) {
    throw new Refusal('rule', refusalText('post_kept', { post, caseId: retainedFor, refused }), 'position');
  }
}

export function ended(status: CaseStatus, now: string, reason: string): Partial<CaseState> {
  return { status, endedAt: now, endReason: reason, stepDueAt: null };
}
