// The relocation support of one decided case, a child of the case workflow: it plans the support
// from the policy in force on the signing date, waits for finance to approve it, makes each
// payment due on its day through durable timers, takes the payments as validated Updates, and
// ends once the case has ended and every payment left is paid or cancelled. With no policy in force
// on the signing date it waits, while the case runs, for one saved later. A write that fails
// for good is held, and the case shows that it needs attention, until an organizer retries it.
// Deterministic code only: no I/O, no Node built-ins.
import { allHandlersFinished, condition, getExternalWorkflowHandle, log, patched, proxyActivities, setHandler, workflowInfo, type defineUpdate } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import * as admission from '../domain/admission';
import { attentionReasonOf } from '../domain/attention';
import { storable } from '../domain/input';
import { Refusal } from '../domain/refusal';
import { refusalText } from '../domain/refusal-texts';
import * as support from '../domain/support-case';
import type { CaseAttention, RetryInput, SupportDeadlines, SupportInput, SupportPlan, SupportState } from '../domain/types';
import { type WorkingCalendar, yearsFrom } from '../domain/calendar';
import { deadlineNotices } from '../domain/case-notifications';
import * as deadlines from '../domain/deadlines';
import type { NotifyInput } from '../domain/notifications';
import { notifyAndDeliver } from './notify';
import { HeldWrites, WRITE_OPTIONS, type Write, type WriteFailure, type WriteOutcome, failedForGood, now, refusingAsFailure } from './common';
import * as messages from './definitions';

const { planSupport, recordSupportChange, recordAttention, loadCalendar } = proxyActivities<CaseActivities>(WRITE_OPTIONS);

/** A write failing for good on code from before attention failed the support, as it replays. */
const ATTENTION_PATCH = 'support-write-attention';
/** Supports of cases counting working days remind, mark overdue and escalate the approval and each payment. */
const DEADLINES_PATCH = 'support-deadlines';
/** A support planned without a policy on code from before policies saved later reached it ended at once, as it replays. */
const POLICY_LATER_PATCH = 'support-policy-saved-later';

type SupportUpdate<I> = ReturnType<typeof defineUpdate<SupportState, [I]>>;

export async function supportWorkflow(input: SupportInput): Promise<SupportState> {
  const keeper = new SupportKeeper(input.caseId);
  acceptMessages(keeper);
  const counting = input.deadlines && patched(DEADLINES_PATCH) ? new SupportDeadlineKeeper(keeper, input.cadreId, input.deadlines) : null;
  await counting?.refreshCalendar();
  keeper.plan(support.initialSupportState(input, await keeper.planFor(input)));
  if (keeper.state.status === 'no_policy' && patched(POLICY_LATER_PATCH)) await untilPolicyInForce(keeper, input);
  if (counting) void counting.watch();

  while (!support.isSettled(keeper.state)) {
    const due = support.markDue(keeper.state, now());
    if (due) {
      if (!counting) await keeper.apply(due);
      else {
        // The payments falling due open their deadlines: on the calendar as it is now.
        await counting.refreshCalendar();
        const stillDue = support.markDue(keeper.state, now());
        if (stillDue) await keeper.apply(stillDue);
      }
    } else await keeper.nextChangeOrDueDate();
  }
  await keeper.settled();
  return keeper.state;
}

/**
 * No policy was in force on the signing date: each policy saved later plans the support again (a
 * version in force on that date plans it for good), until the case ends without one.
 */
async function untilPolicyInForce(keeper: SupportKeeper, input: SupportInput): Promise<void> {
  for (;;) {
    const saved = keeper.policiesSaved;
    await condition(() => keeper.policiesSaved !== saved || support.caseOver(keeper.state));
    if (support.caseOver(keeper.state)) return;
    const plannedInput = { ...input, termMonths: keeper.state.termMonths };
    const plan = await keeper.planFor(plannedInput);
    if (plan.status === 'no_policy') continue;
    // What the case said while the support was being planned still holds.
    const meanwhile = keeper.state;
    keeper.plan({ ...support.initialSupportState(plannedInput, plan), ...(meanwhile.caseCompletedAt ? { caseCompletedAt: meanwhile.caseCompletedAt } : {}) });
    if (meanwhile.stoppedAt !== null) {
      const stop = support.stopSupport(keeper.state, { at: meanwhile.stoppedAt, reason: 'the case ended' });
      if (stop) await keeper.apply(stop);
    }
    return;
  }
}

/** The support as this workflow holds it (null while it is being planned), and its ordered writes. */
class SupportKeeper {
  private current: SupportState | null = null;
  /** What follows each change of the support (its deadlines), with the write it calls for. */
  afterChange: ((state: SupportState) => support.SupportTransition | null) | null = null;
  private readonly writes = new HeldWrites<Write>((failure, write) => this.writeFailed(failure, write.step));
  /** A write failed for good and waits for an organizer's retry. */
  attention: Omit<CaseAttention, 'source'> | null = null;
  /** How many times the API said a support policy was saved. */
  policiesSaved = 0;

