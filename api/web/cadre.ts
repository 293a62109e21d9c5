// A cadre's page (Cán bộ): who they are and their planning records (quy hoạch), the titles they
// are planned for, with a form for an organizer or admin to record one more or withdraw one
// entered by mistake, and a form for an admin to correct the cadre's data. Read through GET
// /v1/cadres/:id and written through POST /v1/planning-records, its withdraw and PATCH
// /v1/cadres/:id, with their scope rules and refusals, shown by the field they name.
import type { Request, Response } from 'express';
import { SEXES } from '../../domain/national-rules';
import type { UnitKind } from '../../domain/types';
import type { CadreChanges, CadreField } from '../../store/cadres';
import { nationalRulesOn } from '../../store/national-rules';
import { type Problem, answered } from '../problem';
import { cadreEndpoints } from '../routes/cadres';
import { nationalRuleEndpoints } from '../routes/national-rules';
import { today } from '../schemas';
import { type Principal, reaches } from '../scope';
import type { Endpoint } from '../endpoint';
import { callEndpoint, endpointIn, errorFor } from './endpoint-form';
import type { WebFormRoutes } from './delegations';
import { formatDate } from './format';
import { type Html, html, query } from './html';
import { csrfField, scrollingTable } from './layout';
import { labelOf } from './messages';
import { described, fieldError } from './pages';
import { input, select } from './form-fields';
import { PROPOSE_PATH, type UnitChoice, formValues, mayPropose, unitChoices, positionOptions } from './propose';
import { type WebContext, webOf } from './session';

export const CADRE_PATH = '/can-bo';
export const cadrePath = (cadreId: string): string => `${CADRE_PATH}/${cadreId}`;
const PLANNERS = ['organizer', 'admin'] as const;
const SAVED_PARAM = 'da-luu';
const CORRECTED_PARAM = 'da-sua';
const WITHDRAWN_PARAM = 'da-rut';

const readCadre = endpointIn(cadreEndpoints, 'get', '/v1/cadres/:id');
const correctCadre = endpointIn(cadreEndpoints, 'patch', '/v1/cadres/:id');
const recordPlanning = endpointIn(nationalRuleEndpoints, 'post', '/v1/planning-records');
const withdrawPlanning = endpointIn(nationalRuleEndpoints, 'post', '/v1/planning-records/:id/withdraw');

/** The form a refusal came from: the planning form, the correction form, or a record's withdrawal. */
type SentForm = 'plan' | 'edit' | { withdraw: string };

interface CadreAnswer {
  id: string;
  fullName: string;
  birthDate: string;
  sex: string;
  homeUnitId: string;
  currentUnitId: string;
  currentPosition: string;
  politicalTheory: string | null;
  planning: {
    id: string;
    title: string;
    unitId: string;
    from: string;
    to: string;
    decisionNumber: string;
    withdrawn: { at: string; by: string; reason: string } | null;
  }[];
  corrections: { at: string; by: string; changes: CadreChanges }[];
}

interface CadreData {
  cadre: CadreAnswer;
  unitNames: ReadonlyMap<string, string>;
  userNames: ReadonlyMap<string, string>;
  /** The units the user may plan for; empty: no form. */
  units: UnitChoice[];
  /** The records the user may withdraw. */
  withdrawable: ReadonlySet<string>;
  /** The home units the user may choose when correcting the cadre; null: no correction form. */
  homeUnits: UnitChoice[] | null;
  posts: Record<UnitKind, string[]>;
  mayPropose: boolean;
  notice: 'cadre.planSaved' | 'cadre.corrected' | 'cadre.withdrawn' | null;
  form?: SentForm;
  values: Record<string, string>;
  problem?: Problem;
}

const NOTICES = [
  [SAVED_PARAM, 'cadre.planSaved'],
  [CORRECTED_PARAM, 'cadre.corrected'],
  [WITHDRAWN_PARAM, 'cadre.withdrawn'],
] as const;

const CORRECTED_FIELDS = ['fullName', 'birthDate', 'sex', 'homeUnitId'] as const satisfies readonly CadreField[];
const FIELD_LABELS = { fullName: 'cadre.fullName', birthDate: 'cadre.birthDate', sex: 'cadre.sex', homeUnitId: 'cadre.homeUnit' } as const;

