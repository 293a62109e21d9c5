// One workflow per rotation case: it holds the case, takes each human step as a validated
// Update, writes every change through idempotent activities, starts the case's support once the
// decision is signed, and activates the case on its effective date. Deterministic code only: no
// I/O, no Node built-ins.
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  type defineUpdate,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import * as transitions from '../domain/rotation-case';
import { ENDED_STATUSES, type CaseInput, type CaseState, supportWorkflowIdFor } from '../domain/types';
import { OrderedWrites, WRITE_OPTIONS, now, refusingAsFailure } from './common';
import * as messages from './definitions';
import { supportWorkflow } from './support';

const { projectCase, takeUpPost } = proxyActivities<CaseActivities>(WRITE_OPTIONS);

/** Cases decided on code from before relocation support replay without it. */
const SUPPORT_PATCH = 'support-workflow';

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
  const supported = rotation.state.status === 'decided' && patched(SUPPORT_PATCH);
  if (supported) await startSupport(rotation.state);
  if (await waitForEffectiveDate(rotation)) await activateCase(rotation);

  // While active: periodic reviews, the end of the term and termination come with later issues.
  await condition(() => rotation.ended);
  if (supported) await stopSupport(rotation.state);
  await condition(allHandlersFinished);
  return rotation.state;
}

/** The case as this workflow holds it, and the ordered queue of its writes to the database. */
class CaseKeeper {
  private readonly writes = new OrderedWrites();

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
    return this.writes.enqueue(async () => {
      await sideEffect?.();
      await projectCase({ state, event: { seq: state.version, at, ...event } });
    });
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

/**
 * The support runs as a workflow of its own, which outlives the case while payments already due
 * are unpaid; the case tells it when it ends rather than taking it down with it.
 */
async function startSupport(state: CaseState): Promise<void> {
  await startChild(supportWorkflow, {
    workflowId: supportWorkflowIdFor(state.id),
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [
      {
        caseId: state.id,
        cadreId: state.cadreId,
        signedAt: state.decision!.signedAt,
        effectiveDate: state.effectiveDate!,
        termMonths: state.termMonths,
        distanceKm: state.distanceKm,
        officialHousing: state.officialHousing,
      },
    ],
  });
}

async function stopSupport(state: CaseState): Promise<void> {
  try {
    await getExternalWorkflowHandle(supportWorkflowIdFor(state.id)).signal(messages.stopSupport, { at: state.endedAt!, reason: state.endReason ?? state.status });
  } catch (err) {
    // Only a support workflow that has already ended (no policy) refuses the signal.
    log.info('support workflow not stopped', { caseId: state.id, error: String(err) });
  }
}
