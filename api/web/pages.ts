// The pages' content, from data already loaded and checked against the signed-in user's scope.
import {
  APPRAISAL_OUTCOMES,
  CASE_STATUSES,
  CONCERN_TYPES,
  DOCUMENT_KINDS,
  CONSULTATION_OUTCOMES,
  type CaseStatus,
  type Party,
  TASK_KINDS,
  type TaskKind,
  VOTE_CHOICES,
} from '../../domain/types';
import type { Dossier } from '../../domain/dossier';
import type { Problem } from '../problem';
import type { caseView } from '../case-view';
import type { Task } from '../tasks';
import { formatDate, formatDateTime } from './format';
import { type Html, html, query } from './html';
import { PAGE_TITLE_ID, csrfField, scrollingTable } from './layout';
import { labelOf, partyLabel, statusLabel, taskLabel } from './messages';
import type { TermActions } from './case-sections';
import type { WebContext } from './session';
import { STEP_KEY_FIELD, type WebStep, resolutionField } from './steps';

export type CaseView = ReturnType<typeof caseView>;

/** Names the pages show in place of ids. */
export interface Names {
  units: ReadonlyMap<string, string>;
  cadres: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
}

const nameIn = (names: ReadonlyMap<string, string>, id: string | null | undefined) => (id ? (names.get(id) ?? id) : '');

/** A field's error, tied to its input by id for screen readers. */
export function fieldError(id: string, message: string | undefined): Html {
  return message ? html`<p class="field-error" id="${id}-error" role="alert">${message}</p>` : html``;
}

export function signInPage(web: WebContext, values: { username?: string; error?: string }): Html {
  const { t } = web;
  return html`<form method="post" action="/dang-nhap" class="card narrow">
    ${csrfField(web)} ${values.error ? html`<p class="alert" role="alert">${values.error}</p>` : ''}
    <div class="field">
      <label for="username">${t('signIn.username')}</label> <input id="username" name="username" autocomplete="username" required value="${values.username ?? ''}" />
    </div>
    <div class="field"><label for="password">${t('signIn.password')}</label> <input id="password" name="password" type="password" autocomplete="current-password" required /></div>
    <button type="submit" class="primary">${t('signIn.submit')}</button>
    <p class="hint">${t('signIn.firstTime')}</p>
  </form>`;
}

/** Overdue first, then by due date (none last), then by case. */
export function inboxOrder(a: Task, b: Task): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const due = (x: Task) => (x.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(x.dueAt));
  return due(a) - due(b) || a.rotationId.localeCompare(b.rotationId);
}

export function tasksPage(web: WebContext, tasks: readonly Task[], cadreOfCase: ReadonlyMap<string, string>, kind: TaskKind | undefined): Html {
  const { t } = web;
  const filter = html`<form method="get" action="/" class="filters" hx-get="/" hx-trigger="change" hx-target="#main" hx-select="#main" hx-swap="outerHTML" hx-push-url="true">
    <div class="field inline">
      <label for="kind">${t('tasks.filter')}</label>
      <select id="kind" name="loai">
        <option value="">${t('tasks.allKinds')}</option>
        ${TASK_KINDS.map((k) => html`<option value="${k}" ${k === kind ? html` selected` : ''}>${taskLabel(t, k)}</option>`)}
      </select>
    </div>
    <button type="submit">${t('tasks.apply')}</button>
  </form>`;
  if (tasks.length === 0)
    return html`${filter}
      <p class="empty">${t('tasks.empty')}</p>`;
  return html`${filter}
    <ul class="tasks" data-testid="tasks">
      ${tasks.map(
        (task) =>
          html`<li class="task${task.overdue ? ' overdue' : ''}">
            <a href="/ho-so/${task.rotationId}"><strong>${taskLabel(t, task.kind)}</strong>${task.party ? html` · ${partyLabel(t, task.party)}` : ''}</a>
            ${task.onBehalfOf ? html`<span class="on-behalf">(${t('case.onBehalfOf', { name: task.onBehalfOf.username })})</span>` : ''}
            <span>${t('tasks.cadre')}: ${cadreOfCase.get(task.rotationId) ?? ''}</span>
            <span>${t('tasks.due')}: ${task.dueDate ? formatDate(task.dueDate) : t('tasks.noDue')}</span>
            <span class="badge ${task.overdue ? 'bad' : 'ok'}">${task.overdue ? t('tasks.overdue') : t('tasks.onTime')}</span>
            ${task.escalated ? html`<span class="badge warn">${t('tasks.escalated')}</span>` : ''}
          </li>`,
      )}
    </ul>`;
}

