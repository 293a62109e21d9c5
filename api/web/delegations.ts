// Ủy quyền (delegation): the delegations the signed-in user gave and received, a form to hand
// their tasks of some kinds to another user for a period, and a button to revoke one. Every
// change goes through the handlers of /v1/delegations, so the same rules refuse it (a vote, a
// delegate re-delegating, a period reversed), shown by the field they name. The case page asks
// `stepRights` which forms to show, so a delegate sees the delegator's forms.
import type { Request, RequestHandler, Response } from 'express';
import { DELEGABLE_KINDS, type Delegation, type DelegationStatus } from '../../domain/delegation';
import { ROLES, TASK_KINDS, type TaskKind } from '../../domain/types';
import { searchUsers } from '../../store/directory';
import { isOwnCase } from '../case-roles';
import type { CaseRecord } from '../cases';
import type { AppDeps } from '../deps';
import { allowingDelegator, delegatorsOf } from '../on-behalf';
import type { Problem } from '../problem';
import { delegationEndpoints } from '../routes/delegations';
import { today } from '../schemas';
import { type Principal, scopeUnitIds } from '../scope';
import { callEndpoint, endpointIn, errorFor } from './endpoint-form';
import { formatDate } from './format';
import { type Html, html } from './html';
import { csrfField, scrollingTable } from './layout';
import { taskLabel } from './messages';
import { described, fieldError } from './pages';
import type { WebRoutes } from './reports';
import { type WebContext, webOf } from './session';

export const DELEGATIONS_PATH = '/uy-quyen';
/** The most users a search shows; a longer name narrows it. */
const USERS_SHOWN = 20;
/** The kinds the form offers: those that can be delegated, and the vote, which the rules refuse by its field. */
const OFFERED_KINDS = TASK_KINDS.filter((k) => k === 'vote' || (DELEGABLE_KINDS as readonly TaskKind[]).includes(k));

const create = endpointIn(delegationEndpoints, 'post', '/v1/delegations');
const list = endpointIn(delegationEndpoints, 'get', '/v1/delegations');
const revoke = endpointIn(delegationEndpoints, 'post', '/v1/delegations/:id/revoke');

type Shown = Delegation & { status: DelegationStatus };

/** The web routes this module adds besides its pages: forms, which need the router's CSRF check. */
export interface WebFormRoutes extends WebRoutes {
  deps: AppDeps;
  action: (route: string, handler: (req: Request, res: Response) => Promise<void>, ...before: RequestHandler[]) => unknown;
}

/**
 * Whether `user` may take a step of `kind` on the case: of their own right (`allowed(user)`) or
 * by a delegation of that kind from a user whose right it is, as the step's endpoint judges it.
 */
export async function stepRights(deps: AppDeps, user: Principal, c: CaseRecord): Promise<(kind: TaskKind, allowed: (p: Principal) => boolean) => boolean> {
  const delegators = await delegatorsOf(deps.prisma, user);
  const ownCase = isOwnCase(user, c);
  return (kind, allowed) => allowed(user) || (!ownCase && allowingDelegator(delegators, kind, c.row.cadreId, allowed) !== undefined);
}

interface FormState {
  q: string;
  values: { toUserId?: string; from?: string; to?: string; kinds: string[] };
  problem?: Problem;
}

