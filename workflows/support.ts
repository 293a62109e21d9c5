// The relocation support of one decided case, a child of the case workflow: it plans the support
// from the policy in force on the signing date, waits for finance to approve it, makes each
// payment due on its day through durable timers, takes the payments as validated Updates, and
// ends once the case has ended and every payment left is paid or cancelled. Deterministic code
// only: no I/O, no Node built-ins.
import { allHandlersFinished, condition, log, proxyActivities, setHandler, type defineUpdate } from '@temporalio/workflow';
import type { SupportActivities } from '../activities/support';
import { Refusal } from '../domain/rules';
import * as support from '../domain/support-case';
import type { SupportInput, SupportState } from '../domain/types';
import { OrderedWrites, WRITE_OPTIONS, now, refusingAsFailure } from './common';
import * as messages from './definitions';

const { planSupport, recordSupportChange } = proxyActivities<SupportActivities>(WRITE_OPTIONS);

type SupportUpdate<I> = ReturnType<typeof defineUpdate<SupportState, [I]>>;

export async function supportWorkflow(input: SupportInput): Promise<SupportState> {
  const keeper = new SupportKeeper(input.caseId);
  acceptMessages(keeper);
  keeper.plan(support.initialSupportState(input, await planSupport(input)));

  while (!support.isSettled(keeper.state)) {
    const due = support.markDue(keeper.state, now());
    if (due) await keeper.apply(due);
    else await keeper.nextChangeOrDueDate();
  }
  await condition(allHandlersFinished);
  return keeper.state;
}

/** The support as this workflow holds it (null while it is being planned), and its ordered writes. */
class SupportKeeper {
  private current: SupportState | null = null;
  private readonly writes = new OrderedWrites();

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
  }

  whenPlanned(): Promise<void> {
    return condition(() => this.current !== null);
  }

  /** Applies a step at once, so any message handled after it sees the new state; its write follows every earlier one. */
  apply(transition: support.SupportTransition): Promise<void> {
    this.current = transition.state;
    return this.writes.enqueue(() => recordSupportChange({ caseId: this.caseId, change: transition.change }));
  }

  /** Durable timer: until the next payment's day begins, unless a message changes the support first. */
  async nextChangeOrDueDate(): Promise<void> {
    const seen = this.current;
    const wakeAt = seen && support.nextDueAt(seen);
    if (wakeAt === null) await condition(() => this.current !== seen);
    else await condition(() => this.current !== seen, Date.parse(wakeAt) - Date.now());
  }
}

function acceptMessages(keeper: SupportKeeper): void {
  setHandler(messages.getSupport, () => keeper.planned);
  acceptStep(keeper, messages.approveSupport, support.approveSupport);
  acceptStep(keeper, messages.markPaymentPaid, support.markPaymentPaid);
  acceptStep(keeper, messages.recordSalaryRaise, support.recordSalaryRaise);
  setHandler(messages.stopSupport, async (input) => {
    await keeper.whenPlanned();
    const stop = support.stopSupport(keeper.state, input);
    if (stop) await keeper.apply(stop);
  });
  setHandler(messages.supportCaseCompleted, async (input) => {
    await keeper.whenPlanned();
    keeper.plan(support.caseCompleted(keeper.state, input));
  });
  setHandler(messages.extendSupport, async (input) => {
    await keeper.whenPlanned();
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
        if (planned) refusingAsFailure(() => transition(planned, input, now()));
      },
    },
  );
}
