// Delegation: a user hands their tasks of some kinds to another user for a period, and the
// delegate acts on their behalf. Votes stay personal, delegations never chain, and no one acts on
// their own case through one. Pure.
import { OWN_CASE_RULE, actsOnOwnCase } from './duties';
import { Refusal } from './refusal';
import type { TaskKind } from './types';
import { refusalText } from './refusal-texts';

/**
 * The task kinds whose steps a delegate takes on the delegator's behalf. Never the vote: each
 * member of the Standing Committee votes personally. Not yet the support's steps (approval,
 * payments, salary raise) nor follow-ups, which their owner closes.
 */
export const DELEGABLE_KINDS = ['consultation', 'appraisal', 'decision', 'review', 'continuation', 'term_end', 'evaluation', 'attention'] as const satisfies readonly TaskKind[];
export type DelegableKind = (typeof DELEGABLE_KINDS)[number];

export function isDelegable(kind: TaskKind): kind is DelegableKind {
  return (DELEGABLE_KINDS as readonly TaskKind[]).includes(kind);
}

/** The longest delegation, in days (inclusive of both ends). */
export const MAX_DELEGATION_DAYS = 366;

export const DELEGATION_STATUSES = ['upcoming', 'active', 'ended', 'revoked'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];

export interface Delegation {
  id: string;
  fromUserId: string;
  toUserId: string;
  /** Vietnam dates, YYYY-MM-DD, both inclusive. */
  from: string;
  to: string;
  /** Empty: every delegable kind. */
  kinds: readonly TaskKind[];
  revokedAt: string | null;
}

export interface DelegationRequest {
  fromUserId: string;
  toUserId: string;
  from: string;
  to: string;
  kinds?: readonly TaskKind[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function delegationStatus(d: Pick<Delegation, 'from' | 'to' | 'revokedAt'>, today: string): DelegationStatus {
  if (d.revokedAt !== null) return 'revoked';
  if (today < d.from) return 'upcoming';
  return today > d.to ? 'ended' : 'active';
}

/** The periods of two delegations share a day. */
function overlaps(a: Pick<Delegation, 'from' | 'to'>, b: Pick<Delegation, 'from' | 'to'>): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/**
 * Refuses a new delegation (422 naming the field): to oneself, a period reversed, begun before
 * today or longer than a year, a vote, or by a user who holds, over that period, a delegation
 * received: acting on behalf never passes through two delegations. `existing`: the delegations
 * given or received by either user.
 */
export function admitDelegation(request: DelegationRequest, today: string, existing: readonly Delegation[]): void {
  if (request.toUserId === request.fromUserId) throw new Refusal('rule', refusalText('delegation_to_self'), 'toUserId');
  if (request.kinds?.includes('vote')) throw new Refusal('rule', refusalText('delegation_of_vote'), 'kinds');
  const other = request.kinds?.find((k) => !isDelegable(k));
  if (other) throw new Refusal('rule', refusalText('kind_not_delegable', { kind: other, delegable: DELEGABLE_KINDS }), 'kinds');
  if (request.from < today) throw new Refusal('rule', refusalText('delegation_in_past', { today }), 'from');
  if (request.to < request.from) throw new Refusal('rule', refusalText('delegation_ends_before'), 'to');
  if (daysBetween(request.from, request.to) + 1 > MAX_DELEGATION_DAYS) throw new Refusal('rule', refusalText('delegation_too_long', { max: MAX_DELEGATION_DAYS }), 'to');
  const live = existing.filter((d) => d.revokedAt === null && overlaps(d, request));
  if (live.some((d) => d.toUserId === request.fromUserId)) {
    throw new Refusal('rule', refusalText('delegation_redelegated'), 'toUserId');
  }
  if (live.some((d) => d.fromUserId === request.toUserId)) {
    throw new Refusal('rule', refusalText('delegation_delegator_busy'), 'toUserId');
  }
}

/** The delegation covers tasks of `kind`, a delegable one; a vote never. */
export function coversKind(d: Pick<Delegation, 'kinds'>, kind: TaskKind): boolean {
  return isDelegable(kind) && (d.kinds.length === 0 || d.kinds.includes(kind));
}

/** The delegation is active `today` and covers tasks of `kind`. */
export function coversKindOn(d: Delegation, kind: TaskKind, today: string): boolean {
  return delegationStatus(d, today) === 'active' && coversKind(d, kind);
}

/** The delegate or the delegator is linked to the case's cadre. */
export function onBehalfOnOwnCase(delegateCadreId: string | null, delegatorCadreId: string | null, caseCadreId: string): boolean {
  return actsOnOwnCase(delegateCadreId, caseCadreId) || actsOnOwnCase(delegatorCadreId, caseCadreId);
}

/** 403 naming `own_case` when a step on behalf would be a step on the delegate's or the delegator's own case. */
export function requireNotOwnCaseOnBehalf(delegateCadreId: string | null, delegatorCadreId: string | null, caseCadreId: string): void {
  if (onBehalfOnOwnCase(delegateCadreId, delegatorCadreId, caseCadreId)) {
    throw new Refusal('forbidden', refusalText('own_case_delegation'), undefined, OWN_CASE_RULE);
  }
}
