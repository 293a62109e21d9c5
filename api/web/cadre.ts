// A cadre's page (Cán bộ): who they are and their planning records (quy hoạch), the titles they
// are planned for, with a form for an organizer or admin to record one more. Read through GET
// /v1/cadres/:id and written through POST /v1/planning-records, with their scope rules and
// refusals, shown by the field they name.
import type { Request, Response } from 'express';
import type { UnitKind } from '../../domain/types';
import { nationalRulesOn } from '../../store/national-rules';
import { HttpProblem, type Problem } from '../problem';
import { cadreEndpoints } from '../routes/cadres';
import { nationalRuleEndpoints } from '../routes/national-rules';
import { today } from '../schemas';
import { callEndpoint, endpointIn, errorFor } from './endpoint-form';
import type { WebFormRoutes } from './delegations';
import { formatDate } from './format';
import { type Html, html, query } from './html';
import { csrfField, scrollingTable } from './layout';
import { labelOf } from './messages';
import { described, fieldError } from './pages';
import { PROPOSE_PATH, type UnitChoice, formValues, mayPropose, unitChoices, positionOptions } from './propose';
import { type WebContext, webOf } from './session';

export const CADRE_PATH = '/can-bo';
export const cadrePath = (cadreId: string): string => `${CADRE_PATH}/${cadreId}`;
const PLANNERS = ['organizer', 'admin'] as const;
const SAVED_PARAM = 'da-luu';

const readCadre = endpointIn(cadreEndpoints, 'get', '/v1/cadres/:id');
const recordPlanning = endpointIn(nationalRuleEndpoints, 'post', '/v1/planning-records');

interface CadreAnswer {
  id: string;
  fullName: string;
  birthDate: string;
  homeUnitId: string;
  currentUnitId: string;
  currentPosition: string;
  politicalTheory: string | null;
  planning: { id: string; title: string; unitId: string; from: string; to: string; decisionNumber: string }[];
}

interface CadreData {
  cadre: CadreAnswer;
  unitNames: ReadonlyMap<string, string>;
  /** The units the user may plan for; empty: no form. */
  units: UnitChoice[];
  posts: Record<UnitKind, string[]>;
  mayPropose: boolean;
  saved: boolean;
  values: Record<string, string>;
  problem?: Problem;
}

