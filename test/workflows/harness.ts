// Shared set-up of the workflow tests: one time-skipping test server and one workflow bundle per
// file, a fresh worker, task queue and workflow id per case, and activities mocked by type.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type WorkerOptions, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { CaseActivities, ProjectCaseInput } from '../../activities';
import type {
  Actor,
  AppraisalInput,
  CaseInput,
  CaseState,
  ConsultationOutcome,
  Party,
  SupportPlan,
  VoteChoice,
} from '../../domain/types';
import { addDays, localDate } from '../../domain/rules';
import { executableOption, temporalTestServerPath } from '../../infra/binaries';
import { rotationCaseWorkflow } from '../../workflows';
import * as messages from '../../workflows/definitions';

export type CaseHandle = WorkflowHandle<typeof rotationCaseWorkflow>;
export type MockActivities = { [K in keyof CaseActivities]: jest.Mock<ReturnType<CaseActivities[K]>, Parameters<CaseActivities[K]>> };

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

export class WorkflowTestbed {
  private constructor(
    readonly env: TestWorkflowEnvironment,
    private readonly workflowBundle: WorkflowBundleWithSourceMap,
  ) {}

  static async start(): Promise<WorkflowTestbed> {
    // The test server does not advertise newer capabilities, and core warns about it on every worker.
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
    const [env, workflowBundle] = await Promise.all([
      TestWorkflowEnvironment.createTimeSkipping({ server: { executable: executableOption(temporalTestServerPath()) } }),
      bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('WARN') }),
    ]);
    return new WorkflowTestbed(env, workflowBundle);
  }

  async teardown(): Promise<void> {
    await this.env.teardown();
  }

  /** Starts a fresh case on its own worker and runs `scenario` while the worker is up. */
  async withCase(scenario: (c: CaseUnderTest) => Promise<void>, activities: MockActivities = mockActivities()): Promise<void> {
    const input = caseInput(new Date(await this.env.currentTimeMs()));
    await this.withWorker(activities, async (taskQueue) => {
      const handle = await this.env.client.workflow.start(rotationCaseWorkflow, {
        taskQueue,
        workflowId: `rotation-test-${input.id}`,
        args: [input],
      });
      await scenario(new CaseUnderTest(this.env, handle, activities, input));
    });
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

/** By default no support policy is in force, so a decided case's support workflow ends at once. */
export function mockActivities(): MockActivities {
  return {
    projectCase: jest.fn<Promise<void>, Parameters<CaseActivities['projectCase']>>(async () => undefined),
    takeUpPost: jest.fn<Promise<void>, Parameters<CaseActivities['takeUpPost']>>(async () => undefined),
    planSupport: jest.fn<Promise<SupportPlan>, Parameters<CaseActivities['planSupport']>>(async () => ({
      status: 'no_policy',
      policyVersion: null,
      entitlements: [],
      payments: [],
    })),
    recordSupportChange: jest.fn<Promise<void>, Parameters<CaseActivities['recordSupportChange']>>(async () => undefined),
  };
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

  vote(member: Actor, vote: VoteChoice, voterCadreId: string | null = null): Promise<CaseState> {
    return this.handle.executeUpdate(messages.castVote, { args: [{ vote, voterCadreId, actor: member }] });
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
}

/** Resolves once `check` holds; activities run in real time after a timer fires. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
