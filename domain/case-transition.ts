// What every transition of a case shares: the next state with its history entry, the status
// check that makes a step a 409 in the wrong status, and the fields an ending sets.
import { Refusal } from './rules';
import type { Actor, CaseState, CaseStatus } from './types';

export interface Transition {
  state: CaseState;
  event: { action: string; actor: Actor | null; detail: Record<string, unknown> };
}

export function requireStatus(state: CaseState, action: string, ...allowed: readonly CaseStatus[]): void {
  if (!allowed.includes(state.status)) {
    throw new Refusal('conflict', `${action} is not allowed while the case is ${state.status} (allowed: ${allowed.join(', ')})`);
  }
}

/** The state with `changes`, one version on. */
export function next(state: CaseState, changes: Partial<CaseState>): CaseState {
  return { ...state, ...changes, version: state.version + 1 };
}

export function ended(status: CaseStatus, now: string, reason: string): Partial<CaseState> {
  return { status, endedAt: now, endReason: reason, stepDueAt: null };
}