export function cadrePages({ deps, page, action, render }: WebFormRoutes): void {
  const { prisma } = deps;

  async function show(req: Request, res: Response, values: Record<string, string>, problem?: Problem): Promise<void> {
    const web = webOf(res);
    const { user } = web.signedIn!;
    const read = await callEndpoint(deps, user, readCadre, { params: { id: String(req.params.id) }, query: {} }, { lang: webOf(res).lang });
    if (!read.ok) throw new HttpProblem(read.problem.status, read.problem.detail);
    const cadre = read.value as CadreAnswer;
    const [units, rules] = await Promise.all([unitChoices(prisma, user, PLANNERS), nationalRulesOn(prisma, today())]);
    const ids = [cadre.homeUnitId, cadre.currentUnitId, ...cadre.planning.map((p) => p.unitId)];
    const unitNames = new Map((await prisma.unit.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
    const data: CadreData = { cadre, unitNames, units, posts: rules.posts, mayPropose: mayPropose(user), saved: req.query[SAVED_PARAM] === '1', values, problem };
    await render(req, res, { status: problem?.status ?? 200, title: web.t('cadre.title', { name: cadre.fullName }), section: 'planning', body: cadrePage(web, data) });
  }

  page(`${CADRE_PATH}/:id`, (req, res) => show(req, res, {}));

  action(`${CADRE_PATH}/:id/quy-hoach`, async (req, res) => {
    const web = webOf(res);
    if (!web.signedIn) return res.redirect(303, '/');
    const cadreId = String(req.params.id);
    const values = formValues(req.body);
    const text = (name: string) => (values[name]?.trim() ? values[name] : undefined);
    const body = { cadreId, title: text('title'), unitId: text('unitId'), from: text('from'), to: text('to'), decisionNumber: text('decisionNumber') };
    const outcome = await callEndpoint(deps, web.signedIn.user, recordPlanning, { params: {}, query: {}, body }, { lang: webOf(res).lang });
    if (outcome.ok) return res.redirect(303, `${cadrePath(cadreId)}${query({ [SAVED_PARAM]: 1 })}`);
    await show(req, res, values, outcome.problem);
  });
}

function planningTable(web: WebContext, data: CadreData): Html {
  const { t } = web;
  const records = data.cadre.planning;
  if (records.length === 0) return html`<p class="empty">${t('cadre.noPlanning')}</p>`;
  return scrollingTable(
    'cadre-planning',
    html`<table>
      <thead>
        <tr>
          <th scope="col">${t('cadre.planTitle')}</th>
          <th scope="col">${t('cadre.planUnit')}</th>
          <th scope="col">${t('cadre.planPeriod')}</th>
          <th scope="col">${t('cadre.planDecision')}</th>
        </tr>
      </thead>
      <tbody>
        ${records.map(
          (r) =>
            html`<tr data-planning-id="${r.id}">
              <th scope="row">${labelOf(t, 'position', r.title)}</th>
              <td>${data.unitNames.get(r.unitId) ?? r.unitId}</td>
              <td>${t('period.fromTo', { from: formatDate(r.from), to: formatDate(r.to) })}</td>
              <td>${r.decisionNumber}</td>
            </tr>`,
        )}
      </tbody>
    </table>`,
  );
}

function planningForm(web: WebContext, data: CadreData): Html {
  const { t } = web;
  if (data.units.length === 0) return html``;
  const v = data.values;
  const err = (field: string) => errorFor(data.problem, field);
  const unplaced = data.problem && !['title', 'unitId', 'from', 'to', 'decisionNumber'].some((f) => err(f)) ? data.problem.detail : undefined;
  const input = (id: string, name: string, label: string, type: string) =>
    html`<div class="field">
      <label for="${id}">${label}</label>
      <input id="${id}" name="${name}" type="${type}" required value="${v[name] ?? ''}" ${described(id, err(name))} />${fieldError(id, err(name))}
    </div>`;
  return html`<form method="post" action="${cadrePath(data.cadre.id)}/quy-hoach" class="step-form" data-testid="planning-form">
    ${csrfField(web)}
    <h3>${t('cadre.planAdd')}</h3>
    ${unplaced ? html`<p class="alert" role="alert">${t('cadre.refused', { detail: unplaced })}</p>` : ''}
    <div class="field">
      <label for="pl-title">${t('cadre.planTitle')}</label>
      <select id="pl-title" name="title" required ${described('pl-title', err('title'))}>
        <option value="">${t('cadre.chooseTitle')}</option>
        ${positionOptions(web, data.posts, v.title)}</select
      >${fieldError('pl-title', err('title'))}
    </div>
    <div class="field">
      <label for="pl-unit">${t('cadre.planUnit')}</label>
      <select id="pl-unit" name="unitId" required ${described('pl-unit', err('unitId'))}>
        <option value="">${t('cadre.chooseUnit')}</option>
        ${data.units.map((u) => html`<option value="${u.id}" ${u.id === v.unitId ? html` selected` : ''}>${u.label}</option>`)}</select
      >${fieldError('pl-unit', err('unitId'))}
    </div>
    ${input('pl-from', 'from', t('cadre.planFrom'), 'date')} ${input('pl-to', 'to', t('cadre.planTo'), 'date')}
    ${input('pl-decision', 'decisionNumber', t('cadre.planDecision'), 'text')}
    <button type="submit" class="primary">${t('cadre.planSubmit')}</button>
  </form>`;
}

export function cadrePage(web: WebContext, data: CadreData): Html {
  const { t } = web;
  const c = data.cadre;
  return html`<section class="card">
      <dl class="facts" data-testid="cadre-facts">
        <dt>${t('cadre.birthDate')}</dt>
        <dd>${formatDate(c.birthDate)}</dd>
        <dt>${t('cadre.currentUnit')}</dt>
        <dd>${data.unitNames.get(c.currentUnitId) ?? ''}</dd>
        <dt>${t('cadre.position')}</dt>
        <dd>${labelOf(t, 'position', c.currentPosition)}</dd>
        <dt>${t('cadre.homeUnit')}</dt>
        <dd>${data.unitNames.get(c.homeUnitId) ?? ''}</dd>
        <dt>${t('cadre.theory')}</dt>
        <dd>${labelOf(t, 'theory', c.politicalTheory ?? 'none')}</dd>
      </dl>
      ${data.mayPropose ? html`<p><a href="${PROPOSE_PATH}${query({ cadreId: c.id })}">${t('cadre.propose')}</a></p>` : ''}
    </section>
    <section class="card" data-testid="planning-records">
      <h2 id="cadre-planning">${t('cadre.planning')}</h2>
      ${data.saved ? html`<p class="notice" role="status">${t('cadre.planSaved')}</p>` : ''} ${planningTable(web, data)} ${planningForm(web, data)}
    </section>`;
}
