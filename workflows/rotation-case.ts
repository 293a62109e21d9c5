// One workflow per rotation case: it holds the case, takes each human step as a validated
// Update, writes every change through idempotent activities, starts the case's support once the
// decision is signed, activates the case on its effective date and then runs its term: review
// reminders and escalations on durable timers, follow-ups, the end of the term. A long term
// continues as new, carrying the case, so no run's history grows without bound. Deterministic
// code only: no I/O, no Node built-ins.
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
  type defineUpdate,
} from '@temporalio/workflow';
import type { CaseActivities, SettlePostsInput } from '../activities';
import { caseNotifications } from '../domain/case-notifications';
import * as transitions from '../domain/rotation-case';
import * as term from '../domain/term';
import { ENDED_STATUSES, type CaseInput, type CaseState, supportWorkflowIdFor } from '../domain/types';
import { OrderedWrites, WRITE_OPTIONS, now, refusingAsFailure } from './common';
import * as messages from './definitions';
import { notifyAndDeliver } from './notify';
import { supportWorkflow } from './support';

const { projectCase, takeUpPost, settlePosts } = proxyActivities<CaseActivities>(WRITE_OPTIONS);

/** Cases decided on code from before relocation support replay without it. */
const SUPPORT_PATCH = 'support-workflow';
/** Cases activated on code from before the term was run replay without its timers. */
const TERM_PATCH = 'term-reviews';
/** Steps taken on code from before notifications replay without them. */
const NOTIFY_PATCH = 'case-notifications';
/** A run of the term continues as new once its history is this long (or the server suggests it). */
export const TERM_HISTORY_LIMIT = 500;

/** What a run of the term hands to the next one when it continues as new. */
export interface CaseResume {
  state: CaseState;
  /** The case's support workflow was started. */
  supported: boolean;
}

type Transition = transitions.Transition;
type Step = (state: CaseState, now: string) => Transition;
type CaseUpdate<I> = ReturnType<typeof defineUpdate<CaseState, [I]>>;

interface Change {
  before: CaseState;
  transition: Transition;
  at: string;
}

export async function rotationCaseWorkflow(input: CaseInput, resume?: CaseResume): Promise<CaseState> {
  const rotation = new CaseKeeper(resume?.state ?? transitions.initialCaseState(input), resume?.supported ?? false);
  acceptHumanSteps(rotation);

  if (!resume) {
    rotation.announce(null, rotation.state);
    await condition(() => rotation.state.status === 'decided' || rotation.ended);
    rotation.supported = rotation.state.status === 'decided' && patched(SUPPORT_PATCH);
    if (rotation.supported) await startSupport(rotation.state);
    if (await waitForEffectiveDate(rotation)) await activateCase(rotation);
  }
  if (rotation.state.status === 'active' && (resume !== undefined || patched(TERM_PATCH))) {
    await runTerm(rotation, input);
  }

  await condition(() => rotation.ended);
  if (rotation.supported) await endSupport(rotation.state);
  await rotation.settled();
  return rotation.state;
}

/** The case as this workflow holds it, and the ordered queue of its writes to the database. */
class CaseKeeper {
  private readonly writes = new OrderedWrites();

  constructor(
    public state: CaseState,
    public supported: boolean,
  ) {}

  get ended(): boolean {
    return ENDED_STATUSES.includes(this.state.status);
  }

  /** Applies a step at once, so any message handled after this one sees the new state. */
  change(step: Step): Change {
    const at = now();
    const before = this.state;
    const transition = refusingAsFailure(() => step(this.state, at));
    this.state = transition.state;
    return { before, transition, at };
  }

  /**
   * Runs the change's side effect, then projects it, after every earlier change has been
   * written; the notifications it calls for follow, without holding up the caller.
   */
  persist({ before, transition, at }: Change, sideEffect?: () => Promise<void>): Promise<void> {
    const { state, event } = transition;
    const written = this.writes.enqueue(async () => {
      await sideEffect?.();
      await projectCase({ state, event: { seq: state.version, at, ...event } });
    });
    this.announce(before, state);
    return written;
  }

  /** Queues the notifications of a change; a failure is logged, never thrown into the case. */
  announce(before: CaseState | null, after: CaseState): void {
    const notices = caseNotifications(before, after);
    if (notices.length === 0 || !patched(NOTIFY_PATCH)) return;
    this.writes
      .enqueue(async () => {
        for (const notice of notices) await notifyAndDeliver(notice);
      })
      .catch((err: unknown) => log.warn('notifications not written', { caseId: after.id, error: String(err) }));
  }

  /** Every write done and every handler finished: the run may end or continue as new. */
  async settled(): Promise<void> {
    for (;;) {
      await this.writes.drained();
      await condition(allHandlersFinished);
      if (this.writes.idle) return;
    }
  }
}

