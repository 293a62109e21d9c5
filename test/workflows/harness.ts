// Shared set-up of the workflow tests: one time-skipping test server and one workflow bundle per
// file, a fresh worker, task queue and workflow id per case, and activities mocked by type.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId, WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkerOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { CaseActivities, ProjectCaseInput } from '../../activities';
import type { NotificationActivities } from '../../activities/notifications';
import type { NotificationKind, NotifyInput } from '../../domain/notifications';
import {
  type Actor,
  type AppraisalInput,
  type CaseInput,
  type CaseState,
  type ConsultationOutcome,
  type ContinuationDecision,
  type EvaluationInput,
  type DocumentAddedInput,
  type Party,
  type ReviewInput,
  type SupportChange,
  type SupportPlan,
  type SupportPolicyTerms,
  type TermEndDecisionInput,
  type VoteChoice,
  supportWorkflowIdFor,
} from '../../domain/types';
import { type WorkingCalendar, addDays, localDate, startOfLocalDay, workingCalendar } from '../../domain/calendar';
import { builtInDaysOff } from '../../domain/holidays';
import { supportPlan } from '../../domain/support';
import { rotationCaseWorkflow, type supportWorkflow } from '../../workflows';
import * as messages from '../../workflows/definitions';
import { bundleWorkflows, startTimeSkippingTemporal } from '../support/temporal-runtime';

/** The case's latest run; `firstExecutionRunId` names the first one, before any continue-as-new. */
export type CaseHandle = WorkflowHandleWithFirstExecutionRunId<typeof rotationCaseWorkflow>;
/** The case's activities and `notify`, which the case calls to tell people about its steps. */
type WorkflowActivities = CaseActivities & Pick<NotificationActivities, 'notify'>;
export type MockActivities = { [K in keyof WorkflowActivities]: jest.Mock<ReturnType<WorkflowActivities[K]>, Parameters<WorkflowActivities[K]>> };

export const organizer: Actor = { userId: 'u-organizer', username: 'nguyen.van.an' };
export const secretary: Actor = { userId: 'u-secretary', username: 'tran.thi.binh' };
/** Five members of the deciding Standing Committee; the last one is also the rotated cadre. */
export const members: Actor[] = ['le.van.cuong', 'pham.thi.dung', 'hoang.van.em', 'vu.thi.giang', 'do.van.hung'].map((username, i) => ({
  userId: `u-member-${i + 1}`,
  username,
}));
export const CADRE_ID = 'cadre-dang-van-khoa';
export const CADRE_MEMBER = members[4];
export const DECIDING_UNIT = 'unit-district-nam-sach';
/** Holds the reviews of the receiving unit. */
export const reviewer: Actor = { userId: 'u-reviewer', username: 'bui.thi.lan' };

export class WorkflowTestbed {
  private constructor(
    readonly env: TestWorkflowEnvironment,
    private readonly workflowBundle: WorkflowBundleWithSourceMap,
  ) {}

  static async start(): Promise<WorkflowTestbed> {
    const [env, workflowBundle] = await Promise.all([startTimeSkippingTemporal(), bundleWorkflows()]);
    return new WorkflowTestbed(env, workflowBundle);
  }

  async teardown(): Promise<void> {
    await this.env.teardown();
  }

  /** Starts a fresh case (its input with `overrides`) on its own worker and runs `scenario` while the worker is up. */
  async withCase(scenario: (c: CaseUnderTest) => Promise<void>, activities: MockActivities = mockActivities(), overrides: Partial<CaseInput> = {}): Promise<void> {
    const input = { ...caseInput(new Date(await this.env.currentTimeMs())), ...overrides };
    await this.withWorker(activities, async (taskQueue) => {
      const handle = await this.env.client.workflow.start(rotationCaseWorkflow, {
        taskQueue,
        workflowId: `rotation-test-${input.id}`,
        args: [input],
        // The test server ends every workflow ten years after its start unless told otherwise; the
        // longest case (a term of 60 months extended to 120, after its proposal) runs longer. A
        // real server sets no such limit.
        workflowExecutionTimeout: '30y',
      });
      try {
        await scenario(new CaseUnderTest(this.env, handle, activities, input));
        // Writes the case queued after its last answer (notifications) finish while the worker is up.
        await eventually(() => idle(handle));
      } finally {
        // A case left running would fire its term's timers with no worker to serve them, and the
        // test server stops skipping time while a workflow task waits. It also stops for good when
        // a workflow is terminated while one of its activities or workflow tasks is in flight, so
        // each workflow is terminated only once it is idle: the support first, then the case.
        await eventually(() => idle(handle)).catch(() => undefined);
        await this.endSupport(input.id);
        await eventually(() => idle(handle, { children: true })).catch(() => undefined);
        await handle.terminate('the test is over').catch(() => undefined);
      }
    });
  }

