// The officials' web app, served by the API process: server-rendered pages in Vietnamese, signed
// in with a password and a server-side session. Every read goes through the same queries and
// scope checks as the JSON API.
import path from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import helmet from 'helmet';
import { CASE_STATUSES, ENDED_STATUSES, PARTIES, TASK_KINDS } from '../../domain/types';
import { hasBallotWaiting, mayAddDocument, mayAppraise, mayRecordConsultation, maySignDecision } from '../case-roles';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from '../../infra/passwords';
import { closeSession, openSession } from '../../store/web-sessions';
import { loadCaseView } from '../case-view';
import { visibleCaseOr403, visibleCases } from '../cases';
import { MAX_CURSOR_LENGTH, decodeCursor, encodeCursor } from '../cursor';
import type { AppDeps } from '../deps';
import { openTasks } from '../open-tasks';
import { HttpProblem } from '../problem';
import { refusalText } from '../../domain/refusal-texts';
import { send as sendReply } from '../endpoint';
import { documentEndpoints } from '../routes/documents';
import { dossierOf } from '../../domain/dossier';
import { signInAttemptLimit } from '../rate-limits';
import { setPassword } from '../routes/users';
import type { Html } from './html';
import { type PageOptions, layout } from './layout';
import type { MessageKey } from './messages';
import { type CaseActions, type Names, casePage, casesPage, errorPage, inboxOrder, notificationsPage, passwordPage, signInPage, tasksPage } from './pages';
import { TERM_STEP_ROUTES, caseHeadSections, caseTermSections, loadTermActions, termUserIds } from './case-sections';
import { planningPages } from './planning';
import { adminPages } from './admin';
import { delegationPages, stepRights } from './delegations';
import { cadrePages } from './cadre';
import { reportPages } from './reports';
import { type CaseStep, fileDocument, newStepKey, takeStep } from './steps';
import { CsrfRefused, type SignedIn, checkCsrf, csrfHolds, clearSessionCookie, loadSession, setSessionCookie, webOf } from './session';
import { oidcPages, oidcSignInPage } from './oidc';
import { PROPOSE_PATH, type ProposeData, formValues, loadPropose, mayPropose, proposePage, runProposal } from './propose';

export const SIGN_IN_PATH = '/dang-nhap';
const CASES_PAGE_SIZE = 20;
const NOTIFICATIONS_SHOWN = 50;

const HTMX_FILE = require.resolve('htmx.org/dist/htmx.min.js');
const CSS_FILE = path.join(__dirname, 'assets', 'app.css');

/** Pages allow their own scripts and styles only: no inline script or style, no CDN, no framing. */
const pageHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'same-origin' },
});

type Handler = (req: Request, res: Response) => Promise<void>;

function send(res: Response, status: number, page: Html): void {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store').send(page.text);
}

