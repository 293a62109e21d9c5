// One workflow per rotation case: it holds the case, takes each human step as a validated
// Update, writes every change through idempotent activities, and activates the case on its
// effective date. Deterministic code only: no I/O, no Node built-ins.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  type defineUpdate,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import * as transitions from '../domain/rotation-case';
import { Refusal } from '../domain/rules';
import { ENDED_STATUSES, FAILURE_TYPES, type CaseInput, type CaseState } from '../domain/types';
import * as messages from './definitions';

const { projectCase, takeUpPost } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  // Activities are idempotent: retry until the database is back, never more than a minute apart.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

type Transition = transitions.Transition;
type Step = (state: CaseState, now: string) => Transition;
type CaseUpdate<I> = ReturnType<typeof defineUpdate<CaseState, [I]>>;

interface Change {
  transition: Transition;
  at: string;
}

export async function rotationCaseWorkflow(input: CaseInput): Promise<CaseState> {
  const rotation = new CaseKeeper(transitions.initialCaseState(input));
  acceptHumanSteps(rotation);

  await condition(() => rotation.state.status === 'decided' || rotation.ended);
  if (await waitForEffectiveDate(rotation)) await activateCase(rotation);

  // While active: periodic reviews, support, the end of the term and termination come with later issues.
  await condition(() => rotation.ended);
  await condition(allHandlersFinished);
  return rotation.state;
}

/** The case as this workflow holds it, and the ordered queue of its writes to the database. */
class CaseKeeper {
  private writes: Promise<void> = Promise.resolve();

  constructor(public state: CaseState) {}

  get ended(): boolean {
    return ENDED_STATUSES.includes(this.state.status);
  }

  /** Applies a step at once, so any message handled after this one sees the new state. */
  change(step: Step): Change {
    const at = now();
    const transition = refusingAsFailure(() => step(this.state, at));
    this.state = transition.state;
    return { transition, at };
  }

  /** Runs the change's side effect, then projects it, after every earlier change has been written. */
  persist({ transition, at }: Change, sideEffect?: () => Promise<void>): Promise<void> {
    const { state, event } = transition;
    const written = this.writes.then(async () => {
      await sideEffect?.();
      await projectCase({ state, event: { seq: state.version, at, ...event } });
    });
    // A failed write is reported to its own caller and must not hold back the later ones.
    this.writes = written.catch(() => undefined);
    return written;
  }
}

function acceptHumanSteps(rotation: CaseKeeper): void {
  setHandler(messages.getCase, () => rotation.state);
  acceptStep(rotation, messages.recordConsultation, transitions.recordConsultation);
  acceptStep(rotation, messages.appraise, transitions.appraise);
  acceptStep(rotation, messages.castVote, transitions.castVote);
  acceptStep(rotation, messages.signDecision, transitions.signDecision);
  acceptStep(rotation, messages.withdraw, transitions.withdraw);
}

/**
 * The validator refuses a step before anything is recorded; the handler applies it for real,
 * since the case may have moved on between the two, and answers the case after this step.
 */
function acceptStep<I>(
  rotation: CaseKeeper,
  update: CaseUpdate<I>,
  transition: (state: CaseState, input: I, now: string) => Transition,
): void {
  setHandler(
    update,
    async (input: I) => {
      const change = rotation.change((state, at) => transition(state, input, at));
      await rotation.persist(change);
      return change.transition.state;
    },
    {
      validator: (input: I) => {
        refusingAsFailure(() => transition(rotation.state, input, now()));
      },
    },
  );
}

/** Sleeps until the case's effective date begins; false when the case left `decided` first. */
async function waitForEffectiveDate(rotation: CaseKeeper): Promise<boolean> {
  for (;;) {
    if (rotation.state.status !== 'decided') return false;
    const remainingMs = Date.parse(transitions.activationInstant(rotation.state)) - Date.now();
    if (remainingMs <= 0) return true;
    await condition(() => rotation.state.status !== 'decided', remainingMs);
  }
}

/** The case becomes active at once, which closes withdrawal; the post and the projection follow in order. */
async function activateCase(rotation: CaseKeeper): Promise<void> {
  const change = rotation.change(transitions.activate);
  const { id, cadreId, toUnitId, position, retainedPosition } = change.transition.state;
  await rotation.persist(change, () => takeUpPost({ caseId: id, cadreId, toUnitId, position, retainedPosition }));
}

/** Runs a domain transition; a Refusal becomes the typed failure the API maps to 403/409/422. */
function refusingAsFailure<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    throw ApplicationFailure.create({
      type: FAILURE_TYPES[err.kind],
      message: err.message,
      nonRetryable: true,
      details: [{ path: err.path }],
    });
  }
}

function now(): string {
  return new Date().toISOString();
}