  /**
   * Ends the case's support workflow, if it was started, once it is planned and idle. The case is
   * let go idle first, since a signal it sends the support (its activation, a retry) would put a
   * workflow task in flight. A workflow terminated with a task or an activity in flight stops the
   * test server's time skipping for good, so a support that does not settle is left running and
   * said so rather than terminated.
   */
  async endSupport(caseId: string): Promise<void> {
    const support = this.env.client.workflow.getHandle<typeof supportWorkflow>(supportWorkflowIdFor(caseId));
    if (
      !(await support.describe().then(
        () => true,
        () => false,
      ))
    )
      return;
    const theCase = this.env.client.workflow.getHandle(`rotation-test-${caseId}`);
    const settled = async (): Promise<boolean> => {
      if ((await support.describe()).status.name !== 'RUNNING') return true;
      if (!(await idle(theCase)) || !(await idle(support))) return false;
      return (await support.query(messages.getSupport).catch(() => null)) !== null;
    };
    try {
      // On a loaded machine the case's last writes and the support's planning can take a while.
      await eventually(settled, 60_000);
    } catch {
      const { raw } = await support.describe();
      console.warn(`the support of ${caseId} did not settle (pending activities: ${(raw.pendingActivities ?? []).length}); left running`);
      return;
    }
    await support.terminate('the test is over').catch(() => undefined);
  }

  /** Runs `scenario` while a fresh worker serves a task queue of its own. */
  async withWorker(activities: object, scenario: (taskQueue: string) => Promise<void>): Promise<void> {
    const worker = await this.worker(activities);
    await worker.runUntil(() => scenario(worker.options.taskQueue));
  }

  /** A fresh worker, on a task queue of its own unless told; the caller runs it. */
  worker(activities: object, options: Partial<Pick<WorkerOptions, 'taskQueue' | 'maxCachedWorkflows'>> = {}): Promise<Worker> {
    return Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: `rotation-test-${randomUUID()}`,
      workflowBundle: this.workflowBundle,
      activities,
      ...options,
    });
  }
}

/**
 * One testbed for the test file: started before its first test, torn down after its last;
 * `assign` hands it to the file.
 */
export function testbedPerFile(assign: (testbed: WorkflowTestbed) => void): void {
  let started: WorkflowTestbed | undefined;
  beforeAll(async () => {
    started = await WorkflowTestbed.start();
    assign(started);
  }, 60_000);
  afterAll(async () => {
    await started?.teardown();
  });
}

/**
 * By default no support policy is in force, so a decided case's support workflow ends at once,
 * and `notify` finds nobody to tell, so no delivery workflow outlives the case (a running child
 * left behind stops the test server's time-skipping: temporalio/sdk-typescript#1101).
 */
export function mockActivities(): MockActivities {
  return {
    projectCase: jest.fn<Promise<void>, Parameters<CaseActivities['projectCase']>>(async () => undefined),
    takeUpPost: jest.fn<Promise<void>, Parameters<CaseActivities['takeUpPost']>>(async () => undefined),
    settlePosts: jest.fn<Promise<void>, Parameters<CaseActivities['settlePosts']>>(async () => undefined),
    recordAttention: jest.fn<Promise<void>, Parameters<CaseActivities['recordAttention']>>(async () => undefined),
    notify: jest.fn<ReturnType<NotificationActivities['notify']>, Parameters<NotificationActivities['notify']>>(async () => ({ notificationIds: [], pendingDeliveries: 0 })),
    planSupport: jest.fn<Promise<SupportPlan>, Parameters<CaseActivities['planSupport']>>(async () => ({
      status: 'no_policy',
      policyVersion: null,
      entitlements: [],
      payments: [],
    })),
    recordSupportChange: jest.fn<Promise<void>, Parameters<CaseActivities['recordSupportChange']>>(async () => undefined),
    loadCalendar: jest.fn<Promise<WorkingCalendar>, Parameters<CaseActivities['loadCalendar']>>(async ({ years }) => builtInCalendar(years)),
  };
}

