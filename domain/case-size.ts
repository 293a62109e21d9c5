// How big a case's state is, and how it is kept small: the texts of finished steps leave the
// state the workflow carries, since the case's history (written with each step) keeps them and
// the case view shows them from there. Pure.
import { Refusal } from './refusal';
import { refusalText } from './refusal-texts';
import { MAX_CASE_STATE_BYTES } from './limits';
import type { CaseState } from './types';

/**
 * The state without the texts of finished steps: earlier rounds' consultation and concern notes,
 * done reviews' aspirations and difficulties, closed follow-ups' closing notes, evaluations' texts.
 */
export function withoutFinishedTexts(state: CaseState): CaseState {
  return {
    ...state,
    earlierConsultations: state.earlierConsultations.map((c) => ({ ...c, note: '', concerns: c.concerns.map(({ type }) => ({ type, note: '' })) })),
    reviews: state.reviews.map((r) => {
      if (!r.doneAt) return r;
      const { aspirations: _aspirations, difficulties: _difficulties, ...done } = r;
      return done;
    }),
    ...(state.followUps ? { followUps: state.followUps.map((f) => (f.status === 'closed' ? { ...f, note: null } : f)) } : {}),
    ...(state.evaluations ? { evaluations: state.evaluations.map(({ text: _text, ...evaluation }) => evaluation) } : {}),
  };
}

/** Bytes of UTF-8 in `text`, as Temporal's JSON payloads carry it. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The case's state in bytes of JSON. */
export function caseStateBytes(state: CaseState): number {
  return utf8Bytes(JSON.stringify(state));
}

/** A step may not grow a case beyond MAX_CASE_STATE_BYTES; one that shrinks it always may. */
export function requireWithinCaseSize(before: CaseState, after: CaseState): void {
  const size = caseStateBytes(after);
  if (size > MAX_CASE_STATE_BYTES && size > caseStateBytes(before)) {
    throw new Refusal('rule', refusalText('case_too_large', { size, max: MAX_CASE_STATE_BYTES }));
  }
}