function acceptHumanSteps(rotation: CaseKeeper): void {
  setHandler(messages.getCase, () => rotation.state);
  acceptStep(rotation, messages.recordConsultation, transitions.recordConsultation);
  acceptStep(rotation, messages.appraise, transitions.appraise);
  acceptStep(rotation, messages.castVote, transitions.castVote);
  acceptStep(rotation, messages.signDecision, transitions.signDecision);
  acceptStep(rotation, messages.withdraw, transitions.withdraw);
  acceptStep(rotation, messages.submitReview, term.submitReview);
  acceptStep(rotation, messages.closeFollowUp, term.closeFollowUp);
  acceptStep(rotation, messages.decideContinuation, term.decideContinuation, settleAfterEnd);
  acceptStep(rotation, messages.terminate, term.terminate, settleAfterEnd);
  acceptStep(rotation, messages.decideTermEnd, term.decideTermEnd, (state) => afterTermEnd(rotation, state));
}

/**
 * The validator refuses a step before anything is recorded; the handler applies it for real,
 * since the case may have moved on between the two, and answers the case after this step.
 * `sideEffect` runs before the step is projected, with the state after it.
 */
function acceptStep<I>(
  rotation: CaseKeeper,
  update: CaseUpdate<I>,
  transition: (state: CaseState, input: I, now: string) => Transition,
  sideEffect?: (state: CaseState) => (() => Promise<void>) | undefined,
): void {
  setHandler(
    update,
    async (input: I) => {
      const change = rotation.change((state, at) => transition(state, input, at));
      await rotation.persist(change, sideEffect?.(change.transition.state));
      return change.transition.state;
    },
    {
      validator: (input: I) => {
        refusingAsFailure(() => transition(rotation.state, input, now()));
      },
    },
  );
}

/** A term that ended or was cut short moves the cadre's posts; an extension extends the support. */
function afterTermEnd(rotation: CaseKeeper, state: CaseState): (() => Promise<void>) | undefined {
  if (state.termEnd?.outcome !== 'extend') return settleAfterEnd(state);
  const months = state.termEnd.extendMonths!;
  if (!rotation.supported) return undefined;
  return () => signalSupport(state, () => getExternalWorkflowHandle(supportWorkflowIdFor(state.id)).signal(messages.extendSupport, { months }));
}

/** Once an active case ends, the cadre leaves the receiving post: back home, or to the post appointed. */
function settleAfterEnd(state: CaseState): (() => Promise<void>) | undefined {
  if (state.status !== 'completed' && state.status !== 'terminated') return undefined;
  const outcome: SettlePostsInput['outcome'] = state.status === 'terminated' ? 'terminate' : state.termEnd!.outcome === 'appoint' ? 'appoint' : 'return';
  const settlement: SettlePostsInput = {
    caseId: state.id,
    cadreId: state.cadreId,
    rotationPost: { unitId: state.toUnitId, position: state.position },
    retainedPosition: state.retainedPosition,
    outcome,
    ...(outcome === 'appoint' ? { appointedTo: state.termEnd!.appointedTo! } : {}),
  };
  return () => settlePosts(settlement);
}

/**
 * The term, event by event: each reminder, escalation and the term end fires at its instant,
 * and human steps in between move the schedule. Returns once the case has ended.
 */
async function runTerm(rotation: CaseKeeper, input: CaseInput): Promise<void> {
  while (!rotation.ended) {
    const [upcoming] = term.pendingTermEvents(rotation.state, now());
    if (upcoming && Date.parse(upcoming.at) <= Date.now()) {
      await rotation.persist(rotation.change((state, at) => term.fireTermEvent(state, upcoming, at)));
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= TERM_HISTORY_LIMIT) {
      await rotation.settled();
      if (rotation.ended) return;
      await continueAsNew<typeof rotationCaseWorkflow>(input, { state: rotation.state, supported: rotation.supported });
    }
    const version = rotation.state.version;
    const moved = () => rotation.state.version !== version;
    if (upcoming) await condition(moved, Date.parse(upcoming.at) - Date.now());
    else await condition(moved);
  }
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

/** A case cut short stops its support; a completed term lets it run until what is owed is paid. */
async function endSupport(state: CaseState): Promise<void> {
  const supportOfCase = getExternalWorkflowHandle(supportWorkflowIdFor(state.id));
  await signalSupport(state, () =>
    state.status === 'completed'
      ? supportOfCase.signal(messages.supportCaseCompleted, { at: state.endedAt! })
      : supportOfCase.signal(messages.stopSupport, { at: state.endedAt!, reason: state.endReason ?? state.status }),
  );
}

async function signalSupport(state: CaseState, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (err) {
    // Only a support workflow that has already ended (no policy) refuses the signal.
    log.info('support workflow not signalled', { caseId: state.id, error: String(err) });
  }
}