/** The working calendar of `years` with the built-in holidays only, as an empty calendar table gives it. */
export function builtInCalendar(years: readonly number[]): WorkingCalendar {
  return workingCalendar(years.map((year) => ({ year, daysOff: builtInDaysOff(year), workingDays: [] })));
}

/** A support policy in force since 2020: one-time support, monthly supplement, housing, and transport up to 50 km. */
export const SUPPORT_POLICY: SupportPolicyTerms = {
  version: 1,
  effectiveFrom: '2020-01-01',
  oneTimeVnd: 50_000_000,
  monthlySupplementVnd: 3_000_000,
  housingAllowanceVnd: 2_000_000,
  transportTiers: [{ maxKm: 50, monthlyVnd: 1_000_000 }],
  earlySalaryRaise: false,
};

/** Activities under which `policy` is in force: the support is planned from it, and each of its writes is kept in `changes`. */
export function supportedActivities(policy: SupportPolicyTerms, changes: SupportChange[]): MockActivities {
  const activities = mockActivities();
  activities.planSupport.mockImplementation(async (input) => supportPlan([policy], { ...input, nextSalaryRaiseDate: null }));
  activities.recordSupportChange.mockImplementation(async ({ change }) => {
    changes.push(change);
  });
  return activities;
}

export function caseInput(now: Date): CaseInput {
  return {
    id: randomUUID(),
    cadreId: CADRE_ID,
    fromUnitId: 'unit-district-nam-sach',
    toUnitId: 'unit-commune-an-lam',
    position: 'party_secretary',
    termMonths: 36,
    reviewIntervalMonths: 6,
    nonLocalSecretary: true,
    reason: 'Tăng cường bí thư không phải người địa phương',
    effectiveDate: null,
    retainedPosition: { unitId: 'unit-district-nam-sach', position: 'deputy_head_organizing_committee' },
    proposedBy: organizer,
    proposedAt: now.toISOString(),
    deadlines: { consultationDays: 14, voteDays: 7 },
  };
}

/** One running case: its handle, its mocked activities and the steps a test drives it through. */
export class CaseUnderTest {
  constructor(
    readonly env: TestWorkflowEnvironment,
    readonly handle: CaseHandle,
    readonly activities: MockActivities,
    readonly input: CaseInput,
  ) {}

  state(): Promise<CaseState> {
    return this.handle.query(messages.getCase);
  }