export interface CaseRow {
  id: string;
  status: CaseStatus;
  cadreName: string;
  fromName: string;
  toName: string;
  position: string;
  proposedAt: string;
}

export function casesPage(web: WebContext, rows: readonly CaseRow[], status: CaseStatus | undefined, nextCursor: string | null, isFirstPage: boolean): Html {
  const { t } = web;
  return html`<form method="get" action="/ho-so" class="filters">
      <div class="field inline">
        <label for="status">${t('cases.status')}</label>
        <select id="status" name="trang-thai">
          <option value="">${t('cases.allStatuses')}</option>
          ${CASE_STATUSES.map((s) => html`<option value="${s}" ${s === status ? html` selected` : ''}>${statusLabel(t, s)}</option>`)}
        </select>
      </div>
      <button type="submit">${t('cases.apply')}</button>
    </form>
    ${
      rows.length === 0
        ? html`<p class="empty">${t('cases.empty')}</p>`
        : scrollingTable(
            PAGE_TITLE_ID,
            html`<table data-testid="cases">
              <thead>
                <tr>
                  <th scope="col">${t('cases.cadre')}</th>
                  <th scope="col">${t('cases.status')}</th>
                  <th scope="col">${t('cases.from')}</th>
                  <th scope="col">${t('cases.to')}</th>
                  <th scope="col">${t('cases.position')}</th>
                  <th scope="col">${t('cases.proposedAt')}</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) =>
                    html`<tr>
                      <td><a href="/ho-so/${r.id}">${r.cadreName}</a></td>
                      <td><span class="badge">${statusLabel(t, r.status)}</span></td>
                      <td>${r.fromName}</td>
                      <td>${r.toName}</td>
                      <td>${labelOf(t, 'position', r.position)}</td>
                      <td>${formatDate(r.proposedAt)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }
    <p class="pager">
      ${isFirstPage ? '' : html`<a href="/ho-so${query({ 'trang-thai': status })}">${t('cases.first')}</a>`}
      ${nextCursor ? html`<a href="/ho-so${query({ 'trang-thai': status, sau: nextCursor })}" rel="next">${t('cases.next')}</a>` : ''}
    </p>`;
}

/** The path a case takes; an ended case shows how far it got. */
const STEPS: readonly CaseStatus[] = ['consultation', 'appraisal', 'committee_vote', 'decision_pending', 'decided', 'active', 'completed'];

function reachedStep(c: CaseView): number {
  const onPath = STEPS.indexOf(c.status);
  if (onPath >= 0) return onPath;
  if (c.activatedAt) return STEPS.indexOf('active');
  if (c.decision) return STEPS.indexOf('decided');
  if (c.votes.outcome) return STEPS.indexOf('committee_vote');
  if (c.appraisal) return STEPS.indexOf('appraisal');
  return 0;
}

function stepBar(web: WebContext, c: CaseView): Html {
  const { t } = web;
  const reached = reachedStep(c);
  const onPath = STEPS.includes(c.status);
  return html`<ol class="steps" aria-label="${t('case.steps')}">
    ${STEPS.map((s, i) => {
      const current = onPath && i === reached;
      const done = i < reached || (!onPath && i === reached);
      return html`<li class="${current ? 'current' : done ? 'done' : ''}" ${current ? html` aria-current="step"` : ''}>
        ${statusLabel(t, s)}<span class="sr">${current ? ` (${t('case.stepCurrent')})` : done ? ` (${t('case.stepDone')})` : ''}</span>
      </li>`;
    })}
  </ol>`;
}

