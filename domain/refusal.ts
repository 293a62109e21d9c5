// Refusals of domain rules: pure, no I/O, safe inside the workflow sandbox.
import type { Wording } from './refusal-texts';
import type { RefusalKind } from './types';

/** A domain refusal: the workflow turns it into a typed ApplicationFailure, the API into 403/409/422. */
export class Refusal extends Error {
  /** The message in each language it has; `message` is its English. */
  readonly wording: Wording;

  constructor(
    readonly kind: RefusalKind,
    message: Wording,
    readonly path?: string,
    /** The rule the problem names (`own_case`, `committee_size`, ...), where one has a name. */
    readonly rule?: string,
  ) {
    super(message.en);
    this.name = 'Refusal';
    this.wording = message;
  }
}