export function delegationPages({ deps, page, action, render }: WebFormRoutes): void {
  const { prisma } = deps;

  async function show(req: Request, res: Response, form: FormState, status = 200): Promise<void> {
    const web = webOf(res);
    const { user } = web.signedIn!;
    const outcome = await callEndpoint(deps, user, list, { params: {}, query: {} }, { lang: webOf(res).lang });
    if (!outcome.ok) throw new Error(outcome.problem.detail);
    const mine = outcome.value as { given: Shown[]; received: Shown[] };
    const q = form.q.trim();
    const found = q ? (await searchUsers(prisma, { scopeUnitIds: scopeUnitIds(user, ROLES), q })).filter((u) => u.id !== user.id && u.active).slice(0, USERS_SHOWN) : [];
    const chosen = form.values.toUserId;
    const candidates = found.map((u) => ({ id: u.id, fullName: u.fullName, username: u.username }));
    if (chosen && chosen.length <= 100 && !candidates.some((u) => u.id === chosen)) {
      const again = await prisma.user.findUnique({ where: { id: chosen }, select: { id: true, fullName: true, username: true } });
      if (again) candidates.unshift(again);
    }
    const ids = [...mine.given.map((d) => d.toUserId), ...mine.received.map((d) => d.fromUserId)];
    const names = new Map((await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, fullName: true } })).map((u) => [u.id, u.fullName]));
    const body = delegationsPage(web, { ...mine, names, candidates, form });
    await render(req, res, { status, title: web.t('delegation.title'), section: 'delegations', body });
  }

  page(DELEGATIONS_PATH, (req, res) => show(req, res, { q: typeof req.query.q === 'string' ? req.query.q : '', values: { kinds: [] } }));

  action(DELEGATIONS_PATH, async (req, res) => {
    const web = webOf(res);
    if (!web.signedIn) return res.redirect(303, '/');
    const form = req.body as Record<string, unknown>;
    const text = (name: string) => (typeof form[name] === 'string' && form[name] !== '' ? (form[name] as string) : undefined);
    const kinds = (Array.isArray(form.kinds) ? form.kinds : [form.kinds]).filter((k): k is string => typeof k === 'string');
    const values = { toUserId: text('toUserId'), from: text('from'), to: text('to'), kinds };
    const outcome = await callEndpoint(
      deps,
      web.signedIn.user,
      create,
      { params: {}, query: {}, body: { ...values, kinds: kinds.length ? kinds : undefined } },
      { lang: webOf(res).lang },
    );
    if (outcome.ok) return res.redirect(303, DELEGATIONS_PATH);
    await show(req, res, { q: text('q') ?? '', values, problem: outcome.problem }, outcome.problem.status);
  });

  action(`${DELEGATIONS_PATH}/:id/thu-hoi`, async (req, res) => {
    const web = webOf(res);
    if (!web.signedIn) return res.redirect(303, '/');
    const outcome = await callEndpoint(deps, web.signedIn.user, revoke, { params: { id: String(req.params.id) }, query: {} }, { lang: webOf(res).lang });
    if (outcome.ok) return res.redirect(303, DELEGATIONS_PATH);
    await show(req, res, { q: '', values: { kinds: [] }, problem: outcome.problem }, outcome.problem.status);
  });
}

interface PageData {
  given: Shown[];
  received: Shown[];
  names: ReadonlyMap<string, string>;
  candidates: { id: string; fullName: string; username: string }[];
  form: FormState;
}

const STATUS_BADGE: Record<DelegationStatus, string> = { upcoming: 'warn', active: 'ok', ended: '', revoked: 'bad' };

function kindsText(web: WebContext, d: Shown): string {
  return d.kinds.length === 0 ? web.t('delegation.allKinds') : d.kinds.map((k) => taskLabel(web.t, k)).join(', ');
}