/** The steps the signed-in user may take on the case now, and a refused one to show again. */
export interface CaseActions {
  consultationParties: readonly Party[];
  mayVote: boolean;
  mayAppraise: boolean;
  mayAddDocument: boolean;
  maySignDecision: boolean;
  /** The case's dossier: each kind, whether required, and the document that counts. */
  dossier: Dossier;
  /** A fresh key per page, so a form sent twice is one step. */
  stepKey: string;
  /** The later steps: support, reviews, follow-ups, evaluations, the term (case-sections.ts). */
  term: TermActions;
  refused?: { step: WebStep; problem: Problem; form: Record<string, unknown> };
}

/** The messages of a refusal for one field: those naming it, or the whole refusal by the form's main field. */
export function refusalFor(actions: CaseActions, step: WebStep, field: string, main: boolean): string | undefined {
  const refused = actions.refused;
  if (refused?.step !== step) return undefined;
  const named = (refused.problem.errors ?? []).filter((e) => e.path === field || e.path.startsWith(`${field}.`)).map((e) => e.message);
  if (named.length) return named.join('; ');
  return main && !(refused.problem.errors ?? []).length ? refused.problem.detail : undefined;
}

export function described(id: string, message: string | undefined): Html {
  return message ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

export const formValue = (actions: CaseActions, step: WebStep, name: string): string => {
  const value = actions.refused?.step === step ? actions.refused.form[name] : undefined;
  return typeof value === 'string' ? value : '';
};

function consultationForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  if (actions.consultationParties.length === 0) return html``;
  const step = 'consultations';
  const value = (name: string) => formValue(actions, step, name);
  const error = (field: string, main = false) => refusalFor(actions, step, field, main);
  const outcomeError = error('outcome', true);
  return html`<form method="post" action="/ho-so/${c.id}/y-kien" class="step-form" data-testid="consultation-form">
    ${csrfField(web)}<input type="hidden" name="${STEP_KEY_FIELD}" value="${actions.stepKey}" />
    <h3>${t('step.consultation.title')}</h3>
    <div class="field">
      <label for="c-party">${t('case.party')}</label>
      <select id="c-party" name="party" ${described('c-party', error('party'))}>
        ${actions.consultationParties.map((p) => html`<option value="${p}" ${p === value('party') ? html` selected` : ''}>${partyLabel(t, p)}</option>`)}</select
      >${fieldError('c-party', error('party'))}
    </div>
    <fieldset class="field" ${described('c-outcome', outcomeError)}>
      <legend>${t('case.outcome')}</legend>
      ${CONSULTATION_OUTCOMES.map(
        (o) =>
          html`<label class="choice"><input type="radio" name="outcome" value="${o}" ${o === value('outcome') ? html` checked` : ''} /> ${labelOf(t, 'consultation', o)}</label>`,
      )}
      ${fieldError('c-outcome', outcomeError)}
    </fieldset>
    <div class="field">
      <label for="c-concern">${t('step.concernType')}</label>
      <select id="c-concern" name="concernType" ${described('c-concern', error('concerns'))}>
        <option value="">${t('step.noConcern')}</option>
        ${CONCERN_TYPES.map((k) => html`<option value="${k}" ${k === value('concernType') ? html` selected` : ''}>${labelOf(t, 'concern', k)}</option>`)}</select
      >${fieldError('c-concern', error('concerns'))}
    </div>
    <div class="field"><label for="c-concern-note">${t('step.concernNote')}</label> <input id="c-concern-note" name="concernNote" value="${value('concernNote')}" /></div>
    <div class="field">
      <label for="c-note">${t('case.note')}</label>
      <textarea id="c-note" name="note" rows="3" ${described('c-note', error('note'))}>${value('note')}</textarea>${fieldError('c-note', error('note'))}
    </div>
    <button type="submit" class="primary">${t('step.consultation.submit')}</button>
  </form>`;
}

function voteForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  if (!actions.mayVote && actions.refused?.step !== 'votes') return html``;
  const step = 'votes';
  const voteError = refusalFor(actions, step, 'vote', true);
  const noteError = refusalFor(actions, step, 'note', false);
  return html`<form method="post" action="/ho-so/${c.id}/bieu-quyet" class="step-form" data-testid="vote-form">
    ${csrfField(web)}<input type="hidden" name="${STEP_KEY_FIELD}" value="${actions.stepKey}" />
    <h3>${t('step.vote.title')}</h3>
    <fieldset class="field" ${described('v-vote', voteError)}>
      <legend>${t('step.vote.choice')}</legend>
      ${VOTE_CHOICES.map(
        (v) =>
          html`<label class="choice"
            ><input type="radio" name="vote" value="${v}" ${v === formValue(actions, step, 'vote') ? html` checked` : ''} /> ${labelOf(t, 'voteChoice', v)}</label
          >`,
      )}
      ${fieldError('v-vote', voteError)}
    </fieldset>
    <div class="field">
      <label for="v-note">${t('step.vote.note')}</label>
      <textarea id="v-note" name="note" rows="2" ${described('v-note', noteError)}>${formValue(actions, step, 'note')}</textarea>${fieldError('v-note', noteError)}
    </div>
    <button type="submit" class="primary">${t('step.vote.submit')}</button>
  </form>`;
}

/** The form's opening: its CSRF token, its step key and its title. */
function stepFormHead(web: WebContext, actions: CaseActions, title: string): Html {
  return html`<input type="hidden" name="${STEP_KEY_FIELD}" value="${actions.stepKey}" />${csrfField(web)}
    <h3>${title}</h3>`;
}

function appraisalForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  if (!actions.mayAppraise) return html``;
  const step = 'appraisal';
  const value = (name: string) => formValue(actions, step, name);
  // An incomplete dossier is told by the outcome, the field that asked to endorse.
  const outcomeError = refusalFor(actions, step, 'outcome', true) ?? refusalFor(actions, step, 'dossier', false);
  const resolutionsError = refusalFor(actions, step, 'resolutions', false);
  const noteError = refusalFor(actions, step, 'note', false);
  // Every party that objected in this round needs a resolution before the case is endorsed.
  const objected = c.consultations.filter((r) => r.outcome === 'object').map((r) => r.party);
  return html`<form method="post" action="/ho-so/${c.id}/tham-dinh" class="step-form" data-testid="appraisal-form">
    ${stepFormHead(web, actions, t('step.appraisal.title'))}
    <fieldset class="field" ${described('a-outcome', outcomeError)}>
      <legend>${t('step.appraisal.outcome')}</legend>
      ${APPRAISAL_OUTCOMES.map(
        (o) => html`<label class="choice"><input type="radio" name="outcome" value="${o}" ${o === value('outcome') ? html` checked` : ''} /> ${labelOf(t, 'appraisal', o)}</label>`,
      )}
      ${fieldError('a-outcome', outcomeError)}
    </fieldset>
    ${objected.map(
      (party, i) =>
        html`<div class="field">
          <label for="a-resolution-${party}">${t('step.appraisal.resolution', { party: partyLabel(t, party) })}</label>
          <textarea id="a-resolution-${party}" name="${resolutionField(party)}" rows="2" ${described(`a-resolution-${party}`, i === 0 ? resolutionsError : undefined)}>
${value(resolutionField(party))}</textarea
          >${i === 0 ? fieldError(`a-resolution-${party}`, resolutionsError) : ''}
        </div>`,
    )}
    ${objected.length === 0 && resolutionsError ? fieldError('a-resolutions', resolutionsError) : ''}
    <div class="field">
      <label for="a-note">${t('case.note')}</label>
      <textarea id="a-note" name="note" rows="3" ${described('a-note', noteError)}>${value('note')}</textarea>${fieldError('a-note', noteError)}
    </div>
    <button type="submit" class="primary">${t('step.appraisal.submit')}</button>
  </form>`;
}

function decisionForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  if (!actions.maySignDecision) return html``;
  const step = 'decision';
  const value = (name: string) => formValue(actions, step, name);
  const numberError = refusalFor(actions, step, 'decisionNumber', true);
  const signedError = refusalFor(actions, step, 'signedAt', false);
  const effectiveError = refusalFor(actions, step, 'effectiveDate', false);
  return html`<form method="post" action="/ho-so/${c.id}/quyet-dinh" class="step-form" data-testid="decision-form">
    ${stepFormHead(web, actions, t('step.decision.title'))}
    <div class="field">
      <label for="d-number">${t('case.decisionNumber')}</label>
      <input id="d-number" name="decisionNumber" required value="${value('decisionNumber')}" ${described('d-number', numberError)} />${fieldError('d-number', numberError)}
    </div>
    <div class="field">
      <label for="d-signed">${t('case.signedAt')}</label>
      <input id="d-signed" name="signedAt" type="date" required value="${value('signedAt')}" ${described('d-signed', signedError)} />${fieldError('d-signed', signedError)}
    </div>
    <div class="field">
      <label for="d-effective">${t('case.effectiveDate')}</label>
      <input id="d-effective" name="effectiveDate" type="date" required value="${value('effectiveDate')}" ${described('d-effective', effectiveError)} />${fieldError(
        'd-effective',
        effectiveError,
      )}
    </div>
    <button type="submit" class="primary">${t('step.decision.submit')}</button>
  </form>`;
}

