// The proposal page (Đề xuất luân chuyển): find the cadre by name or unit with a plain GET form,
// choose the receiving unit from the tree and a post its kind has, and either check the proposal
// (the same checks as POST /v1/rotations, opening nothing) or submit it through that endpoint.
// A refusal shows the API's message by the field it names; a national rule's refusal says how
// an exception is recorded.
import type { Request } from 'express';
import { NATIONAL_RULES, type NationalRule } from '../../domain/national-rules';
import { REVIEW_INTERVAL_MONTHS } from '../../domain/proposal';
import { type Role, UNIT_KINDS, type UnitKind } from '../../domain/types';
import type { PrismaClient } from '../../generated/prisma/client';
import { searchCadres, unitsUnder } from '../../store/directory';
import { nationalRulesOn } from '../../store/national-rules';
import type { AppDeps } from '../deps';
import type { Endpoint } from '../endpoint';
import type { Problem } from '../problem';
import { type ProposalBody, checkRotationProposal, rotationEndpoints } from '../routes/rotations';
import { today } from '../schemas';
import { type Principal, scopeUnitIds } from '../scope';
import { checkRequest, requestProblem } from '../validate';
import type { Language } from '../../domain/refusal-texts';
import { type Html, html } from './html';
import { csrfField } from './layout';
import { labelOf } from './messages';
import { described, fieldError } from './pages';
import { errorFor, refusalOf } from './endpoint-form';
import type { WebContext } from './session';

export const PROPOSE_PATH = '/de-xuat';
/** The most cadres a search shows; narrow it by name or unit for others. */
const CADRES_SHOWN = 30;
const ORGANIZER = ['organizer'] as const;

export const mayPropose = (user: Principal): boolean => user.roles.some((g) => g.role === 'organizer');

/** The form's fields as sent: strings only. */
export type FormValues = Record<string, string>;

export function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (typeof body === 'object' && body !== null) for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
  return values;
}

const exceptionField = (rule: NationalRule, part: 'decisionNumber' | 'reason') => `exception.${rule}.${part}`;

export interface UnitChoice {
  id: string;
  label: string;
  kind: UnitKind;
}

export interface ProposeData {
  search: { q: string; unitId: string };
  cadres: { id: string; fullName: string; unitName: string }[];
  units: UnitChoice[];
  posts: Record<UnitKind, string[]>;
  values: FormValues;
  result?: { passed: true } | { passed: false; problem: Problem };
}

/** The units `roles` (by default the organizer's) reach, each labelled with its chain of names, in tree order. */
export async function unitChoices(prisma: PrismaClient, user: Principal, roles: readonly Role[] = ORGANIZER): Promise<UnitChoice[]> {
  const units = await unitsUnder(prisma, scopeUnitIds(user, roles));
  const names = new Map(units.map((u) => [u.id, u.name]));
  const above = [...new Set(units.flatMap((u) => u.path.split('/').filter((id) => id && !names.has(id))))];
  for (const u of await prisma.unit.findMany({ where: { id: { in: above } }, select: { id: true, name: true } })) names.set(u.id, u.name);
  const labelled = units.map((u) => ({
    id: u.id,
    kind: u.kind as UnitKind,
    label: u.path
      .split('/')
      .filter(Boolean)
      .map((id) => names.get(id))
      .filter((n): n is string => n !== undefined)
      .join(' › '),
  }));
  return labelled.sort((a, b) => a.label.localeCompare(b.label, 'vi'));
}

/** What the page shows: the search's cadres (and the one chosen), the units, the posts in force today. */
export async function loadPropose(prisma: PrismaClient, user: Principal, search: { q: string; unitId: string }, values: FormValues): Promise<ProposeData> {
  const units = await unitChoices(prisma, user);
  const unitId = units.some((u) => u.id === search.unitId) ? search.unitId : undefined;
  const q = search.q.trim() || undefined;
  const scope = scopeUnitIds(user, ORGANIZER);
  const [found, rules] = await Promise.all([q || unitId ? searchCadres(prisma, { scopeUnitIds: scope, unitId, q }) : Promise.resolve([]), nationalRulesOn(prisma, today())]);
  const shown = found.slice(0, CADRES_SHOWN);
  if (values.cadreId && !shown.some((c) => c.id === values.cadreId)) {
    const chosen = (await searchCadres(prisma, { scopeUnitIds: scope })).find((c) => c.id === values.cadreId);
    if (chosen) shown.unshift(chosen);
  }
  const unitNames = new Map(units.map((u) => [u.id, u.label]));
  return {
    search,
    cadres: shown.map((c) => ({ id: c.id, fullName: c.fullName, unitName: unitNames.get(c.currentUnitId) ?? '' })),
    units,
    posts: rules.posts,
    values,
  };
}

const textOf = (value: string | undefined): string | undefined => (value !== undefined && value.trim() !== '' ? value : undefined);
const numberOf = (value: string | undefined): number | string | undefined => {
  const text = textOf(value);
  if (text === undefined) return undefined;
  const n = Number(text.replace(',', '.'));
  return Number.isFinite(n) ? n : text;
};

