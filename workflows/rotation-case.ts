// One workflow per rotation case: it holds the case, takes each human step as a validated
// Update, writes every change through idempotent activities, starts the case's support once the
// decision is signed, activates the case on its effective date and then runs its term: review
// reminders and escalations on durable timers, follow-ups, the end of the term. A write that
// fails for good makes the case wait for a person (attention) instead of retrying forever. A
// long term continues as new, carrying the case without the texts of finished steps, so neither
// a run's history nor the case grows without bound. Deterministic code only: no I/O, no Node
// built-ins.
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
import * as admission from '../domain/admission';
import * as evaluations from '../domain/evaluations';
import { WEEKENDS_ONLY, type WorkingCalendar, yearsFrom } from '../domain/calendar';
import * as deadlines from '../domain/deadlines';
import { countsWorkingDays, opensStep, supportDeadlinesOf, withStepDeadlines } from '../domain/deadlines';
import { type StoredCaseState, upgradeCaseState } from '../domain/case-upgrade';
import { attentionReasonOf, needAttention, requireNoAttention, retry } from '../domain/attention';
import { attentionNotice, caseNotifications } from '../domain/case-notifications';
import { requireWithinCaseSize, withoutFinishedTexts } from '../domain/case-size';
import { addDocument, holdsDocument } from '../domain/dossier';
import { storable } from '../domain/input';
import type { NotifyInput } from '../domain/notifications';
import * as transitions from '../domain/rotation-case';
import * as term from '../domain/term';
import { onBehalfOfDelegator } from '../domain/case-transition';
import { ENDED_STATUSES, type CaseAttention, type CaseInput, type CaseState, type DelegatedStep, supportWorkflowIdFor } from '../domain/types';
import { HeldWrites, WRITE_OPTIONS, type Write, type WriteFailure, type WriteOutcome, now, refusingAsFailure } from './common';
import * as messages from './definitions';
import { notifyAndDeliver } from './notify';
import { supportWorkflow } from './support';

const { projectCase, recordAttention, takeUpPost, settlePosts, loadCalendar } = proxyActivities<CaseActivities>(WRITE_OPTIONS);

/** Cases decided on code from before relocation support replay without it. */
const SUPPORT_PATCH = 'support-workflow';
/** Cases activated on code from before the term was run replay without its timers. */
const TERM_PATCH = 'term-reviews';
/** Steps taken on code from before notifications replay without them. */
const NOTIFY_PATCH = 'case-notifications';
/** A write failing for good on code from before attention failed the step, as it replays. */
const ATTENTION_PATCH = 'write-attention';
/** Cases counting working days remind, mark overdue and escalate their steps on timers. */
const DEADLINES_PATCH = 'step-deadlines';
/** A vote decided before every member voted tells those yet to vote; older runs replay without it. */
const VOTE_CLOSED_PATCH = 'vote-closed-notice';
/** A run of the term continues as new once its history is this long (or the server suggests it). */
export const TERM_HISTORY_LIMIT = 500;

/** What a run of the term hands to the next one when it continues as new. */
export interface CaseResume {
  /** As the previous run held it: from older code, some fields may be absent. */
  state: StoredCaseState;
  /** The case's support workflow was started. */
  supported: boolean;
  /** The working calendar the case last read; absent in runs from before deadlines acted. */
  calendar?: WorkingCalendar;
}

type Transition = transitions.Transition;
type Step = (state: CaseState, now: string) => Transition;
type CaseUpdate<I> = ReturnType<typeof defineUpdate<CaseState, [I]>>;

interface Change {
  before: CaseState;
  transition: Transition;
  /** The state after the step as the case keeps it: without the texts of finished steps. */
  kept: CaseState;
  at: string;
}

/** A write of the case: the version it writes, and the state to go back to if its effect fails for good (activation). */
interface CaseWrite extends Write {
  version: number;
  undoTo?: CaseState;
}