/** The dossier: each kind, required or not, provided (with a link to the document) or missing. */
function dossierSection(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const dossier = actions.dossier;
  const { t } = web;
  return html`<section class="card" data-testid="dossier">
    <h2 id="dossier-title">${t('dossier.title')}</h2>
    <p class="${dossier.complete ? 'notice' : 'alert'}">${dossier.complete ? t('dossier.complete') : t('dossier.incomplete')}</p>
    ${scrollingTable(
      'dossier-title',
      html`<table>
        <thead>
          <tr>
            <th scope="col">${t('dossier.kind')}</th>
            <th scope="col">${t('dossier.required')}</th>
            <th scope="col">${t('dossier.status')}</th>
          </tr>
        </thead>
        <tbody>
          ${dossier.items.map(
            (i) =>
              html`<tr>
                <td>${labelOf(t, 'docKind', i.kind)}</td>
                <td>${i.required ? t('case.yes') : t('case.no')}</td>
                <td>
                  ${
                    i.documentId
                      ? html`<span class="badge ok">${t('dossier.provided')}</span> <a href="/tai-lieu/${i.documentId}" download>${t('dossier.download')}</a>`
                      : html`<span class="badge ${i.required ? 'bad' : ''}">${t('dossier.missing')}</span>`
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`,
    )}
    ${uploadForm(web, c, actions)}
  </section>`;
}

function uploadForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  if (!actions.mayAddDocument) return html``;
  const step = 'documents';
  const value = (name: string) => formValue(actions, step, name);
  const error = (field: string, main = false) => refusalFor(actions, step, field, main);
  const fileError = error('file', true);
  return html`<form method="post" action="/ho-so/${c.id}/tai-lieu" enctype="multipart/form-data" class="step-form" data-testid="upload-form">
    ${stepFormHead(web, actions, t('dossier.upload.title'))}
    <div class="field">
      <label for="u-kind">${t('dossier.kind')}</label>
      <select id="u-kind" name="kind" ${described('u-kind', error('kind'))}>
        ${DOCUMENT_KINDS.map((k) => html`<option value="${k}" ${k === value('kind') ? html` selected` : ''}>${labelOf(t, 'docKind', k)}</option>`)}</select
      >${fieldError('u-kind', error('kind'))}
    </div>
    <div class="field">
      <label for="u-number">${t('dossier.upload.number')}</label>
      <input id="u-number" name="number" value="${value('number')}" ${described('u-number', error('number'))} />${fieldError('u-number', error('number'))}
    </div>
    <div class="field">
      <label for="u-issued">${t('dossier.upload.issuedAt')}</label>
      <input id="u-issued" name="issuedAt" type="date" value="${value('issuedAt')}" ${described('u-issued', error('issuedAt'))} />${fieldError('u-issued', error('issuedAt'))}
    </div>
    <div class="field">
      <label for="u-file">${t('dossier.upload.file')}</label>
      <input id="u-file" name="file" type="file" required accept="application/pdf,image/jpeg,image/png" ${described('u-file', fileError)} />${fieldError('u-file', fileError)}
    </div>
    <button type="submit" class="primary">${t('dossier.upload.submit')}</button>
  </form>`;
}

/** The case; `parts` are those built elsewhere: above the consultations, and before the history. */
export function casePage(web: WebContext, c: CaseView, names: Names, actions: CaseActions, parts: { head?: Html; term?: Html } = {}): Html {
  const { t } = web;
  const votes = c.votes;
  const consultations = [...c.earlierConsultations, ...c.consultations];
  return html`<p>
      <span class="badge big" data-testid="case-status">${statusLabel(t, c.status)}</span>
      ${c.stepDueDate ? html` <span>${t('case.due', { date: formatDate(c.stepDueDate) })}</span>` : ''}
    </p>
    ${stepBar(web, c)}
    <section class="card">
      <dl class="facts">
        <dt>${t('case.cadre')}</dt>
        <dd data-testid="case-cadre">${nameIn(names.cadres, c.cadreId)}</dd>
        <dt>${t('case.from')}</dt>
        <dd>${nameIn(names.units, c.fromUnitId)}</dd>
        <dt>${t('case.to')}</dt>
        <dd>${nameIn(names.units, c.toUnitId)}</dd>
        <dt>${t('case.position')}</dt>
        <dd>${labelOf(t, 'position', c.position)}</dd>
        <dt>${t('case.term')}</dt>
        <dd>${t('case.termMonths', { n: c.termMonths })} · ${t('case.reviewEvery', { n: c.reviewIntervalMonths })}</dd>
        <dt>${t('case.nonLocal')}</dt>
        <dd>${c.nonLocalSecretary ? t('case.yes') : t('case.no')}</dd>
        <dt>${t('case.reason')}</dt>
        <dd>${c.reason}</dd>
        <dt>${t('case.proposedBy')}</dt>
        <dd>${nameIn(names.users, c.proposedBy.userId)} · ${formatDate(c.proposedAt)}</dd>
      </dl>
    </section>
    ${parts.head}

    <section class="card">
      <h2>${t('case.consultations')}</h2>
      ${
        consultations.length === 0
          ? html`<p class="empty">${t('case.noConsultations')}</p>`
          : html`<ul class="records">
              ${consultations.map(
                (r) =>
                  html`<li>
                    <strong>${partyLabel(t, r.party)}</strong> · ${labelOf(t, 'consultation', r.outcome)}
                    <span class="muted"
                      >(${t('case.round', { n: r.round })}, ${formatDate(r.recordedAt)}, ${t('case.recordedBy')}: ${nameIn(names.users, r.recordedBy.userId)})</span
                    >
                    ${r.concerns.length ? html`<br />${t('case.concerns')}: ${r.concerns.map((k, i) => html`${i ? '; ' : ''}${labelOf(t, 'concern', k.type)}${k.note ? html` – ${k.note}` : ''}`)}` : ''}
                    ${r.note ? html`<br />${t('case.note')}: ${r.note}` : ''}
                  </li>`,
              )}
            </ul>`
      }
      ${consultationForm(web, c, actions)}
    </section>

    ${dossierSection(web, c, actions)}

    <section class="card">
      <h2>${t('case.appraisal')}</h2>
      ${
        c.appraisal
          ? html`<p>
                <strong>${labelOf(t, 'appraisal', c.appraisal.outcome)}</strong>
                <span class="muted">(${formatDate(c.appraisal.at)}, ${nameIn(names.users, c.appraisal.by.userId)})</span>
              </p>
              ${c.appraisal.note ? html`<p>${c.appraisal.note}</p>` : ''}`
          : html`<p class="empty">${t('case.noAppraisal')}</p>`
      }
      ${appraisalForm(web, c, actions)}
    </section>

    <section class="card" data-testid="vote">
      <h2>${t('case.vote')}</h2>
      ${
        votes.members === 0 && votes.voted.length === 0
          ? html`<p class="empty">${t('case.noVote')}</p>`
          : html`<p class="hint">${t('case.voteSecret')}</p>
              <dl class="facts tally">
                <dt>${t('case.members')}</dt>
                <dd>${votes.members}</dd>
                <dt>${t('case.recused')}</dt>
                <dd>${votes.recused}</dd>
                <dt>${t('case.votesFor')}</dt>
                <dd>${votes.for}</dd>
                <dt>${t('case.votesAgainst')}</dt>
                <dd>${votes.against}</dd>
                <dt>${t('case.votesAbstain')}</dt>
                <dd>${votes.abstain}</dd>
                <dt>${t('case.voteOutcome')}</dt>
                <dd>${votes.outcome ? labelOf(t, 'voteOutcome', votes.outcome) : ''}</dd>
              </dl>
              <h3>${t('case.voters')}</h3>
              ${
                votes.voted.length === 0
                  ? html`<p class="empty">${t('case.noVoters')}</p>`
                  : html`<ul class="voters">
                      ${votes.voted
                        .map((userId) => nameIn(names.users, userId))
                        .sort((a, b) => a.localeCompare(b, 'vi'))
                        .map((name) => html`<li>${name}</li>`)}
                    </ul>`
              }`
      }
      ${voteForm(web, c, actions)}
    </section>

    <section class="card">
      <h2>${t('case.decision')}</h2>
      ${
        c.decision
          ? html`<dl class="facts">
              <dt>${t('case.decisionNumber')}</dt>
              <dd>${c.decision.decisionNumber}</dd>
              <dt>${t('case.signedAt')}</dt>
              <dd>${formatDate(c.decision.signedAt)}</dd>
              <dt>${t('case.effectiveDate')}</dt>
              <dd>${formatDate(c.decision.effectiveDate)}</dd>
              <dt>${t('case.signedBy')}</dt>
              <dd>${nameIn(names.users, c.decision.signedBy.userId)}</dd>
            </dl>`
          : html`<p class="empty">${t('case.noDecision')}</p>`
      }
      ${decisionForm(web, c, actions)}
    </section>
    ${parts.term}

    <section class="card">
      <h2>${t('case.history')}</h2>
      <ol class="history" data-testid="history">
        ${c.history.map(
          (e) =>
            html`<li>
              <time datetime="${e.at}">${formatDateTime(e.at)}</time> <strong>${labelOf(t, 'action', e.action)}</strong> ·
              ${e.actor ? nameIn(names.users, e.actor.userId) || e.actor.username : t('case.system')}${e.onBehalfOf ? html` (${t('case.onBehalfOf', { name: e.onBehalfOf.userId ? nameIn(names.users, e.onBehalfOf.userId) : e.onBehalfOf.username })})` : ''}
            </li>`,
        )}
      </ol>
    </section>`;
}

export interface NotificationRow {
  id: string;
  title: string;
  body: string;
  rotationId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export function notificationsPage(web: WebContext, rows: readonly NotificationRow[]): Html {
  const { t } = web;
  if (rows.length === 0) return html`<p class="empty">${t('notifications.empty')}</p>`;
  return html`<ul class="records" data-testid="notifications">
    ${rows.map(
      (n) =>
        html`<li class="${n.readAt ? '' : 'unread'}">
          ${n.readAt ? '' : html`<span class="badge warn">${t('notifications.unread')}</span> `}<strong>${n.title}</strong>
          <span class="muted">${formatDateTime(n.createdAt)}</span> <br />${n.body}${n.rotationId ? html` <a href="/ho-so/${n.rotationId}">${t('notifications.openCase')}</a>` : ''}
        </li>`,
    )}
  </ul>`;
}

export function passwordPage(web: WebContext, values: { username?: string; errors?: { username?: string; password?: string }; saved?: string }): Html {
  const { t } = web;
  const errors = values.errors ?? {};
  return html`<form method="post" action="/quan-tri/mat-khau" class="card narrow">
    ${csrfField(web)} ${values.saved ? html`<p class="notice" role="status">${t('password.saved', { name: values.saved })}</p>` : ''}
    <div class="field">
      <label for="target">${t('password.username')}</label>
      <input
        id="target"
        name="username"
        required
        autocomplete="off"
        value="${values.username ?? ''}"
        ${errors.username ? html` aria-invalid="true" aria-describedby="target-error"` : ''}
      />
      ${fieldError('target', errors.username)}
    </div>
    <div class="field">
      <label for="new-password">${t('password.new')}</label>
      <input
        id="new-password"
        name="password"
        type="password"
        required
        autocomplete="new-password"
        ${errors.password ? html` aria-invalid="true" aria-describedby="new-password-error"` : ''}
      />
      ${fieldError('new-password', errors.password)}
    </div>
    <button type="submit" class="primary">${t('password.submit')}</button>
  </form>`;
}

export function errorPage(web: WebContext, message: string): Html {
  return html`<p class="alert" role="alert">${message}</p>
    <p><a href="/">${web.t('error.back')}</a></p>`;
}