function correctionForm(web: WebContext, data: CadreData): Html {
  const { t } = web;
  if (!data.homeUnits) return html``;
  const c = data.cadre;
  const sent = sentBy(data, 'edit');
  const values = data.form === 'edit' ? sent.values : { fullName: c.fullName, birthDate: c.birthDate, sex: c.sex, homeUnitId: c.homeUnitId };
  return html`<details class="step-form" ${data.form === 'edit' ? html` open` : ''}>
    <summary>${t('cadre.correct')}</summary>
    <form method="post" action="${cadrePath(c.id)}/sua" data-testid="cadre-form">
      ${csrfField(web)}
      <p class="hint">${t('cadre.correctHint')}</p>
      ${unplacedRefusal(web, sent.problem, CORRECTED_FIELDS)} ${input('cf-name', 'fullName', t('cadre.fullName'), values, sent.problem, html`required`)}
      ${input('cf-birth', 'birthDate', t('cadre.birthDate'), values, sent.problem, html`type="date" required`)}
      ${select(
        'cf-sex',
        'sex',
        t('cadre.sex'),
        SEXES.map((x) => [x, t(`admin.sex.${x}`)] as const),
        values,
        sent.problem,
      )}
      ${select(
        'cf-home',
        'homeUnitId',
        t('cadre.homeUnit'),
        data.homeUnits.map((u) => [u.id, u.label] as const),
        values,
        sent.problem,
      )}
      <button type="submit" class="primary">${t('cadre.correctSubmit')}</button>
    </form>
  </details>`;
}

function correctionList(web: WebContext, data: CadreData): Html {
  const { t } = web;
  const shown = (field: CadreField, value: string) =>
    field === 'sex' ? labelOf(t, 'admin.sex', value) : field === 'birthDate' ? formatDate(value) : field === 'homeUnitId' ? (data.unitNames.get(value) ?? value) : value;
  if (data.cadre.corrections.length === 0) return html``;
  return html`<h3>${t('cadre.corrections')}</h3>
    <ul data-testid="cadre-corrections">
      ${data.cadre.corrections.map(
        (k) =>
          html`<li>
            ${t('cadre.correction', {
              date: formatDate(k.at),
              by: data.userNames.get(k.by) ?? k.by,
              changes: CORRECTED_FIELDS.filter((f) => k.changes[f])
                .map((f) => t('cadre.change', { field: t(FIELD_LABELS[f]), from: shown(f, k.changes[f]!.from), to: shown(f, k.changes[f]!.to) }))
                .join('; '),
            })}
          </li>`,
      )}
    </ul>`;
}

