// A case whose write failed for good waits for a person: it shows why and since when, takes no
// other step, and goes on once an organizer retries the write (its cause gone) or withdraws the
// case. Pure transitions, shared by the workflow and the API.
import { type Transition, next } from './case-transition';
import { Refusal } from './refusal';
import { ACTIVITY_FAILURE_TYPES, type AttentionReason, type CaseAttention, type CaseState, type RetryInput } from './types';
import { refusalText } from './refusal-texts';

/** The reason a person is asked to look at a failed write, from the failure's type. */
export function attentionReasonOf(failureType: string | undefined): AttentionReason {
  return failureType === ACTIVITY_FAILURE_TYPES.positionRetained ? 'position_retained' : 'write_refused';
}

/**
 * The case needs attention. `shown` is what the case shows meanwhile: the state as it is, or as it
 * was before a change that was taken back; `version` is the newest version the case has had.
 */
export function needAttention(shown: CaseState, attention: CaseAttention, version: number): Transition {
  return {
    state: { ...shown, attention, version: version + 1 },
    event: { action: 'attention_needed', actor: null, detail: { reason: attention.reason, source: attention.source, step: attention.step } },
  };
}

/** A case needing attention takes no step but a retry or a withdrawal. */
export function requireNoAttention(state: CaseState): void {
  const attention = state.attention;
  if (attention) {
    throw new Refusal('conflict', refusalText('attention_first', { reason: attention.reason, since: attention.since }));
  }
}

/** An organizer asks for the failed write again: the attention is cleared, and the write runs before anything else. */
export function retry(state: CaseState, input: RetryInput, _now: string): Transition {
  const attention = state.attention;
  if (!attention) throw new Refusal('conflict', refusalText('no_attention_needed'));
  return {
    state: next(state, { attention: null }),
    event: { action: 'retried', actor: input.actor, detail: { reason: attention.reason, source: attention.source, step: attention.step } },
  };
}