  constructor(private readonly caseId: string) {}

  get planned(): SupportState | null {
    return this.current;
  }

  get state(): SupportState {
    if (!this.current) throw new Error('the support is not planned yet');
    return this.current;
  }

  plan(state: SupportState): void {
    this.current = state;
    // Queued behind the earlier writes, which handle its failure (held for an organizer); not awaited here.
    void this.follow();
  }

  /** The change that follows the last one (a deadline opened or closed), written after it. */
  private follow(): Promise<WriteOutcome> | undefined {
    const following = this.current && this.afterChange?.(this.current);
    return following ? this.apply(following) : undefined;
  }

  whenPlanned(): Promise<void> {
    return condition(() => this.current !== null);
  }

  /** Applies a step at once, so any message handled after it sees the new state; its write follows every earlier one. */
  apply(transition: support.SupportTransition): Promise<WriteOutcome> {
    this.current = transition.state;
    const change = { caseId: this.caseId, change: transition.change };
    const written = this.writes.write({ step: `support_${transition.change.kind}`, record: (again) => recordSupportChange(again ? storable(change) : change) });
    const following = this.follow();
    return following ? written.then((outcome) => following.then((next) => (outcome === 'written' ? next : outcome))) : written;
  }

  /** Notifications in the order of the writes, never held, a failure logged. */
  tell(notices: readonly NotifyInput[]): void {
    if (notices.length === 0) return;
    void this.writes.alongside(async () => {
      try {
        for (const notice of notices) await notifyAndDeliver(notice);
      } catch (err) {
        log.warn('notifications not written', { caseId: this.caseId, error: String(err) });
      }
    });
  }

  /** The support planned from the policy in force; a plan that cannot be written waits for an organizer's retry. */
  async planFor(input: SupportInput): Promise<SupportPlan> {
    for (;;) {
      try {
        return await planSupport(input);
      } catch (err) {
        await this.writeFailed(failedForGood(err, false), 'support_planned');
        await condition(() => this.attention === null);
      }
    }
  }

  /**
   * An organizer retries: the held writes run again. `caseWorkflowEnded`: the retry came straight
   * from the API, so the attention shown on the case's projection is this workflow's to clear.
   */
  retry(caseWorkflowEnded: boolean): Promise<WriteOutcome> {
    this.attention = null;
    return this.writes.release({
      step: 'support_retried',
      record: async () => {
        if (caseWorkflowEnded) await recordAttention({ caseId: this.caseId, attention: null });
      },
    });
  }

  /** Every write done and every handler finished, nothing held: the support may end. */
  async settled(): Promise<void> {
    for (;;) {
      await this.writes.drained();
      await condition(allHandlersFinished);
      await condition(() => !this.writes.holding && this.attention === null);
      if (this.writes.idle && !this.writes.holding) return;
    }
  }

  /**
   * A write failed for good: the case is told, so that it shows the attention and its organizers
   * retry; a case whose workflow has ended gets it on its projection.
   */
  private async writeFailed(failure: WriteFailure, step: string): Promise<false> {
    if (!patched(ATTENTION_PATCH)) throw failure.error;
    const attention = { reason: attentionReasonOf(failure.type), since: now(), step };
    this.attention = attention;
    log.warn('a write of the support failed for good; it waits for a person', { caseId: this.caseId, step, failure: failure.type });
    const parent = workflowInfo().parent;
    try {
      if (!parent) throw new Error('the support has no case workflow');
      await getExternalWorkflowHandle(parent.workflowId).signal(messages.supportNeedsAttention, attention);
    } catch {
      await recordAttention({ caseId: this.caseId, attention: { ...attention, source: 'support' } }).catch((err: unknown) =>
        log.error('the attention of the support was not recorded', { caseId: this.caseId, error: String(err) }),
      );
    }
    return false;
  }

  /** Durable timer: until the next payment's day begins, unless a message changes the support first. */
  async nextChangeOrDueDate(): Promise<void> {
    const seen = this.current;
    const wakeAt = seen && support.nextDueAt(seen);
    if (wakeAt === null) await condition(() => this.current !== seen);
    else await condition(() => this.current !== seen, Date.parse(wakeAt) - Date.now());
  }
}

/**
 * The deadlines of the approval and of each payment due, on the calendar the support last read:
 * counted when a step opens, reminded before, and once passed overdue, told again and escalated.
 */
class SupportDeadlineKeeper {
  private calendar: WorkingCalendar;

  constructor(
    private readonly keeper: SupportKeeper,
    private readonly cadreId: string,
    private readonly config: SupportDeadlines,
  ) {
    this.calendar = config.calendar;
    keeper.afterChange = (state) => {
      const counted = deadlines.withSupportDeadlines(state, now(), this.calendar, this.config);
      return counted === state ? null : { state: counted, change: { kind: 'deadlines', deadlines: counted.deadlines ?? [] } };
    };
  }