export function cadrePages({ deps, page, action, render }: WebFormRoutes): void {
  const { prisma } = deps;

  async function show(req: Request, res: Response, sent?: { form: SentForm; values: Record<string, string>; problem: Problem }): Promise<void> {
    const web = webOf(res);
    const { user } = web.signedIn!;
    const read = await callEndpoint(deps, user, readCadre, { params: { id: String(req.params.id) }, query: {} }, { lang: webOf(res).lang });
    if (!read.ok) throw answered(read.problem);
    const cadre = read.value as CadreAnswer;
    const [units, rules] = await Promise.all([unitChoices(prisma, user, PLANNERS), nationalRulesOn(prisma, today())]);
    const unitIds = [cadre.homeUnitId, cadre.currentUnitId, ...cadre.planning.map((p) => p.unitId), ...cadre.corrections.flatMap((c) => Object.values(c.changes.homeUnitId ?? {}))];
    const userIds = [...cadre.planning.flatMap((p) => (p.withdrawn ? [p.withdrawn.by] : [])), ...cadre.corrections.map((c) => c.by)];
    const [unitRows, userRows] = await Promise.all([
      prisma.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true, path: true } }),
      prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, fullName: true } }),
    ]);
    const pathOf = new Map(unitRows.map((u) => [u.id, u.path]));
    const reachesUnit = (roles: readonly ('organizer' | 'admin')[], unitId: string) => reaches(user, roles, pathOf.get(unitId) ?? '');
    const mayCorrect = reachesUnit(['admin'], cadre.currentUnitId) || reachesUnit(['admin'], cadre.homeUnitId);
    const homeUnits = mayCorrect ? await homeUnitChoices(user, cadre, unitRows) : null;
    const data: CadreData = {
      cadre,
      unitNames: new Map(unitRows.map((u) => [u.id, u.name])),
      userNames: new Map(userRows.map((u) => [u.id, u.fullName])),
      units,
      withdrawable: new Set(cadre.planning.filter((p) => !p.withdrawn && reachesUnit(PLANNERS, p.unitId)).map((p) => p.id)),
      homeUnits,
      posts: rules.posts,
      mayPropose: mayPropose(user),
      notice: sent ? null : (NOTICES.find(([param]) => req.query[param] === '1')?.[1] ?? null),
      form: sent?.form,
      values: sent?.values ?? {},
      problem: sent?.problem,
    };
    await render(req, res, { status: sent?.problem.status ?? 200, title: web.t('cadre.title', { name: cadre.fullName }), section: 'planning', body: cadrePage(web, data) });
  }

  /** The units an admin may make the cadre's home, with the present one even when outside their reach. */
  async function homeUnitChoices(user: Principal, cadre: CadreAnswer, known: readonly { id: string; name: string }[]): Promise<UnitChoice[]> {
    const choices = await unitChoices(prisma, user, ['admin']);
    if (choices.some((u) => u.id === cadre.homeUnitId)) return choices;
    const home = known.find((u) => u.id === cadre.homeUnitId);
    return [{ id: cadre.homeUnitId, label: home?.name ?? cadre.homeUnitId, kind: 'commune' }, ...choices];
  }

  page(`${CADRE_PATH}/:id`, (req, res) => show(req, res));

  /** Sends the form through `ep`; back to the page with `param` on success, the page with the refusal otherwise. */
  function formAction(
    route: string,
    form: (req: Request) => SentForm,
    ep: Endpoint,
    request: (req: Request, values: Record<string, string>) => Record<string, unknown>,
    param: string,
  ) {
    action(`${CADRE_PATH}/:id${route}`, async (req, res) => {
      const web = webOf(res);
      if (!web.signedIn) return res.redirect(303, '/');
      const values = formValues(req.body);
      const outcome = await callEndpoint(deps, web.signedIn.user, ep, { query: {}, ...request(req, values) }, { lang: web.lang });
      if (outcome.ok) return res.redirect(303, `${cadrePath(String(req.params.id))}${query({ [param]: 1 })}`);
      await show(req, res, { form: form(req), values, problem: outcome.problem });
    });
  }

  const text = (values: Record<string, string>, name: string) => (values[name]?.trim() ? values[name] : undefined);
  formAction(
    '/quy-hoach',
    () => 'plan',
    recordPlanning,
    (req, v) => ({
      body: {
        cadreId: String(req.params.id),
        title: text(v, 'title'),
        unitId: text(v, 'unitId'),
        from: text(v, 'from'),
        to: text(v, 'to'),
        decisionNumber: text(v, 'decisionNumber'),
      },
    }),
    SAVED_PARAM,
  );
  formAction(
    '/quy-hoach/:recordId/rut',
    (req) => ({ withdraw: String(req.params.recordId) }),
    withdrawPlanning,
    (req, v) => ({ params: { id: String(req.params.recordId) }, body: { reason: text(v, 'reason') } }),
    WITHDRAWN_PARAM,
  );
  formAction(
    '/sua',
    () => 'edit',
    correctCadre,
    (req, v) => ({
      params: { id: String(req.params.id) },
      body: { fullName: text(v, 'fullName'), birthDate: text(v, 'birthDate'), sex: text(v, 'sex'), homeUnitId: text(v, 'homeUnitId') },
    }),
    CORRECTED_PARAM,
  );
}

const sentBy = (data: CadreData, form: SentForm) =>
  JSON.stringify(data.form) === JSON.stringify(form) ? { values: data.values, problem: data.problem } : { values: {}, problem: undefined };

/** The refusal of a form that names none of its fields, above the form. */
function unplacedRefusal(web: WebContext, problem: Problem | undefined, fields: readonly string[]): Html {
  if (!problem || fields.some((f) => errorFor(problem, f))) return html``;
  return html`<p class="alert" role="alert">${web.t('cadre.refused', { detail: problem.detail })}</p>`;
}