/** The body of POST /v1/rotations from the form: the sending unit is where the cadre works now. */
async function bodyOf(prisma: PrismaClient, form: FormValues): Promise<Record<string, unknown>> {
  const cadreId = textOf(form.cadreId);
  const cadre = cadreId && cadreId.length <= 100 ? await prisma.cadre.findUnique({ where: { id: cadreId }, select: { currentUnitId: true } }) : null;
  const exceptions = NATIONAL_RULES.flatMap((rule) => {
    const decisionNumber = textOf(form[exceptionField(rule, 'decisionNumber')]);
    const reason = textOf(form[exceptionField(rule, 'reason')]);
    return decisionNumber || reason ? [{ rule, decisionNumber, reason }] : [];
  });
  return {
    cadreId,
    fromUnitId: cadre?.currentUnitId ?? cadreId,
    toUnitId: textOf(form.toUnitId),
    position: textOf(form.position),
    termMonths: numberOf(form.termMonths),
    reviewIntervalMonths: numberOf(form.reviewIntervalMonths),
    nonLocalSecretary: form.nonLocalSecretary === 'on',
    reason: textOf(form.reason),
    effectiveDate: textOf(form.effectiveDate),
    distanceKm: numberOf(form.distanceKm),
    exceptions,
  };
}

function proposalEndpoint(): Endpoint {
  const found = rotationEndpoints.find((e) => e.method === 'post' && e.path === '/v1/rotations');
  if (!found) throw new Error('no endpoint for proposals');
  return found;
}

export type ProposalOutcome = { created: string } | { passed: true } | { problem: Problem };

/** Checks the proposal (`check`: opening nothing) or submits it as POST /v1/rotations would; a server fault is thrown. */
export async function runProposal(deps: AppDeps, user: Principal, req: Request, mode: 'check' | 'submit', lang: Language): Promise<ProposalOutcome> {
  const ep = proposalEndpoint();
  const parsed = checkRequest(ep.request, { params: {}, query: {}, body: await bodyOf(deps.prisma, formValues(req.body)) });
  if (!parsed.success) return { problem: requestProblem(parsed.error).inLanguage(lang) };
  try {
    if (mode === 'check') {
      await checkRotationProposal(deps.prisma, user, (parsed.data as { body: ProposalBody }).body);
      return { passed: true };
    }
    const created = (await ep.handle(parsed.data, { user, deps, idempotencyKey: null, upload: null })) as { id: string };
    return { created: created.id };
  } catch (err) {
    return { problem: refusalOf(err, lang) };
  }
}

const isRule = (rule: string | undefined): rule is NationalRule => (NATIONAL_RULES as readonly string[]).includes(rule ?? '');

function resultBox(web: WebContext, data: ProposeData): Html {
  const { t } = web;
  const result = data.result;
  if (!result) return html``;
  if (result.passed) return html`<p class="notice" role="status" data-testid="propose-result">${t('propose.passed')}</p>`;
  const { problem } = result;
  return html`<div class="alert" role="alert" data-testid="propose-result">
    <p>${t('propose.refused', { detail: problem.detail })}</p>
    ${
      isRule(problem.rule)
        ? html`<p data-testid="propose-rule"><strong>${t('propose.ruleRefused', { rule: t(`rule.${problem.rule}`) })}</strong></p>
            <p>${t('propose.howToExcept')}</p>`
        : ''
    }
  </div>`;
}

function searchForm(web: WebContext, data: ProposeData): Html {
  const { t } = web;
  return html`<form method="get" action="${PROPOSE_PATH}" class="filters card" role="search" data-testid="cadre-search">
    <div class="field">
      <label for="p-q">${t('propose.searchName')}</label>
      <input id="p-q" name="q" value="${data.search.q}" autocomplete="off" />
    </div>
    <div class="field">
      <label for="p-unit">${t('propose.searchUnit')}</label>
      <select id="p-unit" name="unitId">
        <option value="">${t('propose.anyUnit')}</option>
        ${data.units.map((u) => html`<option value="${u.id}" ${u.id === data.search.unitId ? html` selected` : ''}>${u.label}</option>`)}
      </select>
    </div>
    <button type="submit">${t('propose.searchSubmit')}</button>
  </form>`;
}

/** The posts of each kind of unit (by default every kind), as a select's option groups. */
export function positionOptions(web: WebContext, posts: Record<UnitKind, string[]>, selected: string | undefined, kinds: readonly UnitKind[] = UNIT_KINDS): Html[] {
  const { t } = web;
  return kinds.map(
    (kind) =>
      html`<optgroup label="${t('propose.positionsOf', { kind: t(`unitKind.${kind}`) })}">
        ${posts[kind].map((p) => html`<option value="${p}" ${p === selected ? html` selected` : ''}>${labelOf(t, 'position', p)}</option>`)}
      </optgroup>`,
  );
}

