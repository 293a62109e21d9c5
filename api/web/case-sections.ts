// The case page's parts from the decision on: exceptions to the national rules, relocation
// support, reviews and follow-ups, evaluations and the term, with the forms of the steps the
// signed-in user may take now. Who may take which step is the task list's rule (and, for steps no
// task names, case-roles'): the page decides nothing of its own, and the API refuses the rest.
import { missingClosingEvaluations } from '../../domain/evaluations';
import {
  CONTINUATION_DECISIONS,
  EVALUATION_RATINGS,
  type EvaluationKind,
  REVIEW_RATINGS,
  TERM_END_OUTCOMES,
  UNIT_KINDS,
  type UnitKind,
  WITHDRAWABLE_STATUSES,
  workflowIdFor,
} from '../../domain/types';
import { ancestorIds } from '../../domain/units';
import type { PrismaClient } from '../../generated/prisma/client';
import { nationalRulesOn } from '../../store/national-rules';
import { isOwnCase, mayCloseVote, mayRetry, mayTerminate, mayWithdraw } from '../case-roles';
import type { CaseRecord } from '../cases';
import type { Principal } from '../scope';
import type { Task } from '../tasks';
import { formatDate, formatDateTime, formatVnd } from './format';
import { type Html, type Renderable, html } from './html';
import { csrfField, scrollingTable } from './layout';
import { labelOf } from './messages';
import { type CaseActions, type CaseView, type Names, described, fieldError, formValue, refusalFor } from './pages';
import { positionOptions } from './propose';
import type { WebContext } from './session';
import { type CaseStep, FOLLOW_UP_ROWS, STEP_KEY_FIELD, followUpField, followUpRowsSent } from './steps';

/** The web paths of the case's later steps, each taken by the endpoint of its step. */
export const TERM_STEP_ROUTES: readonly (readonly [string, CaseStep])[] = [
  ['/ho-so/:id/dong-bieu-quyet', 'vote/close'],
  ['/ho-so/:id/rut-ho-so', 'withdraw'],
  ['/ho-so/:id/danh-gia-dinh-ky', 'reviews'],
  ['/ho-so/:id/viec-theo-doi', 'follow-ups/:followUpId/close'],
  ['/ho-so/:id/tiep-tuc', 'continuation'],
  ['/ho-so/:id/ket-thuc-thoi-han', 'term-end'],
  ['/ho-so/:id/danh-gia-can-bo', 'evaluations'],
  ['/ho-so/:id/cham-dut', 'terminate'],
  ['/ho-so/:id/thuc-hien-lai', 'retry'],
  ['/ho-so/:id/ho-tro/duyet', 'support/approve'],
  ['/ho-so/:id/ho-tro/chi-tra', 'support/payments/:paymentId/paid'],
  ['/ho-so/:id/ho-tro/nang-luong', 'support/salary-raise'],
];

const pathOf = (c: CaseView, step: CaseStep): string => TERM_STEP_ROUTES.find(([, s]) => s === step)![0].replace(':id', c.id);

/** What the signed-in user may do on the case's later steps, and what the forms offer. */
export interface TermActions {
  /** The user's own tasks on the case (those reaching them by escalation are to chase, not to take). */
  tasks: readonly Task[];
  mayCloseVote: boolean;
  mayWithdraw: boolean;
  mayTerminate: boolean;
  mayRetry: boolean;
  /** Whom a review's follow-up may be given to: active users over the receiving unit, not the rotated cadre. */
  followUpOwners: readonly { id: string; name: string }[];
  /** The case's workflow in the Temporal Web UI, for an admin when the UI's address is known. */
  temporalLink: string | null;
  /** For the term-end decision: where the cadre may be appointed, and the posts of each kind of unit in force today. */
  appointment: Appointment | null;
}

/** The units an appointment at the end of the term may be at: the receiving unit first, then the one the cadre left. */
export interface Appointment {
  units: readonly { id: string; name: string; kind: UnitKind; receiving: boolean }[];
  posts: Record<UnitKind, string[]>;
}