  /** How many updates the workflow accepted: a refused one leaves no trace in its history. */
  async acceptedUpdates(): Promise<number> {
    const { events } = await this.handle.fetchHistory();
    return (events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  }

  projections(): ProjectCaseInput[] {
    return this.activities.projectCase.mock.calls.map(([arg]) => arg);
  }

  /** The history actions projected so far, in order. */
  actions(): string[] {
    return this.projections().map(({ event }) => event.action);
  }

  /** The projected history events with `action`. */
  projected(action: string): ProjectCaseInput['event'][] {
    return this.projections()
      .map(({ event }) => event)
      .filter((e) => e.action === action);
  }

  /** What `notify` was asked to tell, in order. */
  notices(): NotifyInput[];
  /** What `notify` was asked to tell of `kind`, in order. */
  notices<K extends NotificationKind>(kind: K): Extract<NotifyInput, { kind: K }>[];
  notices(kind?: NotificationKind): NotifyInput[] {
    return this.activities.notify.mock.calls.map(([arg]) => arg).filter((n) => kind === undefined || n.kind === kind);
  }

  /** The test server's clock. */
  async now(): Promise<number> {
    return this.env.currentTimeMs();
  }

  /** Skips the test server's clock to `instant` (nothing when it has passed), firing the timers before it. */
  async sleepUntil(instant: string | number): Promise<void> {
    const ms = (typeof instant === 'number' ? instant : Date.parse(instant)) - (await this.env.currentTimeMs());
    if (ms <= 0) return;
    // Skipping stalls for good when a workflow was terminated mid-task: fail then, not hang.
    await withinRealTime(this.env.sleep(ms), 180_000, 'the test server stopped skipping time');
  }

  consult(party: Party, outcome: ConsultationOutcome = 'agree', actor: Actor = organizer): Promise<CaseState> {
    const concerns = outcome === 'agree' ? [] : [{ type: 'distance' as const, note: 'Nhà cách xã mới 45 km' }];
    return this.handle.executeUpdate(messages.recordConsultation, { args: [{ party, outcome, concerns, note: '', actor }] });
  }

  async consultAll(outcomes: Partial<Record<Party, ConsultationOutcome>> = {}): Promise<CaseState> {
    await this.consult('cadre', outcomes.cadre);
    await this.consult('sending_unit', outcomes.sending_unit);
    return this.consult('receiving_unit', outcomes.receiving_unit);
  }

  appraise(input: Partial<AppraisalInput> = {}): Promise<CaseState> {
    return this.handle.executeUpdate(messages.appraise, {
      args: [
        {
          outcome: 'endorse',
          note: 'Đủ điều kiện',
          resolutions: [],
          committee: { unitId: DECIDING_UNIT, memberUserIds: members.map((m) => m.userId) },
          actor: organizer,
          ...input,
        },
      ],
    });
  }

  /** The API stored a document of the case and tells it so. */
  addDocument(notice: DocumentAddedInput): Promise<CaseState> {
    return this.handle.executeUpdate(messages.documentAdded, { args: [notice] });
  }

  vote(member: Actor, vote: VoteChoice, voterCadreId: string | null = null): Promise<CaseState> {
    return this.handle.executeUpdate(messages.castVote, { args: [{ vote, voterCadreId, actor: member }] });
  }

  closeVote(note?: string): Promise<CaseState> {
    return this.handle.executeUpdate(messages.closeVote, { args: [{ ...(note ? { note } : {}), actor: secretary }] });
  }

  /** Members vote in order, one ballot each. */
  async votes(...choices: VoteChoice[]): Promise<CaseState> {
    let state = await this.state();
    for (const [i, choice] of choices.entries()) state = await this.vote(members[i], choice);
    return state;
  }

  async sign(effectiveDate: string): Promise<CaseState> {
    const signedAt = new Date(await this.env.currentTimeMs()).toISOString();
    return this.handle.executeUpdate(messages.signDecision, {
      args: [{ decisionNumber: '125-QĐ/HU', signedAt, effectiveDate, actor: secretary }],
    });
  }

  withdraw(reason = 'Cán bộ được điều động công tác khác'): Promise<CaseState> {
    return this.handle.executeUpdate(messages.withdraw, { args: [{ reason, actor: organizer }] });
  }

  /** The calendar date (Vietnam) `days` from the test server's now. */
  async dateInDays(days: number): Promise<string> {
    return localDate(addDays(new Date(await this.env.currentTimeMs()), days));
  }

  /** Consultation, appraisal and a passing vote: the case is waiting for the decision. */
  async toDecisionPending(): Promise<CaseState> {
    await this.consultAll();
    await this.appraise();
    return this.votes('for', 'for', 'for');
  }

  /** Decided with `effectiveDate` (today by default), skipped to that day, and active once the activation is written. */
  async toActive(effectiveDate?: string): Promise<CaseState> {
    await this.toDecisionPending();
    const date = effectiveDate ?? (await this.dateInDays(0));
    await this.sign(date);
    await this.sleepUntil(startOfLocalDay(date));
    await eventually(() => this.actions().includes('activated'));
    return this.state();
  }

  /** The reviewer records review `seq`, held now, rated good with no follow-ups unless told. */
  async review(seq: number, input: Partial<Omit<ReviewInput, 'seq'>> = {}): Promise<CaseState> {
    const heldAt = new Date(await this.env.currentTimeMs()).toISOString();
    return this.handle.executeUpdate(messages.submitReview, {
      args: [{ seq, heldAt, rating: 'good', aspirations: 'Mong được tập huấn thêm', difficulties: 'Đường xa', followUps: [], actor: reviewer, ...input }],
    });
  }

  closeFollowUp(followUpId: string, actor: Actor, note = 'Đã thực hiện'): Promise<CaseState> {
    return this.handle.executeUpdate(messages.closeFollowUp, { args: [{ followUpId, note, actor }] });
  }

  decideContinuation(decision: ContinuationDecision, reason = 'Theo đề nghị của đoàn đánh giá'): Promise<CaseState> {
    return this.handle.executeUpdate(messages.decideContinuation, { args: [{ decision, reason, actor: organizer }] });
  }

  /** An evaluation of the cadre: by the organizer, or by `actor` (the reviewer writes the receiving unit's). */
  evaluate(input: Omit<EvaluationInput, 'actor'>, actor: Actor = organizer): Promise<CaseState> {
    return this.handle.executeUpdate(messages.recordEvaluation, { args: [{ ...input, actor }] });
  }

  /** The closing evaluations a return or an appointment at the term end needs: the self-review on the cadre's behalf, the receiving unit's by its reviewer, the conclusion. */
  async closingEvaluations(): Promise<CaseState> {
    await this.evaluate({
      kind: 'self_review',
      rating: 'good',
      text: 'Hoàn thành tốt nhiệm vụ',
      onBehalfOf: { userId: null, username: 'Đặng Văn Khoa', cadreId: this.input.cadreId },
    });
    await this.evaluate({ kind: 'receiving_unit', rating: 'good', text: 'Hoàn thành tốt nhiệm vụ tại xã' }, reviewer);
    return this.evaluate({ kind: 'conclusion', rating: 'excellent', text: 'Kết luận: hoàn thành xuất sắc nhiệm vụ' });
  }

  decideTermEnd(input: Omit<TermEndDecisionInput, 'actor'>): Promise<CaseState> {
    return this.handle.executeUpdate(messages.decideTermEnd, { args: [{ ...input, actor: organizer }] });
  }

  terminate(reason = 'Cán bộ không hoàn thành nhiệm vụ'): Promise<CaseState> {
    return this.handle.executeUpdate(messages.terminate, { args: [{ reason, actor: organizer }] });
  }

  /** The organizer retries the write that failed for good. */
  retry(): Promise<CaseState> {
    return this.handle.executeUpdate(messages.retry, { args: [{ actor: organizer }] });
  }
}

/** The update is refused with `type` before anything is recorded, and the case is unchanged. */
export async function expectRefused(c: CaseUnderTest, attempt: () => Promise<unknown>, type: string): Promise<ApplicationFailure> {
  const before = await c.state();
  const accepted = await c.acceptedUpdates();
  const projected = c.activities.projectCase.mock.calls.length;
  const error = await attempt().then(
    () => {
      throw new Error(`expected a ${type} refusal`);
    },
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe(type);
  expect(c.activities.projectCase).toHaveBeenCalledTimes(projected);
  expect(await c.state()).toEqual(before);
  expect(await c.acceptedUpdates()).toBe(accepted);
  return cause as ApplicationFailure;
}

/**
 * The workflow has closed, or waits with no activity or workflow task in flight (and, if told,
 * no child running). The test server reports no pending workflow task, so the history tells.
 */
async function idle(handle: WorkflowHandle, { children = false } = {}): Promise<boolean> {
  const { status, raw } = await handle.describe();
  if (status.name !== 'RUNNING') return true;
  if ((raw.pendingActivities ?? []).length > 0 || (children && (raw.pendingChildren ?? []).length > 0)) return false;
  const last = (await handle.fetchHistory()).events?.at(-1);
  return !last?.workflowTaskScheduledEventAttributes && !last?.workflowTaskStartedEventAttributes;
}

/** `promise`, or a failure with `message` once `ms` of real time have passed. */
async function withinRealTime<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `check` holds; activities run in real time after a timer fires. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
