// A proposal is made in two steps, its rows and then its workflow; a process that dies between
// them leaves rows marked pending. The reconciler finishes such a proposal when its workflow runs,
// and takes it back (its rows and the cadre's open-case lock) when none does. Several API processes
// may run it at once: each decision is Temporal's answer, and each write is conditional.
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { workflowIdFor } from '../domain/types';
import type { PrismaClient } from '../generated/prisma/client';
import type { Logger } from '../infra/logger';
import { confirmProposal, pendingProposalIds, takeBackProposal } from '../store/proposals';
import { type ApiConfig, DEFAULT_TEMPORAL_DEADLINE_MS } from './config';

const RECONCILE_EVERY_MS = 60_000;
/** Pending proposals looked at per run; more wait for the next. */
const BATCH = 100;

export interface Reconciled {
  /** Proposals whose workflow runs, now whole. */
  finished: string[];
  /** Proposals without a workflow, removed. */
  takenBack: string[];
}

/** Settles the pending proposals at least `olderThanMs` old (by the database's clock). */
export async function reconcilePendingProposals(prisma: PrismaClient, temporal: Client, { olderThanMs }: { olderThanMs: number }): Promise<Reconciled> {
  const pending = await pendingProposalIds(prisma, { olderThanMs, limit: BATCH });
  const reconciled: Reconciled = { finished: [], takenBack: [] };
  for (const caseId of pending) {
    if (await workflowStarted(temporal, caseId)) {
      await confirmProposal(prisma, caseId);
      reconciled.finished.push(caseId);
    } else if (await takeBackProposal(prisma, caseId)) {
      reconciled.takenBack.push(caseId);
    }
  }
  return reconciled;
}

async function workflowStarted(temporal: Client, caseId: string): Promise<boolean> {
  try {
    const { status } = await temporal.workflow.getHandle(workflowIdFor(caseId)).describe();
    // Terminated: the API took the proposal back after a failed start, and died before removing its rows.
    return status.name !== 'TERMINATED';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/**
 * A pending proposal this old has no start in flight in any API process: the API gives a start
 * as long as any Temporal call of a request, and takes the proposal back itself when that runs
 * out. Four times that leaves room for the take-back and for clocks a little apart.
 */
export function settledAfterMs(config: Pick<ApiConfig, 'temporalDeadlineMs'>): number {
  return 4 * (config.temporalDeadlineMs ?? DEFAULT_TEMPORAL_DEADLINE_MS);
}

export interface ProposalReconcilerOptions {
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  /** The API's: how long a request's start may take. */
  config: Pick<ApiConfig, 'temporalDeadlineMs'>;
  /**
   * No other API process uses this database (the embedded PGlite, which one process holds): every
   * proposal pending at start was left by a crash, whatever its age.
   */
  exclusive: boolean;
}

/** Reconciles once before resolving, then every minute in the background. Returns the stop. */
export async function startProposalReconciler({ prisma, temporal, logger, config, exclusive }: ProposalReconcilerOptions): Promise<() => Promise<void>> {
  const log = logger.child({ component: 'proposal-reconciler' });
  const settled = settledAfterMs(config);
  let running: Promise<void> | null = null;
  const run = (olderThanMs: number) =>
    (running ??= (async () => {
      try {
        const { finished, takenBack } = await reconcilePendingProposals(prisma, temporal, { olderThanMs });
        if (finished.length) log.info({ caseIds: finished }, 'finished proposals a crash had left pending: their workflows run');
        if (takenBack.length) log.warn({ caseIds: takenBack }, 'took back proposals a crash had left without a workflow; their cadres may be proposed again');
      } catch (err) {
        log.warn({ err }, 'could not reconcile pending proposals; trying again later');
      } finally {
        running = null;
      }
    })());
  await run(exclusive ? 0 : settled);
  const timer = setInterval(() => void run(settled), RECONCILE_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