/** The steps waiting on `user` on the case, from the task list (`tasks`: the user's open tasks), and the steps no task names. */
export async function loadTermActions(
  prisma: PrismaClient,
  user: Principal,
  c: CaseRecord,
  tasks: readonly Task[],
  temporalUi: { url: string | undefined; namespace: string },
): Promise<TermActions> {
  const status = c.state.status;
  const mine = tasks.filter((t) => t.rotationId === c.row.id && !t.escalated);
  const voteDue = c.state.stepDueAt !== null && Date.parse(c.state.stepDueAt) <= Date.now();
  const isAdmin = user.roles.some((g) => g.role === 'admin');
  return {
    tasks: mine,
    mayCloseVote: status === 'committee_vote' && voteDue && !c.state.attention && mayCloseVote(user, c),
    mayWithdraw: WITHDRAWABLE_STATUSES.includes(status) && mayWithdraw(user, c),
    mayTerminate: status === 'active' && !c.state.attention && mayTerminate(user, c),
    mayRetry: c.state.attention !== null && mayRetry(user, c),
    followUpOwners: mine.some((t) => t.kind === 'review') ? await followUpOwners(prisma, c) : [],
    appointment: mine.some((t) => t.kind === 'term_end') ? await appointmentChoices(prisma, c) : null,
    temporalLink:
      isAdmin && temporalUi.url ? `${temporalUi.url}/namespaces/${encodeURIComponent(temporalUi.namespace)}/workflows/${encodeURIComponent(workflowIdFor(c.row.id))}` : null,
  };
}

async function appointmentChoices(prisma: PrismaClient, c: CaseRecord): Promise<Appointment> {
  const ids = [...new Set([c.state.toUnitId, c.state.retainedPosition.unitId])];
  const [found, rules] = await Promise.all([prisma.unit.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, kind: true } }), nationalRulesOn(prisma, today())]);
  const units = ids.flatMap((id) => found.filter((u) => u.id === id).map((u) => ({ id: u.id, name: u.name, kind: u.kind as UnitKind, receiving: id === c.state.toUnitId })));
  return { units, posts: rules.posts };
}

async function followUpOwners(prisma: PrismaClient, c: CaseRecord): Promise<{ id: string; name: string }[]> {
  const users = await prisma.user.findMany({
    where: { active: true, roles: { some: { unitId: { in: ancestorIds(c.toPath) } } } },
    select: { id: true, fullName: true, username: true, cadreId: true },
    orderBy: { fullName: 'asc' },
  });
  return users.filter((u) => !isOwnCase({ cadreId: u.cadreId } as Principal, c)).map((u) => ({ id: u.id, name: `${u.fullName} (${u.username})` }));
}

/** The users the later parts name, for the page to show their names. */
export function termUserIds(c: CaseView): string[] {
  return [
    ...c.reviews.flatMap((r) => (r.reviewedBy ? [r.reviewedBy.userId] : [])),
    ...c.followUps.flatMap((f) => [f.ownerUserId, ...(f.closedBy ? [f.closedBy.userId] : [])]),
    ...c.evaluations.map((e) => e.recordedBy.userId),
    ...(c.termEnd ? [c.termEnd.by.userId] : []),
    ...(c.support.approvedBy ? [c.support.approvedBy] : []),
    ...c.support.payments.flatMap((p) => (p.paidBy ? [p.paidBy] : [])),
  ];
}

const nameOf = (names: Names, id: string | null | undefined): string => (id ? (names.users.get(id) ?? id) : '');

/** A form's error helpers for one step; `which` narrows them to the form of one follow-up or payment. */
function errorsOf(actions: CaseActions, step: CaseStep, which?: { field: string; value: string }) {
  const mine = !which || actions.refused?.form[which.field] === which.value;
  return {
    error: (field: string, main = false) => (mine ? refusalFor(actions, step, field, main) : undefined),
    value: (name: string) => (mine ? formValue(actions, step, name) : ''),
  };
}

type FormErrors = ReturnType<typeof errorsOf>;

interface StepFormOptions {
  step: CaseStep;
  testId: string;
  title: string;
  submit: string;
  /** The form of one follow-up or payment, named by the hidden field `which.field`. */
  which?: { field: string; value: string };
  /** A step that ends something is not the page's main action. */
  secondary?: boolean;
}