export function proposePage(web: WebContext, data: ProposeData): Html {
  const { t } = web;
  const v = data.values;
  const problem = data.result && !data.result.passed ? data.result.problem : undefined;
  const err = (field: string) => errorFor(problem, field);
  const chosenCadre = v.cadreId ?? (data.cadres.length === 1 ? data.cadres[0].id : '');
  const exceptionsOpen = isRule(problem?.rule) || NATIONAL_RULES.some((r) => textOf(v[exceptionField(r, 'decisionNumber')]));
  const input = (id: string, name: string, label: string, attrs: Html = html``) =>
    html`<div class="field">
      <label for="${id}">${label}</label>
      <input id="${id}" name="${name}" value="${v[name] ?? ''}" ${attrs} ${described(id, err(name))} />${fieldError(id, err(name))}
    </div>`;
  return html`${searchForm(web, data)} ${resultBox(web, data)}
    <form method="post" action="${PROPOSE_PATH}" class="card" data-testid="propose-form">
      ${csrfField(web)}<input type="hidden" name="q" value="${data.search.q}" />
      <fieldset class="field" ${described('p-cadre', err('cadreId'))}>
        <legend>${t('propose.cadre')}</legend>
        ${
          data.cadres.length === 0
            ? html`<p class="empty">${t('propose.noCadres')}</p>`
            : data.cadres.map(
                (c) =>
                  html`<label class="choice"
                    ><input type="radio" name="cadreId" value="${c.id}" ${c.id === chosenCadre ? html` checked` : ''} /> ${t('propose.cadreAt', {
                      name: c.fullName,
                      unit: c.unitName,
                    })}</label
                  >`,
              )
        }
        ${fieldError('p-cadre', err('cadreId') ?? err('fromUnitId'))}
      </fieldset>
      <div class="field">
        <label for="p-to">${t('propose.toUnit')}</label>
        <select id="p-to" name="toUnitId" ${described('p-to', err('toUnitId'))}>
          <option value="">${t('propose.chooseUnit')}</option>
          ${data.units.map((u) => html`<option value="${u.id}" ${u.id === v.toUnitId ? html` selected` : ''}>${u.label}</option>`)}</select
        >${fieldError('p-to', err('toUnitId'))}
      </div>
      <div class="field">
        <label for="p-position">${t('propose.position')}</label>
        <select id="p-position" name="position" ${described('p-position', err('position'))}>
          <option value="">${t('propose.choosePosition')}</option>
          ${positionOptions(web, data.posts, v.position)}</select
        >${fieldError('p-position', err('position'))}
      </div>
      ${input('p-term', 'termMonths', t('propose.termMonths'), html`type="number" inputmode="numeric" min="1" max="120" required`)}
      <div class="field">
        <label for="p-review">${t('propose.reviewInterval')}</label>
        <select id="p-review" name="reviewIntervalMonths" ${described('p-review', err('reviewIntervalMonths'))}>
          ${Array.from({ length: REVIEW_INTERVAL_MONTHS.max - REVIEW_INTERVAL_MONTHS.min + 1 }, (_, i) => REVIEW_INTERVAL_MONTHS.min + i).map(
            (n) => html`<option value="${n}" ${String(n) === (v.reviewIntervalMonths ?? String(REVIEW_INTERVAL_MONTHS.max)) ? html` selected` : ''}>${n}</option>`,
          )}</select
        >${fieldError('p-review', err('reviewIntervalMonths'))}
      </div>
      <div class="field">
        <label for="p-reason">${t('propose.reason')}</label>
        <textarea id="p-reason" name="reason" rows="3" required ${described('p-reason', err('reason'))}>${v.reason ?? ''}</textarea>${fieldError('p-reason', err('reason'))}
      </div>
      ${input('p-effective', 'effectiveDate', t('propose.effectiveDate'), html`type="date"`)}
      ${input('p-distance', 'distanceKm', t('propose.distanceKm'), html`type="number" inputmode="decimal" min="0" step="0.1"`)}
      <label class="choice"
        ><input type="checkbox" name="nonLocalSecretary" ${v.nonLocalSecretary === 'on' ? html` checked` : ''} ${described('p-nonlocal', err('nonLocalSecretary'))} />
        ${t('propose.nonLocal')}</label
      >${fieldError('p-nonlocal', err('nonLocalSecretary'))}
      <details class="exceptions" ${exceptionsOpen ? html` open` : ''} data-testid="exceptions">
        <summary>${t('propose.exceptions')}</summary>
        <p class="hint">${t('propose.exceptionsHint')}</p>
        ${fieldError('p-exceptions', err('exceptions'))}
        ${NATIONAL_RULES.map(
          (rule) =>
            html`<fieldset class="field">
              <legend>${t(`rule.${rule}`)}</legend>
              ${input(`p-ex-${rule}-number`, exceptionField(rule, 'decisionNumber'), t('propose.exceptionDecision'))}
              ${input(`p-ex-${rule}-reason`, exceptionField(rule, 'reason'), t('propose.exceptionReason'))}
            </fieldset>`,
        )}
      </details>
      <p class="actions">
        <button type="submit" name="action" value="check">${t('propose.check')}</button>
        <button type="submit" name="action" value="submit" class="primary">${t('propose.submit')}</button>
      </p>
    </form>`;
}