export async function rotationCaseWorkflow(input: CaseInput, resume?: CaseResume): Promise<CaseState> {
  const rotation = new CaseKeeper(resume ? upgradeCaseState(resume.state) : transitions.initialCaseState(input), resume?.supported ?? false);
  if (countsWorkingDays(input.deadlines) && patched(DEADLINES_PATCH)) {
    rotation.countWorkingDays(resume?.calendar ?? input.calendar ?? WEEKENDS_ONLY);
    void watchDeadlines(rotation);
  }
  acceptHumanSteps(rotation);

  if (!resume) {
    rotation.announce(null, rotation.state);
    await condition(() => rotation.state.status === 'decided' || rotation.ended);
    rotation.supported = rotation.state.status === 'decided' && patched(SUPPORT_PATCH);
    if (rotation.supported) await startSupport(rotation.state, rotation.calendar);
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

/** The case as this workflow holds it, and the ordered writes of it to the database. */
class CaseKeeper {
  readonly writes = new HeldWrites<CaseWrite>((failure, write, fresh) => this.writeFailed(failure, write, fresh));

  /** The working calendar the deadlines are counted on; null while the case counts calendar days. */
  calendar: WorkingCalendar | null = null;

  constructor(
    public state: CaseState,
    public supported: boolean,
  ) {}

  countWorkingDays(calendar: WorkingCalendar): void {
    this.calendar = calendar;
  }

  /** Reads the calendar afresh before a deadline is counted, so an admin's change applies to it. */
  async refreshCalendar(): Promise<void> {
    if (!this.calendar) return;
    try {
      this.calendar = await loadCalendar({ years: yearsFrom(now()) });
    } catch (err) {
      log.warn('the working calendar was not read; deadlines are counted on the one read before', { caseId: this.state.id, error: String(err) });
    }
  }

  get ended(): boolean {
    return ENDED_STATUSES.includes(this.state.status);
  }

  /** Applies a step at once, so any message handled after this one sees the new state. */
  change(step: Step): Change {
    const at = now();
    const before = this.state;
    const stepped = refusingAsFailure(() => step(this.state, at));
    const transition = this.calendar ? { ...stepped, state: withStepDeadlines(stepped.state, at, this.calendar) } : stepped;
    this.state = withoutFinishedTexts(transition.state);
    return { before, transition, kept: this.state, at };
  }

  /**
   * Runs the change's effect, then projects it, after every earlier change has been written; the
   * notifications it calls for follow, without holding up the caller. `undoable`: a failure of
   * the effect takes the change back (the case must not claim what did not happen).
   * `resolves`: the change resolves an attention, so the held writes run again before it.
   */
  persist(
    { before, kept, at, transition }: Change,
    effect?: () => Promise<void>,
    { undoable = false, resolves = false }: { undoable?: boolean; resolves?: boolean } = {},
  ): Promise<WriteOutcome> {
    const event = { seq: kept.version, at, ...transition.event };
    const write: CaseWrite = {
      step: event.action,
      version: kept.version,
      ...(undoable ? { undoTo: before } : {}),
      ...(effect ? { effect } : {}),
      record: (again) => projectCase(again ? storable({ state: kept, event }) : { state: kept, event }),
    };
    const written = resolves ? this.writes.release(write) : this.writes.write(write);
    this.announce(before, kept);
    return written;
  }

  /** Queues the notifications of a change; a failure is logged, never thrown into the case. */
  announce(before: CaseState | null, after: CaseState): void {
    const notices = caseNotifications(before, after).filter((notice) => notice.kind !== 'vote_closed' || patched(VOTE_CLOSED_PATCH));
    if (notices.length === 0 || !patched(NOTIFY_PATCH)) return;
    void this.writes.alongside(() => tell(after, notices));
  }

  /** A write failed for good: the case needs attention, showing the state before the change if it is taken back. */
  private async writeFailed(failure: WriteFailure, write: CaseWrite, fresh: boolean): Promise<boolean> {
    if (!patched(ATTENTION_PATCH)) throw failure.error;
    const undo = fresh && failure.inEffect && write.undoTo !== undefined && write.version === this.state.version;
    log.warn('a write of the case failed for good; it waits for a person', { caseId: this.state.id, step: write.step, failure: failure.type, undone: undo });
    await this.needAttention({ reason: attentionReasonOf(failure.type), since: now(), source: 'case', step: write.step }, undo ? write.undoTo : undefined);
    return undo;
  }

  /**
   * The case shows that it needs attention and tells its organizers. Written on its own, since the
   * case's state may be what the database refused; a failure to do so is logged.
   */
  async needAttention(attention: CaseAttention, shown: CaseState = this.state): Promise<void> {
    const { state, event } = needAttention(shown, attention, this.state.version);
    this.state = state;
    try {
      await recordAttention({ caseId: state.id, attention, event: { seq: state.version, at: attention.since, ...event } });
    } catch (err) {
      log.error('the attention of the case was not recorded', { caseId: state.id, error: String(err) });
    }
    const notice = attentionNotice(state);
    if (notice) await tell(state, [notice]);
  }

  /** Every write done and every handler finished, nothing held: the run may end or continue as new. */
  async settled(): Promise<void> {
    for (;;) {
      await this.writes.drained();
      await condition(allHandlersFinished);
      await condition(() => !this.writes.holding);
      if (this.writes.idle && !this.writes.holding) return;
    }
  }
}

/** Writes notifications; a failure is logged, never thrown into the case. */
async function tell(state: CaseState, notices: readonly NotifyInput[]): Promise<void> {
  try {
    for (const notice of notices) await notifyAndDeliver(notice);
  } catch (err) {
    log.warn('notifications not written', { caseId: state.id, error: String(err) });
  }
}

function acceptHumanSteps(rotation: CaseKeeper): void {
  setHandler(messages.getCase, () => rotation.state);
  acceptStep(rotation, messages.recordConsultation, transitions.recordConsultation, { admit: admission.admitConsultation });
  acceptStep(rotation, messages.appraise, transitions.appraise, { admit: admission.admitAppraisal });
  acceptStep(rotation, messages.castVote, transitions.castVote);
  acceptStep(rotation, messages.closeVote, transitions.closeVote);
  acceptStep(rotation, messages.signDecision, transitions.signDecision, { admit: admission.admitDecision });
  acceptStep(rotation, messages.withdraw, transitions.withdraw, { resolvesAttention: true, effect: (change) => retrySupport(rotation, change.before) });
  acceptStep(rotation, messages.submitReview, term.submitReview, { admit: admission.admitReview });
  acceptStep(rotation, messages.closeFollowUp, term.closeFollowUp);
  acceptStep(rotation, messages.decideContinuation, term.decideContinuation, { effect: settleAfterEnd });
  acceptStep(rotation, messages.terminate, term.terminate, { effect: settleAfterEnd });
  acceptStep(rotation, messages.recordEvaluation, evaluations.recordEvaluation, { admit: admission.admitEvaluation });
  acceptStep(rotation, messages.decideTermEnd, term.decideTermEnd, { admit: admission.admitTermEnd, effect: (change) => afterTermEnd(rotation, change.kept) });
  // Only this code sends it, so its writes appear in no history recorded before: no patch needed.
  acceptStep(rotation, messages.documentAdded, addDocument, { alreadyTaken: (state, input) => holdsDocument(state, input.documentId) });
  acceptStep(rotation, messages.retry, retry, { resolvesAttention: true, effect: (change) => retrySupport(rotation, change.before) });
  setHandler(messages.supportNeedsAttention, async (attention) => {
    // One attention at a time: the case's retry also retries the support.
    if (rotation.state.attention) return;
    await rotation.writes.alongside(() => rotation.needAttention({ ...attention, source: 'support' }));
  });
}

interface StepOptions<I> {
  /** What the step must meet besides its transition, checked before it is accepted. */
  admit?: (state: CaseState, input: I) => void;
  /** What the step does to other records, before it is projected. */
  effect?: (change: Change) => (() => Promise<void>) | undefined;
  /** Taken while the case needs attention (a retry, a withdrawal): the held writes run again first. */
  resolvesAttention?: boolean;
  /** The step was already taken (the same notice sent again): accepted, changing nothing. */
  alreadyTaken?: (state: CaseState, input: I) => boolean;
}

/**
 * The validator refuses a step before anything is recorded: its text, dates and counts, a case
 * needing attention, the transition itself, a case grown too big. The handler applies it for real,
 * since the case may have moved on between the two, and answers the case after this step; or the
 * case needing attention, when its write is held.
 */
function acceptStep<I>(
  rotation: CaseKeeper,
  update: CaseUpdate<I>,
  transition: (state: CaseState, input: I, now: string) => Transition,
  { admit, effect, resolvesAttention = false, alreadyTaken }: StepOptions<I> = {},
): void {
  setHandler(
    update,
    async (input: I) => {
      if (alreadyTaken?.(rotation.state, input)) return rotation.state;
      // Texts accepted before the text rules may be what the database refused.
      if (resolvesAttention && rotation.state.attention) rotation.state = storable(rotation.state);
      if (
        rotation.calendar &&
        opensStep(
          rotation.state,
          preview(rotation.state, (state) => transition(state, input, now())),
        )
      )
        await rotation.refreshCalendar();
      const change = rotation.change((state, at) => onBehalfOfDelegator(transition(state, input, at), input as DelegatedStep));
      const outcome = await rotation.persist(change, effect?.(change), { resolves: resolvesAttention });
      return outcome === 'written' ? change.transition.state : rotation.state;
    },
    {
      validator: (input: I) => {
        refusingAsFailure(() => {
          const state = rotation.state;
          if (alreadyTaken?.(state, input)) return;
          admission.requireStorableText(input);
          if (!resolvesAttention) requireNoAttention(state);
          admit?.(state, input);
          requireWithinCaseSize(state, withoutFinishedTexts(transition(state, input, now()).state));
        });
      },
    },
  );
}

/** The state a step would lead to, or the state itself when it would be refused (the handler refuses it for real). */
function preview(state: CaseState, step: (state: CaseState) => Transition): CaseState {
  try {
    return step(state).state;
  } catch {
    return state;
  }
}

/**
 * The deadlines of the open steps, on durable timers: the reminder, then, when the deadline passes
 * with the step not taken, the step is overdue and escalates. A step taken or a case changed in
 * between moves the schedule; a case waiting for a person fires nothing until it is resolved.
 */
async function watchDeadlines(rotation: CaseKeeper): Promise<void> {
  while (!rotation.ended) {
    if (rotation.state.attention) {
      await condition(() => !rotation.state.attention || rotation.ended);
      continue;
    }
    const [upcoming] = deadlines.pendingDeadlineEvents(rotation.state);
    if (upcoming && Date.parse(upcoming.at) <= Date.now()) {
      await rotation.persist(rotation.change((state, at) => deadlines.fireDeadlineEvent(state, upcoming, at)));
      continue;
    }
    const version = rotation.state.version;
    const moved = () => rotation.state.version !== version || rotation.ended;
    if (upcoming) await condition(moved, Date.parse(upcoming.at) - Date.now());
    else await condition(moved);
  }
}

/** Resolving an attention the support raised (a retry, a withdrawal) runs the support's held writes again. */
function retrySupport(rotation: CaseKeeper, before: CaseState): (() => Promise<void>) | undefined {
  if (!rotation.supported || before.attention?.source !== 'support') return undefined;
  return () => signalSupport(before, () => getExternalWorkflowHandle(supportWorkflowIdFor(before.id)).signal(messages.retrySupportWrites));
}

/** A term that ended or was cut short moves the cadre's posts; an extension extends the support. */
function afterTermEnd(rotation: CaseKeeper, state: CaseState): (() => Promise<void>) | undefined {
  if (state.termEnd?.outcome !== 'extend') return settleAfterEnd({ kept: state });
  const months = state.termEnd.extendMonths!;
  if (!rotation.supported) return undefined;
  return () => signalSupport(state, () => getExternalWorkflowHandle(supportWorkflowIdFor(state.id)).signal(messages.extendSupport, { months }));
}

/** Once an active case ends, the cadre leaves the receiving post: back home, or to the post appointed. */
function settleAfterEnd({ kept: state }: Pick<Change, 'kept'>): (() => Promise<void>) | undefined {
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
      if (upcoming.kind === 'term_end' && rotation.calendar) {
        await rotation.refreshCalendar();
        // A step taken while the calendar was read may have moved the schedule.
        if (term.pendingTermEvents(rotation.state, now())[0]?.kind !== 'term_end') continue;
      }
      await rotation.persist(rotation.change((state, at) => term.fireTermEvent(state, upcoming, at)));
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= TERM_HISTORY_LIMIT) {
      await rotation.settled();
      if (rotation.ended) return;
      await continueAsNew<typeof rotationCaseWorkflow>(input, {
        state: rotation.state,
        supported: rotation.supported,
        ...(rotation.calendar ? { calendar: rotation.calendar } : {}),
      });
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

/**
 * The case becomes active at once, which closes withdrawal; the post and the projection follow in
 * order. When the post cannot be taken up for good the case is decided again, needing attention,
 * and activates once an organizer retries it (or ends when it is withdrawn).
 */
async function activateCase(rotation: CaseKeeper): Promise<void> {
  for (;;) {
    const change = rotation.change(transitions.activate);
    const { id, cadreId, toUnitId, position, retainedPosition } = change.kept;
    const outcome = await rotation.persist(change, () => takeUpPost({ caseId: id, cadreId, toUnitId, position, retainedPosition }), { undoable: true });
    if (outcome !== 'undone') return;
    await condition(() => !rotation.state.attention || rotation.state.status !== 'decided');
    if (rotation.state.status !== 'decided') return;
  }
}

/**
 * The support runs as a workflow of its own, which outlives the case while payments already due
 * are unpaid; the case tells it when it ends rather than taking it down with it.
 */
async function startSupport(state: CaseState, calendar: WorkingCalendar | null): Promise<void> {
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
        ...(calendar ? { deadlines: supportDeadlinesOf(state, calendar) } : {}),
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