function withdrawForm(web: WebContext, data: CadreData, recordId: string): Html {
  const { t } = web;
  const { values, problem } = sentBy(data, { withdraw: recordId });
  const id = `wd-${recordId}`;
  const err = errorFor(problem, 'reason');
  return html`<form method="post" action="${cadrePath(data.cadre.id)}/quy-hoach/${recordId}/rut" class="withdraw-form" data-testid="withdraw-form">
    ${csrfField(web)} ${unplacedRefusal(web, problem, ['reason'])}
    <label for="${id}">${t('cadre.withdrawReason')}</label>
    <input id="${id}" name="reason" required value="${values.reason ?? ''}" ${described(id, err)} />${fieldError(id, err)}
    <button type="submit">${t('cadre.withdrawSubmit')}</button>
  </form>`;
}

function planningStatus(web: WebContext, data: CadreData, r: CadreAnswer['planning'][number]): Html {
  const { t } = web;
  // A refusal of a record that shows no form (withdrawn meanwhile) is shown in its row all the same.
  const refused = data.withdrawable.has(r.id) ? html`` : unplacedRefusal(web, sentBy(data, { withdraw: r.id }).problem, []);
  if (r.withdrawn) {
    const { at, by, reason } = r.withdrawn;
    return html`${refused}<span>${t('cadre.planWithdrawn', { date: formatDate(at), by: data.userNames.get(by) ?? by, reason })}</span>`;
  }
  if (!data.withdrawable.has(r.id)) return html`${refused}${t('cadre.planInForce')}`;
  return html`${t('cadre.planInForce')} ${withdrawForm(web, data, r.id)}`;
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
          <th scope="col">${t('cadre.planStatus')}</th>
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
              <td>${planningStatus(web, data, r)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`,
  );
}

function planningForm(web: WebContext, data: CadreData): Html {
  const { t } = web;
  if (data.units.length === 0) return html``;
  const { values: v, problem } = sentBy(data, 'plan');
  const err = (field: string) => errorFor(problem, field);
  const input = (id: string, name: string, label: string, type: string) =>
    html`<div class="field">
      <label for="${id}">${label}</label>
      <input id="${id}" name="${name}" type="${type}" required value="${v[name] ?? ''}" ${described(id, err(name))} />${fieldError(id, err(name))}
    </div>`;
  return html`<form method="post" action="${cadrePath(data.cadre.id)}/quy-hoach" class="step-form" data-testid="planning-form">
    ${csrfField(web)}
    <h3>${t('cadre.planAdd')}</h3>
    ${unplacedRefusal(web, problem, ['title', 'unitId', 'from', 'to', 'decisionNumber'])}
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
      ${data.notice === 'cadre.corrected' ? html`<p class="notice" role="status">${t('cadre.corrected')}</p>` : ''}
      <dl class="facts" data-testid="cadre-facts">
        <dt>${t('cadre.birthDate')}</dt>
        <dd>${formatDate(c.birthDate)}</dd>
        <dt>${t('cadre.sex')}</dt>
        <dd>${labelOf(t, 'admin.sex', c.sex)}</dd>
        <dt>${t('cadre.currentUnit')}</dt>
        <dd>${data.unitNames.get(c.currentUnitId) ?? ''}</dd>
        <dt>${t('cadre.position')}</dt>
        <dd>${labelOf(t, 'position', c.currentPosition)}</dd>
        <dt>${t('cadre.homeUnit')}</dt>
        <dd>${data.unitNames.get(c.homeUnitId) ?? ''}</dd>
        <dt>${t('cadre.theory')}</dt>
        <dd>${labelOf(t, 'theory', c.politicalTheory ?? 'none')}</dd>
      </dl>
      ${data.mayPropose ? html`<p><a href="${PROPOSE_PATH}${query({ cadreId: c.id })}">${t('cadre.propose')}</a></p>` : ''} ${correctionForm(web, data)}
      ${correctionList(web, data)}
    </section>
    <section class="card" data-testid="planning-records">
      <h2 id="cadre-planning">${t('cadre.planning')}</h2>
      ${data.notice === 'cadre.planSaved' || data.notice === 'cadre.withdrawn' ? html`<p class="notice" role="status">${t(data.notice)}</p>` : ''} ${planningTable(web, data)}
      ${planningForm(web, data)}
    </section>`;
}