/** A step's form: CSRF token, step key, title, the fields `fields` makes with the form's errors, the button. */
function stepForm(web: WebContext, c: CaseView, actions: CaseActions, o: StepFormOptions, fields: (e: FormErrors) => Html): Html {
  return html`<form method="post" action="${pathOf(c, o.step)}" class="step-form" data-testid="${o.testId}">
    ${csrfField(web)}<input type="hidden" name="${STEP_KEY_FIELD}" value="${actions.stepKey}" />${
      o.which ? html`<input type="hidden" name="${o.which.field}" value="${o.which.value}" />` : ''
    }
    <h3>${o.title}</h3>
    ${fields(errorsOf(actions, o.step, o.which))}
    <button type="submit" ${o.secondary ? '' : html`class="primary"`}>${o.submit}</button>
  </form>`;
}

/** A labelled input with its error; `attrs` are its other attributes. */
function inputField(id: string, name: string, label: string, value: string, error: string | undefined, attrs: Html = html``): Html {
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <input id="${id}" name="${name}" value="${value}" ${attrs} ${described(id, error)} />${fieldError(id, error)}
  </div>`;
}

function textareaField(id: string, name: string, label: string, value: string, error: string | undefined): Html {
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <textarea id="${id}" name="${name}" rows="2" ${described(id, error)}>${value}</textarea>${fieldError(id, error)}
  </div>`;
}

function selectField(id: string, name: string, label: string, options: readonly { value: string; label: string }[], chosen: string, error: string | undefined): Html {
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <select id="${id}" name="${name}" ${described(id, error)}>
      ${options.map((o) => html`<option value="${o.value}" ${o.value === chosen ? html` selected` : ''}>${o.label}</option>`)}</select
    >${fieldError(id, error)}
  </div>`;
}

function radios(id: string, name: string, legend: string, options: readonly { value: string; label: string }[], chosen: string, error: string | undefined): Html {
  return html`<fieldset class="field" ${described(id, error)}>
    <legend>${legend}</legend>
    ${options.map((o) => html`<label class="choice"><input type="radio" name="${name}" value="${o.value}" ${o.value === chosen ? html` checked` : ''} /> ${o.label}</label>`)}
    ${fieldError(id, error)}
  </fieldset>`;
}

/** The items as a list, or `empty` when there are none. */
function recordList<T>(items: readonly T[], empty: string, item: (x: T) => Html, testId?: string): Html {
  if (items.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="records" ${testId ? html`data-testid="${testId}"` : ''}>
    ${items.map((x) => html`<li>${item(x)}</li>`)}
  </ul>`;
}