function delegationTable(web: WebContext, rows: readonly Shown[], data: PageData, side: 'given' | 'received'): Html {
  const { t } = web;
  if (rows.length === 0) return html`<p class="empty">${t(side === 'given' ? 'delegation.noneGiven' : 'delegation.noneReceived')}</p>`;
  return scrollingTable(
    `delegations-${side}`,
    html`<table>
      <thead>
        <tr>
          <th scope="col">${t(side === 'given' ? 'delegation.delegate' : 'delegation.delegator')}</th>
          <th scope="col">${t('delegation.period')}</th>
          <th scope="col">${t('delegation.kinds')}</th>
          <th scope="col">${t('delegation.status')}</th>
          ${side === 'given' ? html`<th scope="col"><span class="sr">${t('delegation.revoke')}</span></th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${rows.map((d) => {
          const other = side === 'given' ? d.toUserId : d.fromUserId;
          return html`<tr data-delegation-id="${d.id}">
            <th scope="row">${data.names.get(other) ?? other}</th>
            <td>${t('period.fromTo', { from: formatDate(d.from), to: formatDate(d.to) })}</td>
            <td>${kindsText(web, d)}</td>
            <td><span class="badge ${STATUS_BADGE[d.status]}">${t(`delegation.status.${d.status}`)}</span></td>
            ${
              side === 'given'
                ? html`<td>
                    ${
                      d.status === 'active' || d.status === 'upcoming'
                        ? html`<form method="post" action="${DELEGATIONS_PATH}/${d.id}/thu-hoi">${csrfField(web)}<button type="submit">${t('delegation.revoke')}</button></form>`
                        : ''
                    }
                  </td>`
                : ''
            }
          </tr>`;
        })}
      </tbody>
    </table>`,
  );
}

function delegationForm(web: WebContext, data: PageData): Html {
  const { t } = web;
  const { values, problem, q } = data.form;
  const err = (field: string) => errorFor(problem, field);
  // A refusal that names no field of the form is shown above it.
  const unplaced = problem && !['toUserId', 'from', 'to', 'kinds'].some((f) => err(f)) ? problem.detail : undefined;
  const chosen = values.toUserId ?? (data.candidates.length === 1 ? data.candidates[0].id : '');
  const date = (id: string, name: 'from' | 'to', label: string, fallback: string) =>
    html`<div class="field">
      <label for="${id}">${label}</label>
      <input id="${id}" name="${name}" type="date" required value="${values[name] ?? fallback}" ${described(id, err(name))} />${fieldError(id, err(name))}
    </div>`;
  return html`<section class="card" data-testid="delegation-form">
    <h2>${t('delegation.new')}</h2>
    <p class="hint">${t('delegation.rules')}</p>
    <form method="get" action="${DELEGATIONS_PATH}" class="filters" role="search">
      <div class="field">
        <label for="dl-q">${t('delegation.search')}</label>
        <input id="dl-q" name="q" value="${q}" autocomplete="off" />
      </div>
      <button type="submit">${t('delegation.searchSubmit')}</button>
    </form>
    ${unplaced ? html`<p class="alert" role="alert" data-testid="delegation-refused">${t('delegation.refused', { detail: unplaced })}</p>` : ''}
    <form method="post" action="${DELEGATIONS_PATH}" class="step-form">
      ${csrfField(web)}<input type="hidden" name="q" value="${q}" />
      <fieldset class="field" ${described('dl-to', err('toUserId'))}>
        <legend>${t('delegation.delegate')}</legend>
        ${
          data.candidates.length === 0
            ? html`<p class="empty">${t(q.trim() ? 'delegation.noUsers' : 'delegation.searchFirst')}</p>`
            : data.candidates.map(
                (u) =>
                  html`<label class="choice"
                    ><input type="radio" name="toUserId" value="${u.id}" ${u.id === chosen ? html` checked` : ''} /> ${t('delegation.userLabel', {
                      name: u.fullName,
                      username: u.username,
                    })}</label
                  >`,
              )
        }
        ${fieldError('dl-to', err('toUserId'))}
      </fieldset>
      ${date('dl-from', 'from', t('delegation.from'), today())} ${date('dl-until', 'to', t('delegation.to'), '')}
      <fieldset class="field" ${described('dl-kinds', err('kinds'))}>
        <legend>${t('delegation.kinds')}</legend>
        <p class="hint">${t('delegation.kindsHint')}</p>
        ${OFFERED_KINDS.map(
          (k) => html`<label class="choice"><input type="checkbox" name="kinds" value="${k}" ${values.kinds.includes(k) ? html` checked` : ''} /> ${taskLabel(t, k)}</label>`,
        )}
        ${fieldError('dl-kinds', err('kinds'))}
      </fieldset>
      <button type="submit" class="primary">${t('delegation.submit')}</button>
    </form>
  </section>`;
}

export function delegationsPage(web: WebContext, data: PageData): Html {
  const { t } = web;
  const acting = data.received.some((d) => d.status === 'active');
  return html`<section class="card" data-testid="delegations-given">
      <h2 id="delegations-given">${t('delegation.given')}</h2>
      ${delegationTable(web, data.given, data, 'given')}
    </section>
    <section class="card" data-testid="delegations-received">
      <h2 id="delegations-received">${t('delegation.received')}</h2>
      ${acting ? html`<p class="hint">${t('delegation.receivedHint')} <a href="/">${t('nav.tasks')}</a></p>` : ''} ${delegationTable(web, data.received, data, 'received')}
    </section>
    ${delegationForm(web, data)}`;
}