export function webRouter(deps: AppDeps): Router {
  const { prisma } = deps;
  const router = express.Router();
  const forms = express.urlencoded({ extended: false, limit: '20kb', parameterLimit: 20 });
  const common = [pageHeaders, loadSession(prisma)];

  const guarded =
    (handler: Handler): RequestHandler =>
    (req, res, next) => {
      if (!webOf(res).signedIn) return res.redirect(303, SIGN_IN_PATH);
      handler(req, res).catch(next);
    };
  const page = (route: string, handler: Handler) => router.get(route, ...common, guarded(handler));
  const action = (route: string, handler: Handler, ...before: RequestHandler[]) =>
    router.post(route, ...common, forms, checkCsrf, ...before, (req, res, next) => handler(req, res).catch(next));

  const signedIn = (res: Response): SignedIn => webOf(res).signedIn!;

  async function render(req: Request, res: Response, options: Omit<PageOptions, 'path'> & { status?: number }): Promise<void> {
    const web = webOf(res);
    const taskCount = options.taskCount ?? (web.signedIn ? (await openTasks(prisma, web.signedIn.user, new Date())).length : undefined);
    send(res, options.status ?? 200, layout(web, { ...options, path: req.path, taskCount }));
  }

  router.get('/assets/app.css', (_req, res) => res.type('css').setHeader('Cache-Control', 'no-cache').sendFile(CSS_FILE));
  router.get('/assets/htmx.min.js', (_req, res) => res.type('js').setHeader('Cache-Control', 'public, max-age=86400').sendFile(HTMX_FILE));

  // With an OIDC provider configured, users sign in through it only: no password form (see oidc.ts).
  const oidc = deps.config.webOidc;
  router.get(SIGN_IN_PATH, ...common, (req, res, next) => {
    const web = webOf(res);
    if (web.signedIn) return res.redirect(303, '/');
    render(req, res, { title: web.t('signIn.title'), body: oidc ? oidcSignInPage(web) : signInPage(web, {}) }).catch(next);
  });
  const showOidcSignIn = (req: Request, res: Response, status: number, key: MessageKey, params?: Record<string, string>) =>
    render(req, res, { status, title: webOf(res).t('signIn.title'), body: oidcSignInPage(webOf(res), webOf(res).t(key, params)) });
  if (oidc) {
    const get = (route: string, handler: Handler) => router.get(route, ...common, (req, res, next) => handler(req, res).catch(next));
    oidcPages({ prisma, logger: deps.logger, config: oidc, get, showSignIn: showOidcSignIn });
  }

  action(
    SIGN_IN_PATH,
    async (req, res) => {
      const web = webOf(res);
      if (oidc) return showOidcSignIn(req, res, 403, 'oidc.passwordOff');
      const username = typeof req.body.username === 'string' ? req.body.username.trim().normalize('NFC') : '';
      const password = typeof req.body.password === 'string' ? req.body.password : '';
      const user = username ? await prisma.user.findUnique({ where: { username } }) : null;
      const valid = await verifyPassword(password, user?.active ? user.passwordHash : null);
      if (!user || !valid) {
        await render(req, res, { status: 401, title: web.t('signIn.title'), body: signInPage(web, { username, error: web.t('signIn.failed') }) });
        return;
      }
      if (web.signedIn) await closeSession(prisma, web.signedIn.sessionId);
      const { id } = await openSession(prisma, user.id);
      setSessionCookie(req, res, id);
      res.redirect(303, '/');
    },
    signInAttemptLimit(),
  );

  action('/dang-xuat', async (req, res) => {
    const web = webOf(res);
    if (web.signedIn) await closeSession(prisma, web.signedIn.sessionId);
    clearSessionCookie(req, res);
    res.redirect(303, SIGN_IN_PATH);
  });

  page('/', async (req, res) => {
    const { user } = signedIn(res);
    const kind = oneOf(TASK_KINDS, req.query.loai);
    const all = await openTasks(prisma, user, new Date());
    const tasks = all.filter((x) => !kind || x.kind === kind).sort(inboxOrder);
    // Each task is the user's to take, of their own right or by a delegation: its case's cadre is named.
    const cases = await prisma.rotationCase.findMany({ where: { id: { in: [...new Set(tasks.map((x) => x.rotationId))] } }, select: { id: true, cadreId: true } });
    const cadres = await cadreNames(cases.map((c) => c.cadreId));
    const cadreOfCase = new Map(cases.map((c) => [c.id, cadres.get(c.cadreId) ?? '']));
    await render(req, res, { title: webOf(res).t('tasks.title'), section: 'tasks', taskCount: all.length, body: tasksPage(webOf(res), tasks, cadreOfCase, kind) });
  });

  page('/ho-so', async (req, res) => {
    const { user } = signedIn(res);
    const status = oneOf(CASE_STATUSES, req.query['trang-thai']);
    const cursor = typeof req.query.sau === 'string' && req.query.sau.length <= MAX_CURSOR_LENGTH ? (decodeCursor(req.query.sau) ?? undefined) : undefined;
    const found = await visibleCases(prisma, user, { statuses: status ? [status] : undefined, after: cursor, limit: CASES_PAGE_SIZE + 1 });
    const shown = found.slice(0, CASES_PAGE_SIZE);
    const names = await namesOf({ units: shown.flatMap((c) => [c.row.fromUnitId, c.row.toUnitId]), cadres: shown.map((c) => c.row.cadreId) });
    const rows = shown.map((c) => ({
      id: c.row.id,
      status: c.state.status,
      cadreName: names.cadres.get(c.row.cadreId) ?? '',
      fromName: names.units.get(c.row.fromUnitId) ?? '',
      toName: names.units.get(c.row.toUnitId) ?? '',
      position: c.state.position,
      proposedAt: c.state.proposedAt,
    }));
    const last = shown[shown.length - 1];
    const next = found.length > CASES_PAGE_SIZE && last ? encodeCursor({ createdAt: last.row.createdAt, id: last.row.id }) : null;
    await render(req, res, { title: webOf(res).t('cases.title'), section: 'cases', body: casesPage(webOf(res), rows, status, next, cursor === undefined) });
  });

  /** The case page; after a refused step, with the refusal by its field and the form as it was sent. */
  async function showCase(req: Request, res: Response, refused?: CaseActions['refused']): Promise<void> {
    const { user } = signedIn(res);
    const id = String(req.params.id);
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new HttpProblem(404, refusalText('no_such', { what: 'case' }));
    const c = await visibleCaseOr403(prisma, user, id);
    const view = await loadCaseView(prisma, c.state);
    const names = await namesOf({
      units: [view.fromUnitId, view.toUnitId],
      cadres: [view.cadreId],
      users: [
        view.proposedBy.userId,
        ...[...view.earlierConsultations, ...view.consultations].map((r) => r.recordedBy.userId),
        ...(view.appraisal ? [view.appraisal.by.userId] : []),
        ...view.votes.voted,
        ...(view.decision ? [view.decision.signedBy.userId] : []),
        ...view.history.flatMap((e) => [e.actor?.userId, e.onBehalfOf?.userId ?? undefined]),
        ...termUserIds(view),
      ],
    });
    const tasks = await openTasks(prisma, user, new Date());
    const term = await loadTermActions(prisma, user, c, tasks, { url: deps.config.temporalUiUrl, namespace: deps.temporal.options.namespace });
    // The same rules as the task list: a form for each step waiting on this user, of their own right or by a delegation.
    const may = await stepRights(deps, user, c);
    const actions: CaseActions = {
      consultationParties:
        c.state.status === 'consultation'
          ? PARTIES.filter((p) => !c.state.consultations.some((r) => r.party === p) && may('consultation', (u) => mayRecordConsultation(u, c, p)))
          : [],
      mayVote: c.state.status === 'committee_vote' && hasBallotWaiting(user, c),
      mayAppraise: c.state.status === 'appraisal' && may('appraisal', (u) => mayAppraise(u, c)),
      mayAddDocument: !ENDED_STATUSES.includes(c.state.status) && mayAddDocument(user, c),
      maySignDecision: c.state.status === 'decision_pending' && c.decidingPath !== null && may('decision', (u) => maySignDecision(u, c)),
      dossier: dossierOf(c.state.dossierRules, c.state.documents, new Date().toISOString()),
      stepKey: newStepKey(),
      term,
      refused,
    };
    const web = webOf(res);
    const title = `${web.t('case.title')}: ${names.cadres.get(view.cadreId) ?? ''}`;
    const parts = { head: caseHeadSections(web, view, actions), term: caseTermSections(web, view, names, actions) };
    await render(req, res, { status: refused ? refused.problem.status : 200, title, section: 'cases', taskCount: tasks.length, body: casePage(web, view, names, actions, parts) });
  }

  page('/ho-so/:id', (req, res) => showCase(req, res));

  const stepForm = (route: string, step: CaseStep) =>
    action(route, async (req, res) => {
      const web = webOf(res);
      if (!web.signedIn) return res.redirect(303, SIGN_IN_PATH);
      const id = String(req.params.id);
      const problem = await takeStep(deps, web.signedIn.user, id, step, req, web.lang);
      if (problem === null) return res.redirect(303, `/ho-so/${id}`);
      await showCase(req, res, { step, problem, form: req.body as Record<string, unknown> });
    });
  stepForm('/ho-so/:id/y-kien', 'consultations');
  stepForm('/ho-so/:id/bieu-quyet', 'votes');
  stepForm('/ho-so/:id/tham-dinh', 'appraisal');
  stepForm('/ho-so/:id/quyet-dinh', 'decision');
  for (const [route, step] of TERM_STEP_ROUTES) stepForm(route, step);
  // The dossier's upload is multipart: no urlencoded parser reads it, so its CSRF token (a hidden
  // field, never the address, which reaches logs and history) is checked by fileDocument after
  // the form is read into memory and before anything is stored.
  router.post('/ho-so/:id/tai-lieu', ...common, (req, res, next) => {
    const web = webOf(res);
    if (!web.signedIn) return res.redirect(303, SIGN_IN_PATH);
    const user = web.signedIn.user;
    const id = String(req.params.id);
    (async () => {
      const problem = await fileDocument(deps, user, id, req, () => csrfHolds(req, res), webOf(res).lang);
      if (problem === null) return res.redirect(303, `/ho-so/${id}`);
      await showCase(req, res, { step: 'documents', problem, form: (req.body ?? {}) as Record<string, unknown> });
    })().catch(next);
  });

  // A document of a case the user may see, through the same endpoint code (and the same
  // visibility rule: a document of a case one may not see is "not found") as GET /v1/documents/:id.
  page('/tai-lieu/:id', async (req, res) => {
    const ep = documentEndpoints.find((e) => e.method === 'get' && e.path === '/v1/documents/:id')!;
    const parsed = ep.request.safeParse({ params: { id: req.params.id }, query: {} });
    if (!parsed.success) throw new HttpProblem(404, refusalText('no_such', { what: 'document' }));
    const file = await ep.handle(parsed.data, { user: signedIn(res).user, deps, idempotencyKey: null, upload: null });
    sendReply(res, { status: 200, body: file });
  });

  page('/thong-bao', async (req, res) => {
    const { user } = signedIn(res);
    const rows = await prisma.notification.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: NOTIFICATIONS_SHOWN });
    await render(req, res, { title: webOf(res).t('notifications.title'), section: 'notifications', body: notificationsPage(webOf(res), rows) });
  });

  page('/quan-tri/mat-khau', async (req, res) => {
    requireAdmin(res);
    await render(req, res, { title: webOf(res).t('password.title'), section: 'password', body: passwordPage(webOf(res), {}) });
  });

  action('/quan-tri/mat-khau', async (req, res) => {
    const web = webOf(res);
    if (!web.signedIn) return res.redirect(303, SIGN_IN_PATH);
    requireAdmin(res);
    const username = typeof req.body.username === 'string' ? req.body.username.trim().normalize('NFC') : '';
    const password = typeof req.body.password === 'string' ? req.body.password : '';
    const show = (status: number, values: Parameters<typeof passwordPage>[1]) =>
      render(req, res, { status, title: web.t('password.title'), section: 'password', body: passwordPage(web, { username, ...values }) });
    if (password.length < MIN_PASSWORD_LENGTH) return show(422, { errors: { password: web.t('password.tooShort') } });
    if (password.length > MAX_PASSWORD_LENGTH) return show(422, { errors: { password: web.t('password.tooLong') } });
    const target = await prisma.user.findUnique({ where: { username } });
    if (!target) return show(404, { errors: { username: web.t('password.noUser') } });
    try {
      await setPassword(prisma, web.signedIn.user, target.id, password);
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 403) return show(403, { errors: { username: web.t('password.forbidden') } });
      throw err;
    }
    // Setting one's own password ends one's own sessions too: sign in again.
    if (target.id === web.signedIn.user.id) {
      clearSessionCookie(req, res);
      return res.redirect(303, SIGN_IN_PATH);
    }
    await show(200, { username: '', saved: target.username });
  });

  // ---- Đề xuất luân chuyển (propose): see propose.ts ----
  const proposeForm = express.urlencoded({ extended: false, limit: '20kb', parameterLimit: 40 });
  const showPropose = async (req: Request, res: Response, values: Record<string, string>, result?: ProposeData['result'], status = 200) => {
    const { user } = signedIn(res);
    if (!mayPropose(user)) throw new HttpProblem(403, refusalText('organizer_needed'));
    const search = { q: typeof req.query.q === 'string' ? req.query.q : (values.q ?? ''), unitId: typeof req.query.unitId === 'string' ? req.query.unitId : '' };
    const data = { ...(await loadPropose(prisma, user, search, values)), result };
    await render(req, res, { status, title: webOf(res).t('propose.title'), section: 'propose', body: proposePage(webOf(res), data) });
  };
  page(PROPOSE_PATH, (req, res) => showPropose(req, res, typeof req.query.cadreId === 'string' ? { cadreId: req.query.cadreId } : {}));
  router.post(PROPOSE_PATH, ...common, proposeForm, checkCsrf, (req, res, next) => {
    const web = webOf(res);
    if (!web.signedIn) return res.redirect(303, SIGN_IN_PATH);
    const user = web.signedIn.user;
    const mode = req.body.action === 'check' ? 'check' : 'submit';
    (async () => {
      if (!mayPropose(user)) throw new HttpProblem(403, refusalText('organizer_needed'));
      const outcome = await runProposal(deps, user, req, mode, web.lang);
      if ('created' in outcome) return res.redirect(303, `/ho-so/${outcome.created}`);
      const values = formValues(req.body);
      if ('passed' in outcome) return showPropose(req, res, values, { passed: true });
      await showPropose(req, res, values, { passed: false, problem: outcome.problem }, outcome.problem.status);
    })().catch(next);
  });
  // ---- end of propose ----
  reportPages({ prisma, page, render });
  planningPages({ prisma, page, render });
  adminPages({ deps, prisma, page, action, render });
  delegationPages({ deps, prisma, page, action, render });
  cadrePages({ deps, prisma, page, action, render });

  // Errors of the pages above (not of /v1, which answers problem+json): a page saying what happened.
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const web = res.locals.web ? webOf(res) : null;
    if (!web || res.headersSent) return next(err);
    const status = err instanceof CsrfRefused ? 403 : err instanceof HttpProblem ? err.status : 500;
    if (status >= 500) res.err = err instanceof Error ? err : new Error(String(err));
    const key: MessageKey =
      err instanceof CsrfRefused ? 'error.csrf' : status === 404 ? 'error.notFound' : status === 403 ? 'error.forbidden' : status === 429 ? 'error.tooMany' : 'error.server';
    send(res, status, layout(web, { title: web.t('error.title'), body: errorPage(web, web.t(key)), path: req.path }));
  });

  async function cadreNames(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await prisma.cadre.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, fullName: true } });
    return new Map(rows.map((r) => [r.id, r.fullName]));
  }

  async function namesOf(ids: { units?: readonly string[]; cadres?: readonly string[]; users?: readonly (string | undefined)[] }): Promise<Names> {
    const userIds = [...new Set((ids.users ?? []).filter((x): x is string => typeof x === 'string'))];
    const [units, cadres, users] = await Promise.all([
      prisma.unit.findMany({ where: { id: { in: [...new Set(ids.units ?? [])] } }, select: { id: true, name: true } }),
      cadreNames(ids.cadres ?? []),
      prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, fullName: true } }),
    ]);
    return { units: new Map(units.map((u) => [u.id, u.name])), cadres, users: new Map(users.map((u) => [u.id, u.fullName])) };
  }

  return router;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

function requireAdmin(res: Response): void {
  if (!webOf(res).signedIn?.user.roles.some((g) => g.role === 'admin')) throw new HttpProblem(403, refusalText('admin_needed'));
}