/** A table that scrolls sideways on its own when the screen is narrow, named by the heading whose id is `labelledBy`. */
function table(testId: string, labelledBy: string, headers: readonly string[], rows: readonly (readonly Renderable[])[]): Html {
  return scrollingTable(
    labelledBy,
    html`<table data-testid="${testId}">
      <thead>
        <tr>
          ${headers.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (cells) =>
            html`<tr>
              ${cells.map((cell) => html`<td>${cell}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`,
  );
}

const today = (): string => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

// ---- Above the case's parts: its exceptions and, for an admin, its workflow ----

export function caseHeadSections(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  const link = actions.term.temporalLink;
  return html`${
    c.exceptions.length
      ? html`<section class="card" data-testid="exceptions">
          <h2>${t('exceptions.title')}</h2>
          <ul class="records">
            ${c.exceptions.map(
              (e) =>
                html`<li>
                  <strong>${labelOf(t, 'rule', e.rule)}</strong> · ${t('exceptions.decision', { number: e.decisionNumber })}<br />${t('exceptions.reason')}: ${e.reason}
                </li>`,
            )}
          </ul>
        </section>`
      : ''
  }
  ${link ? html`<p><a href="${link}" data-testid="temporal-link" rel="noopener noreferrer" target="_blank">${t('temporal.link')}</a></p>` : ''}`;
}

// ---- After the decision: support, reviews, evaluations, term, other steps ----

export function caseTermSections(web: WebContext, c: CaseView, names: Names, actions: CaseActions): Html {
  const decided = c.decision !== null || c.activatedAt !== null;
  return html`${decided ? html`${supportSection(web, c, names, actions)} ${reviewsSection(web, c, names, actions)} ${evaluationsSection(web, c, names, actions)} ${termSection(web, c, names, actions)}` : ''}
  ${otherSteps(web, c, actions)}`;
}

const hasTask = (actions: CaseActions, kind: Task['kind']): boolean => actions.term.tasks.some((x) => x.kind === kind);

function supportSection(web: WebContext, c: CaseView, names: Names, actions: CaseActions): Html {
  const { t } = web;
  const s = c.support;
  const paid = s.payments.filter((p) => p.status === 'paid').reduce((sum, p) => sum + p.amountVnd, 0);
  const planned = s.payments.filter((p) => p.status !== 'cancelled').reduce((sum, p) => sum + p.amountVnd, 0);
  return html`<section class="card" data-testid="support">
    <h2>${t('support.title')}</h2>
    <p>
      <span class="badge" data-testid="support-status">${labelOf(t, 'supportStatus', s.status)}</span>
      ${s.policyVersion !== null ? html` <span>${t('support.policyVersion', { n: s.policyVersion })}</span>` : ''}
      ${s.approvedAt ? html` <span class="muted">${t('support.approved', { date: formatDate(s.approvedAt), name: nameOf(names, s.approvedBy) })}</span>` : ''}
      ${s.stoppedAt ? html` <span class="muted">${t('support.stopped', { date: formatDate(s.stoppedAt) })}</span>` : ''}
    </p>
    ${
      s.entitlements.length
        ? html`<h3 id="support-entitlements">${t('support.entitlements')}</h3>
            ${table(
              'entitlements',
              'support-entitlements',
              [t('support.component'), t('support.amount'), t('support.periods'), t('support.total')],
              s.entitlements.map((e) =>
                e.component === 'early_salary_raise'
                  ? [labelOf(t, 'component', e.component), e.dueDate ? t('support.raiseDue', { date: formatDate(e.dueDate) }) : '', '', '']
                  : [labelOf(t, 'component', e.component), formatVnd(e.amountVnd), e.periods, formatVnd(e.totalVnd)],
              ),
            )}`
        : ''
    }
    ${
      s.salaryRaise
        ? html`<p>
            ${t('support.salaryRaise')}:
            ${t('support.raiseDue', { date: formatDate(s.salaryRaise.dueDate) })}${
              s.salaryRaise.raisedAt ? html` · ${t('support.raised', { date: formatDate(s.salaryRaise.raisedAt), reference: s.salaryRaise.reference ?? '' })}` : ''
            }
          </p>`
        : ''
    }
    ${
      s.payments.length
        ? html`<h3 id="support-payments">${t('support.payments')}</h3>
            <p>${t('support.paidOf', { paid: formatVnd(paid), planned: formatVnd(planned) })}</p>
            ${table(
              'payments',
              'support-payments',
              [t('support.component'), t('support.period'), t('support.dueDate'), t('support.amount'), t('support.paymentStatus'), t('support.paidAt')],
              s.payments.map((p) => [
                labelOf(t, 'component', p.component),
                p.period === 0 ? t('support.once') : p.period,
                formatDate(p.dueDate),
                formatVnd(p.amountVnd),
                html`<span class="badge ${p.status === 'paid' ? 'ok' : p.status === 'due' ? 'warn' : ''}">${labelOf(t, 'paymentStatus', p.status)}</span>`,
                p.paidAt ? `${formatDate(p.paidAt)} · ${p.reference ?? ''} · ${nameOf(names, p.paidBy)}` : '',
              ]),
            )}`
        : html`<p class="empty">${t('support.noPayments')}</p>`
    }
    ${approveForm(web, c, actions)} ${paymentForm(web, c, actions)} ${raiseForm(web, c, actions)}
  </section>`;
}

function approveForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  if (!hasTask(actions, 'support_approval')) return html``;
  const o = { step: 'support/approve', testId: 'support-approve-form', title: t('support.approve.title'), submit: t('support.approve.submit') } as const;
  return stepForm(web, c, actions, o, ({ error, value }) => textareaField('sa-note', 'note', t('support.approve.note'), value('note'), error('note', true)));
}

function paymentForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  const payable = actions.term.tasks.filter((x) => x.kind === 'payment' && x.paymentId).map((x) => x.paymentId!);
  const payments = c.support.payments.filter((p) => payable.includes(p.id));
  if (payments.length === 0) return html``;
  const options = payments.map((p) => ({
    value: p.id,
    label: `${labelOf(t, 'component', p.component)}${p.period ? ` · ${t('support.periodN', { n: p.period })}` : ''} · ${formatDate(p.dueDate)} · ${formatVnd(p.amountVnd)}`,
  }));
  const o = { step: 'support/payments/:paymentId/paid', testId: 'payment-form', title: t('support.pay.title'), submit: t('support.pay.submit') } as const;
  return stepForm(
    web,
    c,
    actions,
    o,
    ({ error, value }) =>
      html`${selectField('sp-payment', 'paymentId', t('support.pay.payment'), options, value('paymentId'), error('paymentId', true))}
      ${inputField('sp-paid', 'paidAt', t('support.pay.paidAt'), value('paidAt') || today(), error('paidAt'), html`type="date" required`)}
      ${inputField('sp-reference', 'reference', t('support.pay.reference'), value('reference'), error('reference'))}`,
  );
}

function raiseForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  if (!hasTask(actions, 'salary_raise')) return html``;
  const o = { step: 'support/salary-raise', testId: 'salary-raise-form', title: t('support.raise.title'), submit: t('support.raise.submit') } as const;
  return stepForm(
    web,
    c,
    actions,
    o,
    ({ error, value }) =>
      html`${inputField('sr-raised', 'raisedAt', t('support.raise.raisedAt'), value('raisedAt') || today(), error('raisedAt', true), html`type="date" required`)}
      ${inputField('sr-reference', 'reference', t('support.pay.reference'), value('reference'), error('reference'))}`,
  );
}

function reviewsSection(web: WebContext, c: CaseView, names: Names, actions: CaseActions): Html {
  const { t } = web;
  return html`<section class="card" data-testid="reviews">
    <h2>${t('reviews.title')}</h2>
    ${recordList(
      c.reviews,
      t('reviews.none'),
      (r) =>
        html`<strong>${t('reviews.seq', { n: r.seq })}</strong> · ${t('reviews.due', { date: formatDate(r.dueDate) })} ·
          <span class="badge ${r.status === 'overdue' ? 'bad' : r.status === 'done' ? 'ok' : ''}">${labelOf(t, 'reviewStatus', r.status)}</span>
          ${
            r.doneAt
              ? html`<br />${r.rating ? labelOf(t, 'rating', r.rating) : ''}
                  <span class="muted"
                    >(${t('reviews.held', { date: formatDate(r.heldAt ?? r.doneAt), name: nameOf(names, r.reviewedBy?.userId) || (r.reviewedBy?.username ?? '') })})</span
                  >
                  ${r.aspirations ? html`<br />${t('reviews.aspirations')}: ${r.aspirations}` : ''}
                  ${r.difficulties ? html`<br />${t('reviews.difficulties')}: ${r.difficulties}` : ''}`
              : ''
          }`,
    )}
    <h3>${t('followUps.title')}</h3>
    ${recordList(
      c.followUps,
      t('followUps.none'),
      (f) =>
        html`<strong>${f.action}</strong> <span class="badge ${f.status === 'closed' ? 'ok' : ''}">${labelOf(t, 'followUpStatus', f.status)}</span><br />
          ${t('followUps.owner')}: ${nameOf(names, f.ownerUserId)} · ${t('followUps.due', { date: formatDate(f.dueDate) })} · ${t('reviews.seq', { n: f.reviewSeq })}
          ${f.closedAt ? html`<br />${t('followUps.closed', { date: formatDate(f.closedAt), name: nameOf(names, f.closedBy?.userId) })}${f.note ? html`: ${f.note}` : ''}` : ''}
          ${closeFollowUpForm(web, c, actions, f.id)}`,
      'follow-ups',
    )}
    ${reviewForm(web, c, actions)} ${continuationForm(web, c, actions)}
  </section>`;
}

function closeFollowUpForm(web: WebContext, c: CaseView, actions: CaseActions, followUpId: string): Html {
  const { t } = web;
  if (!actions.term.tasks.some((x) => x.kind === 'follow_up' && x.followUpId === followUpId)) return html``;
  const o = {
    step: 'follow-ups/:followUpId/close',
    testId: 'close-follow-up-form',
    title: t('followUps.close.title'),
    submit: t('followUps.close.submit'),
    which: { field: 'followUpId', value: followUpId },
  } as const;
  const id = `fu-${followUpId.replace('.', '-')}-note`;
  return stepForm(web, c, actions, o, ({ error, value }) => textareaField(id, 'note', t('followUps.close.note'), value('note'), error('note', true)));
}

function reviewForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  const step = 'reviews';
  const seqs = actions.term.tasks.filter((x) => x.kind === 'review' && x.seq !== undefined).map((x) => x.seq!);
  if (seqs.length === 0) return html``;
  // A follow-up refused names its place among the rows sent, not among the form's rows.
  const sent = actions.refused?.step === step ? followUpRowsSent(actions.refused.form) : [];
  const owners = [{ value: '', label: t('reviews.form.chooseOwner') }, ...actions.term.followUpOwners.map((o) => ({ value: o.id, label: o.name }))];
  const o = { step, testId: 'review-form', title: t('reviews.form.title'), submit: t('reviews.form.submit') } as const;
  return stepForm(web, c, actions, o, ({ error, value }) => {
    const rowError = (row: number, part: string) => (sent.includes(row) ? error(`followUps.${sent.indexOf(row)}.${part}`) : undefined);
    const seqOptions = seqs.map((n) => ({ value: String(n), label: t('reviews.seq', { n }) }));
    const ratings = REVIEW_RATINGS.map((r) => ({ value: r, label: labelOf(t, 'rating', r) }));
    return html`${selectField('r-seq', 'seq', t('reviews.form.seq'), seqOptions, value('seq'), error('seq', true))}
    ${inputField('r-held', 'heldAt', t('reviews.form.heldAt'), value('heldAt') || today(), error('heldAt'), html`type="date" required`)}
    ${radios('r-rating', 'rating', t('reviews.form.rating'), ratings, value('rating'), error('rating'))}
    ${textareaField('r-aspirations', 'aspirations', t('reviews.aspirations'), value('aspirations'), error('aspirations'))}
    ${textareaField('r-difficulties', 'difficulties', t('reviews.difficulties'), value('difficulties'), error('difficulties'))}
    ${Array.from(
      { length: FOLLOW_UP_ROWS },
      (_, row) =>
        html`<fieldset class="field">
          <legend>${t('reviews.form.followUp', { n: row + 1 })}</legend>
          ${inputField(`r-fu${row}-action`, followUpField(row, 'action'), t('reviews.form.followUpAction'), value(followUpField(row, 'action')), rowError(row, 'action'))}
          ${selectField(`r-fu${row}-owner`, followUpField(row, 'owner'), t('followUps.owner'), owners, value(followUpField(row, 'owner')), rowError(row, 'ownerUserId'))}
          ${inputField(`r-fu${row}-due`, followUpField(row, 'due'), t('reviews.form.followUpDue'), value(followUpField(row, 'due')), rowError(row, 'dueDate'), html`type="date"`)}
        </fieldset>`,
    )}`;
  });
}

function continuationForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  const pending = c.continuation;
  const notice = pending ? html`<p class="alert">${t('continuation.pending', { n: pending.reviewSeq })}</p>` : '';
  if (!hasTask(actions, 'continuation')) return html`${notice}`;
  const decisions = CONTINUATION_DECISIONS.map((d) => ({ value: d, label: labelOf(t, 'continuationDecision', d) }));
  const o = { step: 'continuation', testId: 'continuation-form', title: t('continuation.title'), submit: t('continuation.submit') } as const;
  return html`${notice}
  ${stepForm(
    web,
    c,
    actions,
    o,
    ({ error, value }) =>
      html`${radios('co-decision', 'decision', t('continuation.decision'), decisions, value('decision'), error('decision', true))} ${reasonAndDecision(t, 'co', { error, value })}`,
  )}`;
}

/** The reason and the competent level's decision number of a step ending the rotation early. */
function reasonAndDecision(t: WebContext['t'], prefix: string, { error, value }: FormErrors): Html {
  return html`${textareaField(`${prefix}-reason`, 'reason', t('steps.reason'), value('reason'), error('reason', prefix === 't'))}
  ${inputField(`${prefix}-number`, 'decisionNumber', t('steps.endDecisionNumber'), value('decisionNumber'), error('decisionNumber'))}`;
}