  async refreshCalendar(): Promise<void> {
    try {
      this.calendar = await loadCalendar({ years: yearsFrom(now()) });
    } catch (err) {
      log.warn('the working calendar was not read; deadlines are counted on the one read before', { caseId: this.keeper.planned?.caseId, error: String(err) });
    }
  }

  /** Durable timers until every deadline has fired or the support is settled. */
  async watch(): Promise<void> {
    while (!support.isSettled(this.keeper.state)) {
      if (this.keeper.attention) {
        await condition(() => this.keeper.attention === null);
        continue;
      }
      const state = this.keeper.state;
      const [upcoming] = deadlines.pendingDeadlineEvents({ stepDeadlines: state.deadlines });
      if (upcoming && Date.parse(upcoming.at) <= Date.now()) {
        const fired = deadlines.firedDeadlines(state.deadlines, upcoming, now(), () => deadlines.supportEscalation(this.config));
        const after = { ...state, deadlines: fired.deadlines };
        void this.keeper.apply({ state: after, change: { kind: 'deadlines', deadlines: fired.deadlines } });
        this.keeper.tell(
          deadlineNotices(state.deadlines, after.deadlines, {
            caseId: state.caseId,
            cadreId: this.cadreId,
            unitId: this.config.toUnitId,
            owners: () => ({ roles: [{ role: 'finance', unitIds: this.config.financeUnitIds }] }),
          }),
        );
        continue;
      }
      const seen = this.keeper.state;
      const moved = () => this.keeper.state !== seen;
      if (upcoming) await condition(moved, Date.parse(upcoming.at) - Date.now());
      else await condition(moved);
    }
  }
}

function acceptMessages(keeper: SupportKeeper): void {
  setHandler(messages.getSupport, () => keeper.planned);
  acceptStep(keeper, messages.approveSupport, support.approveSupport);
  acceptStep(keeper, messages.markPaymentPaid, support.markPaymentPaid, admission.admitPayment);
  acceptStep(keeper, messages.recordSalaryRaise, support.recordSalaryRaise, admission.admitSalaryRaise);
  setHandler(messages.retrySupportWrites, async () => {
    await keeper.retry(false);
  });
  setHandler(
    messages.retrySupport,
    async (_input: RetryInput) => {
      await keeper.retry(true);
      return keeper.planned;
    },
    {
      validator: (_input: RetryInput) =>
        refusingAsFailure(() => {
          if (!keeper.attention) throw new Refusal('conflict', refusalText('support_no_attention'));
        }),
    },
  );
  setHandler(messages.supportPolicySaved, () => {
    keeper.policiesSaved++;
  });
  setHandler(messages.stopSupport, async (input) => {
    await keeper.whenPlanned();
    // Without a policy there is nothing to stop; the support stops waiting for one.
    if (keeper.state.status === 'no_policy') return keeper.plan({ ...keeper.state, stoppedAt: keeper.state.stoppedAt ?? input.at });
    const stop = support.stopSupport(keeper.state, input);
    if (stop) await keeper.apply(stop);
  });
  setHandler(messages.supportCaseCompleted, async (input) => {
    await keeper.whenPlanned();
    keeper.plan(support.caseCompleted(keeper.state, input));
  });
  setHandler(messages.extendSupport, async (input) => {
    await keeper.whenPlanned();
    // Without a policy yet, the longer term is what a policy saved later plans.
    if (keeper.state.status === 'no_policy') return keeper.plan({ ...keeper.state, termMonths: keeper.state.termMonths + input.months });
    let extension: support.SupportTransition;
    try {
      extension = support.extendSupport(keeper.state, input);
    } catch (err) {
      // A signal cannot be refused to its sender; the case workflow only extends a running support.
      if (!(err instanceof Refusal)) throw err;
      log.warn('support extension ignored', { caseId: keeper.state.caseId, reason: err.message });
      return;
    }
    await keeper.apply(extension);
  });
}

/**
 * The validator refuses a step before anything is recorded; the handler applies it for real,
 * since the support may have moved on between the two, and answers the support after this step.
 * A step arriving while the support is being planned waits for the plan, then is judged.
 */
function acceptStep<I>(
  keeper: SupportKeeper,
  update: SupportUpdate<I>,
  transition: (state: SupportState, input: I, now: string) => support.SupportTransition,
  admit?: (state: SupportState | null, input: I) => void,
): void {
  setHandler(
    update,
    async (input: I) => {
      await keeper.whenPlanned();
      const step = refusingAsFailure(() => transition(keeper.state, input, now()));
      await keeper.apply(step);
      return step.state;
    },
    {
      validator: (input: I) => {
        const planned = keeper.planned;
        refusingAsFailure(() => {
          admission.requireStorableText(input);
          if (keeper.attention) throw new Refusal('conflict', refusalText('support_attention_first'));
          admit?.(planned, input);
          if (planned) transition(planned, input, now());
        });
      },
    },
  );
}