function evaluationsSection(web: WebContext, c: CaseView, names: Names, actions: CaseActions): Html {
  const { t } = web;
  // What the end of the term still waits for, once it is reached.
  const missing = c.termEndReachedAt && c.status === 'active' ? missingClosingEvaluations(c) : [];
  return html`<section class="card" data-testid="evaluations">
    <h2>${t('evaluations.title')}</h2>
    ${recordList(
      c.evaluations,
      t('evaluations.none'),
      (e) =>
        html`<strong>${labelOf(t, 'evaluationKind', e.kind)}${e.year !== undefined ? html` · ${t('evaluations.year', { n: e.year })}` : ''}</strong> ·
          ${labelOf(t, 'evaluationRating', e.rating)}
          <span class="muted"
            >(${formatDate(e.recordedAt)},
            ${nameOf(names, e.recordedBy.userId) || e.recordedBy.username}${e.onBehalfOf ? html`, ${t('case.onBehalfOf', { name: e.onBehalfOf.username })}` : ''})</span
          >
          ${e.text ? html`<br />${e.text}` : ''}`,
    )}
    ${
      missing.length
        ? html`<p class="alert" data-testid="evaluations-missing">${t('evaluations.missing', { kinds: missing.map((k) => labelOf(t, 'evaluationKind', k)).join(', ') })}</p>`
        : ''
    }
    ${evaluationForm(web, c, actions)}
  </section>`;
}

function evaluationForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  const kinds = [...new Set(actions.term.tasks.filter((x) => x.kind === 'evaluation' && x.evaluationKind).map((x) => x.evaluationKind as EvaluationKind))];
  if (kinds.length === 0) return html``;
  const kindOptions = kinds.map((k) => ({ value: k, label: labelOf(t, 'evaluationKind', k) }));
  const ratings = EVALUATION_RATINGS.map((r) => ({ value: r, label: labelOf(t, 'evaluationRating', r) }));
  const o = { step: 'evaluations', testId: 'evaluation-form', title: t('evaluations.form.title'), submit: t('evaluations.form.submit') } as const;
  return stepForm(
    web,
    c,
    actions,
    o,
    ({ error, value }) =>
      html`${selectField('e-kind', 'kind', t('evaluations.form.kind'), kindOptions, value('kind'), error('kind', true))}
      ${radios('e-rating', 'rating', t('evaluations.form.rating'), ratings, value('rating'), error('rating'))}
      ${textareaField('e-text', 'text', t('evaluations.form.text'), value('text'), error('text'))}`,
  );
}

function termSection(web: WebContext, c: CaseView, names: Names, actions: CaseActions): Html {
  const { t } = web;
  const end = c.termEnd;
  return html`<section class="card" data-testid="term">
    <h2>${t('termSection.title')}</h2>
    <dl class="facts">
      <dt>${t('termSection.start')}</dt>
      <dd>${formatDate(c.activatedAt ?? c.effectiveDate)}</dd>
      <dt>${t('termSection.end')}</dt>
      <dd>${c.termEndsAt ? formatDate(c.termEndsAt) : t('termSection.notStarted')}</dd>
      ${
        c.extensions.length
          ? html`<dt>${t('termSection.extensions')}</dt>
              <dd>${c.extensions.map((n) => t('case.termMonths', { n })).join(', ')}</dd>`
          : ''
      }
      ${
        c.termEndReachedAt
          ? html`<dt>${t('termSection.reached')}</dt>
              <dd>${formatDate(c.termEndReachedAt)}</dd>`
          : ''
      }
      ${
        end
          ? html`<dt>${t('termSection.decision')}</dt>
              <dd data-testid="term-end">
                ${labelOf(t, 'termEndOutcome', end.outcome)}${end.appointedTo ? html` · ${labelOf(t, 'position', end.appointedTo.position)}` : ''}${
                  end.extendMonths ? html` · ${t('case.termMonths', { n: end.extendMonths })}` : ''
                }
                <span class="muted">(${formatDateTime(end.at)}, ${nameOf(names, end.by.userId) || end.by.username})</span>
              </dd>`
          : ''
      }
      ${
        c.endedAt
          ? html`<dt>${t('termSection.ended')}</dt>
              <dd>
                ${formatDate(c.endedAt)}${c.endReason ? html` · ${c.endReason}` : ''}${c.endDecisionNumber ? html` · ${t('exceptions.decision', { number: c.endDecisionNumber })}` : ''}
              </dd>`
          : ''
      }
    </dl>
    ${termEndForm(web, c, actions)} ${terminateForm(web, c, actions)}
  </section>`;
}

function termEndForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  if (!hasTask(actions, 'term_end')) return html``;
  const outcomes = TERM_END_OUTCOMES.map((o) => ({ value: o, label: labelOf(t, 'termEndOutcome', o) }));
  const o = { step: 'term-end', testId: 'term-end-form', title: t('termEnd.title'), submit: t('termEnd.submit') } as const;
  return stepForm(
    web,
    c,
    actions,
    o,
    ({ error, value }) =>
      html`${radios('te-outcome', 'outcome', t('termEnd.outcome'), outcomes, value('outcome'), error('outcome', true) ?? error('evaluations'))}
      ${appointmentFields(web, actions.term.appointment, { error, value })}
      ${inputField('te-months', 'extendMonths', t('termEnd.extendMonths'), value('extendMonths'), error('extendMonths'), html`type="number" inputmode="numeric" min="1"`)}`,
  );
}

/** Where the cadre is appointed (the receiving unit by default) and to which post, from the posts of those units' kinds. */
function appointmentFields(web: WebContext, appointment: Appointment | null, { error, value }: FormErrors): Html {
  const { t } = web;
  const units = appointment?.units ?? [];
  const unitOptions = units.map((u) => ({ value: u.id, label: t(u.receiving ? 'termEnd.receivingUnit' : 'termEnd.formerUnit', { name: u.name }) }));
  const kinds = UNIT_KINDS.filter((k) => units.some((u) => u.kind === k));
  const postError = error('position');
  return html`${selectField('te-unit', 'unitId', t('termEnd.unit'), unitOptions, value('unitId'), error('unitId'))}
    <div class="field">
      <label for="te-position">${t('termEnd.position')}</label>
      <select id="te-position" name="position" ${described('te-position', postError)}>
        <option value="">${t('propose.choosePosition')}</option>
        ${appointment ? positionOptions(web, appointment.posts, value('position'), kinds) : ''}</select
      >${fieldError('te-position', postError)}
    </div>`;
}

function terminateForm(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  if (!actions.term.mayTerminate) return html``;
  const o = { step: 'terminate', testId: 'terminate-form', title: t('terminate.title'), submit: t('terminate.submit'), secondary: true } as const;
  return stepForm(web, c, actions, o, (e) => reasonAndDecision(t, 't', e));
}

/** Steps of any stage no task names: closing a vote past its deadline, a retry, a withdrawal. */
function otherSteps(web: WebContext, c: CaseView, actions: CaseActions): Html {
  const { t } = web;
  const { mayCloseVote: close, mayRetry: retry, mayWithdraw: withdraw } = actions.term;
  if (!close && !retry && !withdraw) return html``;
  const closeVote = { step: 'vote/close', testId: 'close-vote-form', title: t('steps.closeVote.title'), submit: t('steps.closeVote.submit') } as const;
  const retryStep = { step: 'retry', testId: 'retry-form', title: t('steps.retry.title'), submit: t('steps.retry.submit') } as const;
  const withdrawal = { step: 'withdraw', testId: 'withdraw-form', title: t('steps.withdraw.title'), submit: t('steps.withdraw.submit'), secondary: true } as const;
  return html`<section class="card" data-testid="other-steps">
    <h2>${t('steps.other')}</h2>
    ${close ? stepForm(web, c, actions, closeVote, ({ error, value }) => textareaField('vc-note', 'note', t('case.note'), value('note'), error('note', true))) : ''}
    ${
      retry
        ? stepForm(
            web,
            c,
            actions,
            retryStep,
            ({ error }) =>
              html`<p class="hint">${t('steps.retry.hint')}</p>
                ${fieldError('rt', error('retry', true))}`,
          )
        : ''
    }
    ${withdraw ? stepForm(web, c, actions, withdrawal, ({ error, value }) => textareaField('w-reason', 'reason', t('steps.reason'), value('reason'), error('reason', true))) : ''}
  </section>`;
}
