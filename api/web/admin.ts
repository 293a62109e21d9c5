// Đơn vị, cán bộ, người dùng: the admin's pages. The unit tree and a form to add a unit; a unit's
// positions and their holders, its Standing Committee and its users; the cadres, with a form to
// add one and to put one in a planning list; the users, their roles and first password. Every
// change goes through the handler of its /v1 endpoint with the signed-in admin, so the same scope
// checks and refusals apply; a refusal is shown by its field, the form as it was sent.
import type { Request, Response } from 'express';
import { SEXES } from '../../domain/national-rules';
import { POLITICAL_THEORY_LEVELS, ROLES, type Role, UNIT_AREAS, UNIT_KINDS, type UnitKind } from '../../domain/types';
import type { Unit } from '../../generated/prisma/client';
import { searchCadres, searchUsers } from '../../store/directory';
import { nationalRulesOn } from '../../store/national-rules';
import type { AppDeps } from '../deps';
import { HttpProblem, type Problem, answered } from '../problem';
import { inLanguage, refusalText } from '../../domain/refusal-texts';
import { issueWording } from '../validate';
import { cadreEndpoints } from '../routes/cadres';
import { nationalRuleEndpoints } from '../routes/national-rules';
import { unitEndpoints } from '../routes/units';
import { passwordSchema, setPassword, userEndpoints } from '../routes/users';
import { ID_SHAPES, today } from '../schemas';
import { type Principal, reaches, scopeUnitIds } from '../scope';
import { callEndpoint, endpointIn, errorFor } from './endpoint-form';
import { cadrePath } from './cadre';
import { formatDate } from './format';
import { type Html, html, query } from './html';
import { PAGE_TITLE_ID, csrfField, scrollingTable } from './layout';
import { labelOf } from './messages';
import { described, fieldError } from './pages';
import { input, select } from './form-fields';
import { type FormValues, type UnitChoice, formValues, unitChoices } from './propose';
import type { WebRoutes } from './reports';
import { type WebContext, webOf } from './session';

type Handler = (req: Request, res: Response) => Promise<void>;

/** What the web router lends this module beyond WebRoutes: the service and its CSRF-checked POST routes. */
export interface AdminRoutes extends WebRoutes {
  deps: AppDeps;
  action: (route: string, handler: Handler) => unknown;
}

export const UNITS_PATH = '/don-vi';
export const USERS_PATH = '/nguoi-dung';
export const CADRES_PATH = '/can-bo';
const ADMIN = ['admin'] as const;
/** Rows of roles on the forms; the form parser reads at most 20 fields. */
const ROLE_ROWS = 4;
/** The most cadres or users a list shows; a search by name narrows it. */
const LISTED = 200;

/** A form refused: which form, what was sent, and the API's problem. */
interface Refused {
  form: string;
  values: FormValues;
  problem: Problem;
}

const unitsEp = endpointIn(unitEndpoints, 'post', '/v1/units');
const holderEp = endpointIn(unitEndpoints, 'put', '/v1/units/:id/positions/:title');
const committeeEp = endpointIn(unitEndpoints, 'put', '/v1/units/:id/committee');
const cadreEp = endpointIn(cadreEndpoints, 'post', '/v1/cadres');
const planningEp = endpointIn(nationalRuleEndpoints, 'post', '/v1/planning-records');
const userEp = endpointIn(userEndpoints, 'post', '/v1/users');
const userPatchEp = endpointIn(userEndpoints, 'patch', '/v1/users/:id');
const userGetEp = endpointIn(userEndpoints, 'get', '/v1/users/:id');

const textOf = (value: string | undefined): string | undefined => (value !== undefined && value.trim() !== '' ? value.trim() : undefined);
const isAdmin = (user: Principal): boolean => user.roles.some((g) => g.role === 'admin');

function adminOf(res: Response): Principal {
  const user = webOf(res).signedIn!.user;
  if (!isAdmin(user)) throw new HttpProblem(403, refusalText('admin_needed'));
  return user;
}

/** The role rows of a form as the API's `roles`: a row with no role is left out. */
function rolesOf(values: FormValues): { role: string; unitId?: string }[] {
  return Array.from({ length: ROLE_ROWS * 2 }, (_, i) => i).flatMap((i) => {
    const role = textOf(values[`role-${i}`]);
    return role ? [{ role, unitId: textOf(values[`unit-${i}`]) }] : [];
  });
}

export function adminPages({ deps, prisma, page, action, render }: AdminRoutes): void {
  // ---- units ----
  const showUnits = async (req: Request, res: Response, refused?: Refused) => {
    const user = adminOf(res);
    const units = await unitChoices(prisma, user, ADMIN);
    const rows = await prisma.unit.findMany({ where: { id: { in: units.map((u) => u.id) } } });
    const web = webOf(res);
    await render(req, res, { status: refused?.problem.status, title: web.t('admin.units.title'), section: 'units', body: unitsPage(web, rows, units, refused) });
  };
  page(UNITS_PATH, (req, res) => showUnits(req, res));
  action(UNITS_PATH, async (req, res) => {
    if (!webOf(res).signedIn) return res.redirect(303, '/dang-nhap');
    const user = adminOf(res);
    const v = formValues(req.body);
    const body = { code: textOf(v.code), name: textOf(v.name), kind: textOf(v.kind), area: textOf(v.area), parentId: textOf(v.parentId) };
    const outcome = await callEndpoint(deps, user, unitsEp, { body }, { lang: webOf(res).lang });
    if (outcome.ok) return res.redirect(303, `${UNITS_PATH}/${(outcome.value as { id: string }).id}`);
    await showUnits(req, res, { form: 'unit', values: v, problem: outcome.problem });
  });

  const unitOf = async (req: Request, user: Principal): Promise<Unit> => {
    const id = String(req.params.id);
    const unit = ID_SHAPES.uuid.test(id) ? await prisma.unit.findUnique({ where: { id } }) : null;
    if (!unit) throw new HttpProblem(404, refusalText('no_such', { what: 'unit' }));
    if (!reaches(user, ADMIN, unit.path)) throw new HttpProblem(403, refusalText('admin_over_unit_needed'));
    return unit;
  };

  const showUnit = async (req: Request, res: Response, refused?: Refused) => {
    const user = adminOf(res);
    const unit = await unitOf(req, user);
    const scope = scopeUnitIds(user, ADMIN);
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const [parent, children, holders, members, rules, cadres, candidates, roleRows] = await Promise.all([
      unit.parentId ? prisma.unit.findUnique({ where: { id: unit.parentId } }) : null,
      prisma.unit.findMany({ where: { parentId: unit.id }, orderBy: { name: 'asc' } }),
      prisma.positionHolder.findMany({ where: { unitId: unit.id }, orderBy: { title: 'asc' } }),
      prisma.committeeMember.findMany({ where: { unitId: unit.id } }),
      nationalRulesOn(prisma, today()),
      searchCadres(prisma, { scopeUnitIds: scope, q: q || undefined }),
      searchUsers(prisma, { scopeUnitIds: scope, unitId: unit.id }),
      prisma.roleAssignment.findMany({ where: { unitId: unit.id }, include: { user: true } }),
    ]);
    const named = await prisma.cadre.findMany({ where: { id: { in: holders.flatMap((h) => (h.cadreId ? [h.cadreId] : [])) } }, select: { id: true, fullName: true } });
    const memberIds = new Set(members.map((m) => m.userId));
    const outside = await prisma.user.findMany({ where: { id: { in: [...memberIds].filter((id) => !candidates.some((c) => c.id === id)) } } });
    const titles = [...new Set([...(rules.posts[unit.kind as UnitKind] ?? []), ...holders.map((h) => h.title)])];
    const cadreNames = new Map(named.map((c) => [c.id, c.fullName]));
    const data: UnitData = {
      unit,
      parent,
      children,
      titles,
      holders: holders.map((h) => ({ title: h.title, cadreName: h.cadreId ? (cadreNames.get(h.cadreId) ?? '') : '', retained: h.retainedByCaseId !== null })),
      cadres: cadres.slice(0, LISTED).map((c) => ({ id: c.id, fullName: c.fullName })),
      q,
      people: [...candidates, ...outside].map((u) => ({ id: u.id, fullName: u.fullName, username: u.username, member: memberIds.has(u.id) })),
      users: roleRows.map((r) => ({ id: r.userId, fullName: r.user.fullName, role: r.role as Role })),
    };
    const web = webOf(res);
    await render(req, res, { status: refused?.problem.status, title: `${web.t('admin.unit.title')}: ${unit.name}`, section: 'units', body: unitPage(web, data, refused) });
  };
  page(`${UNITS_PATH}/:id`, (req, res) => showUnit(req, res));
  action(`${UNITS_PATH}/:id/chuc-vu`, async (req, res) => {
    if (!webOf(res).signedIn) return res.redirect(303, '/dang-nhap');
    const user = adminOf(res);
    const unit = await unitOf(req, user);
    const v = formValues(req.body);
    const outcome = await callEndpoint(deps, user, holderEp, { params: { id: unit.id, title: textOf(v.title) }, body: { cadreId: textOf(v.cadreId) } }, { lang: webOf(res).lang });
    if (outcome.ok) return res.redirect(303, `${UNITS_PATH}/${unit.id}`);
    await showUnit(req, res, { form: 'holder', values: v, problem: outcome.problem });
  });
  action(`${UNITS_PATH}/:id/ban-thuong-vu`, async (req, res) => {
    if (!webOf(res).signedIn) return res.redirect(303, '/dang-nhap');
    const user = adminOf(res);
    const unit = await unitOf(req, user);
    const sent: unknown = req.body?.memberUserIds;
    const memberUserIds = Array.isArray(sent) ? sent : typeof sent === 'string' ? [sent] : [];
    const outcome = await callEndpoint(deps, user, committeeEp, { params: { id: unit.id }, body: { memberUserIds } }, { lang: webOf(res).lang });
    if (outcome.ok) return res.redirect(303, `${UNITS_PATH}/${unit.id}`);
    await showUnit(req, res, { form: 'committee', values: {}, problem: outcome.problem });
  });

  // ---- cadres ----
  const showCadres = async (req: Request, res: Response, refused?: Refused) => {
    const user = adminOf(res);
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const [units, found, rules] = await Promise.all([
      unitChoices(prisma, user, ADMIN),
      searchCadres(prisma, { scopeUnitIds: scopeUnitIds(user, ADMIN), q: q || undefined }),
      nationalRulesOn(prisma, today()),
    ]);
    const positions = [...new Set([...UNIT_KINDS.flatMap((k) => rules.posts[k]), 'specialist'])];
    const web = webOf(res);
    const data: CadresData = { q, units, positions, cadres: found.slice(0, LISTED) };
    await render(req, res, { status: refused?.problem.status, title: web.t('admin.cadres.title'), section: 'cadres', body: cadresPage(web, data, refused) });
  };
  page(CADRES_PATH, (req, res) => showCadres(req, res));
  action(CADRES_PATH, async (req, res) => {
    if (!webOf(res).signedIn) return res.redirect(303, '/dang-nhap');
    const user = adminOf(res);
    const v = formValues(req.body);
    const body = {
      fullName: textOf(v.fullName),
      birthDate: textOf(v.birthDate),
      sex: textOf(v.sex),
      homeUnitId: textOf(v.homeUnitId),
      currentUnitId: textOf(v.currentUnitId),
      currentPosition: textOf(v.currentPosition),
      politicalTheory: textOf(v.politicalTheory),
      qualification: textOf(v.qualification),
      nextSalaryRaiseDate: textOf(v.nextSalaryRaiseDate),
    };
    const outcome = await callEndpoint(deps, user, cadreEp, { body }, { lang: webOf(res).lang });
    if (outcome.ok) return res.redirect(303, `${CADRES_PATH}${query({ q: body.fullName })}`);
    await showCadres(req, res, { form: 'cadre', values: v, problem: outcome.problem });
  });
  action(`${CADRES_PATH}/quy-hoach`, async (req, res) => {
    if (!webOf(res).signedIn) return res.redirect(303, '/dang-nhap');
    const user = adminOf(res);
    const v = formValues(req.body);
    const body = { cadreId: textOf(v.cadreId), title: textOf(v.title), unitId: textOf(v.unitId), from: textOf(v.from), to: textOf(v.to), decisionNumber: textOf(v.decisionNumber) };
    const outcome = await callEndpoint(deps, user, planningEp, { body }, { lang: webOf(res).lang });
    if (outcome.ok) return res.redirect(303, `${CADRES_PATH}${query({ 'da-luu': 'quy-hoach' })}`);
    await showCadres(req, res, { form: 'planning', values: v, problem: outcome.problem });
  });

  // ---- users ----
  const showUsers = async (req: Request, res: Response, refused?: Refused) => {
    const user = adminOf(res);
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const scope = scopeUnitIds(user, ADMIN);
    const [units, found, cadres] = await Promise.all([
      unitChoices(prisma, user, ADMIN),
      searchUsers(prisma, { scopeUnitIds: scope, q: q || undefined }),
      searchCadres(prisma, { scopeUnitIds: scope }),
    ]);
    const web = webOf(res);
    const data: UsersData = {
      q,
      units,
      cadres: cadres.slice(0, LISTED).map((c) => ({ id: c.id, fullName: c.fullName })),
      users: found
        .slice(0, LISTED)
        .map((u) => ({ id: u.id, username: u.username, fullName: u.fullName, active: u.active, roles: u.roles.map((r) => ({ role: r.role as Role, unitId: r.unitId })) })),
    };
    await render(req, res, { status: refused?.problem.status, title: web.t('admin.users.title'), section: 'users', body: usersPage(web, data, refused) });
  };
  page(USERS_PATH, (req, res) => showUsers(req, res));
  action(USERS_PATH, async (req, res) => {
    if (!webOf(res).signedIn) return res.redirect(303, '/dang-nhap');
    const user = adminOf(res);
    const v = formValues(req.body);
    // The password is checked first, so a user is never created without one that can be set.
    const password = passwordSchema.safeParse(v.password ?? '');
    if (!password.success) {
      const problem: Problem = {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: inLanguage(refusalText('request_invalid'), webOf(res).lang),
        errors: [{ path: 'password', message: inLanguage(issueWording(password.error.issues[0]), webOf(res).lang) }],
      };
      return showUsers(req, res, { form: 'user', values: v, problem });
    }
    const body = { username: textOf(v.username), fullName: textOf(v.fullName), email: textOf(v.email), cadreId: textOf(v.cadreId), roles: rolesOf(v) };
    const outcome = await callEndpoint(deps, user, userEp, { body }, { lang: webOf(res).lang });
    if (!outcome.ok) return showUsers(req, res, { form: 'user', values: v, problem: outcome.problem });
    const id = (outcome.value as { id: string }).id;
    await setPassword(prisma, user, id, password.data);
    res.redirect(303, `${USERS_PATH}/${id}`);
  });

  const showUser = async (req: Request, res: Response, refused?: Refused) => {
    const user = adminOf(res);
    // Read through GET /v1/users/:id, so a user outside the admin's units is refused as there.
    const read = await callEndpoint(deps, user, userGetEp, { params: { id: String(req.params.id) } }, { lang: webOf(res).lang });
    if (!read.ok) throw answered(read.problem);
    const found = read.value as { id: string; username: string; fullName: string; active: boolean; cadreId: string | null; roles: { role: string; unitId: string | null }[] };
    const [units, cadre] = await Promise.all([unitChoices(prisma, user, ADMIN), found.cadreId ? prisma.cadre.findUnique({ where: { id: found.cadreId } }) : null]);
    const web = webOf(res);
    const data: UserData = {
      id: found.id,
      username: found.username,
      fullName: found.fullName,
      active: found.active,
      cadreName: cadre?.fullName ?? null,
      roles: found.roles.map((r) => ({ role: r.role as Role, unitId: r.unitId })),
      units,
      self: found.id === user.id,
    };
    await render(req, res, { status: refused?.problem.status, title: `${web.t('admin.user.title')}: ${found.fullName}`, section: 'users', body: userPage(web, data, refused) });
  };
  page(`${USERS_PATH}/:id`, (req, res) => showUser(req, res));
  action(`${USERS_PATH}/:id`, async (req, res) => {
    if (!webOf(res).signedIn) return res.redirect(303, '/dang-nhap');
    const user = adminOf(res);
    const v = formValues(req.body);
    const outcome = await callEndpoint(
      deps,
      user,
      userPatchEp,
      { params: { id: String(req.params.id) }, body: { roles: rolesOf(v), active: v.active === 'on' } },
      { lang: webOf(res).lang },
    );
    if (outcome.ok) return res.redirect(303, `${USERS_PATH}/${String(req.params.id)}`);
    await showUser(req, res, { form: 'roles', values: v, problem: outcome.problem });
  });
}

// ---- rendering ----

/** The refusal of a form, when it is this one: its detail, above the form. */
function refusalBox(web: WebContext, refused: Refused | undefined, form: string): Html {
  if (refused?.form !== form) return html``;
  return html`<p class="alert" role="alert" data-testid="admin-refused">${web.t('admin.refused', { detail: refused.problem.detail })}</p>`;
}

const sentTo = (refused: Refused | undefined, form: string) => (refused?.form === form ? { values: refused.values, problem: refused.problem } : { values: {}, problem: undefined });

function unitTree(units: readonly Unit[]): Html {
  const ids = new Set(units.map((u) => u.id));
  const below = (parentId: string | null) =>
    units.filter((u) => (parentId === null ? u.parentId === null || !ids.has(u.parentId) : u.parentId === parentId)).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const branch = (parentId: string | null): Html => {
    const level = below(parentId);
    return level.length
      ? html`<ul class="tree">
          ${level.map((u) => html`<li><a href="${UNITS_PATH}/${u.id}">${u.name}</a> ${branch(u.id)}</li>`)}
        </ul>`
      : html``;
  };
  return branch(null);
}

function unitsPage(web: WebContext, units: readonly Unit[], choices: readonly UnitChoice[], refused: Refused | undefined): Html {
  const { t } = web;
  const { values, problem } = sentTo(refused, 'unit');
  return html`<section data-testid="unit-tree">
      <h2>${t('admin.units.tree')}</h2>
      ${units.length ? unitTree(units) : html`<p class="empty">${t('admin.units.none')}</p>`}
    </section>
    <form method="post" action="${UNITS_PATH}" class="card" data-testid="unit-form">
      <h2>${t('admin.units.add')}</h2>
      ${refusalBox(web, refused, 'unit')} ${csrfField(web)} ${input('u-name', 'name', t('admin.unit.name'), values, problem, html`required`)}
      ${input('u-code', 'code', t('admin.unit.code'), values, problem, html`required`)}
      ${select(
        'u-kind',
        'kind',
        t('admin.unit.kind'),
        UNIT_KINDS.map((k) => [k, t(`unitKind.${k}`)] as const),
        values,
        problem,
      )}
      ${select(
        'u-area',
        'area',
        t('admin.unit.area'),
        UNIT_AREAS.map((a) => [a, t(`admin.area.${a}`)] as const),
        { area: 'other', ...values },
        problem,
      )}
      ${select(
        'u-parent',
        'parentId',
        t('admin.unit.parent'),
        choices.map((u) => [u.id, u.label] as const),
        values,
        problem,
        t('admin.unit.noParent'),
      )}
      <p class="hint">${t('admin.unit.parentHint')}</p>
      <p class="actions"><button type="submit" class="primary">${t('admin.units.submit')}</button></p>
    </form>`;
}

interface UnitData {
  unit: Unit;
  parent: Unit | null;
  children: Unit[];
  titles: string[];
  holders: { title: string; cadreName: string; retained: boolean }[];
  cadres: { id: string; fullName: string }[];
  q: string;
  people: { id: string; fullName: string; username: string; member: boolean }[];
  users: { id: string; fullName: string; role: Role }[];
}

function unitPage(web: WebContext, d: UnitData, refused: Refused | undefined): Html {
  const { t } = web;
  const holder = sentTo(refused, 'holder');
  const holderOf = new Map(d.holders.map((h) => [h.title, h]));
  return html`<dl class="facts" data-testid="unit-facts">
      <dt>${t('admin.unit.code')}</dt>
      <dd>${d.unit.code}</dd>
      <dt>${t('admin.unit.kind')}</dt>
      <dd>${t(`unitKind.${d.unit.kind as UnitKind}`)}</dd>
      <dt>${t('admin.unit.area')}</dt>
      <dd>${labelOf(t, 'admin.area', d.unit.area)}</dd>
      <dt>${t('admin.unit.parent')}</dt>
      <dd>${d.parent ? html`<a href="${UNITS_PATH}/${d.parent.id}">${d.parent.name}</a>` : t('admin.unit.noParent')}</dd>
      <dt>${t('admin.unit.children')}</dt>
      <dd>${d.children.length ? d.children.map((c, i) => html`${i ? ', ' : ''}<a href="${UNITS_PATH}/${c.id}">${c.name}</a>`) : t('admin.none')}</dd>
    </dl>
    <p><a href="${UNITS_PATH}">${t('admin.units.back')}</a></p>

    <section data-testid="positions">
      <h2 id="positions-title">${t('admin.positions.title')}</h2>
      ${scrollingTable(
        'positions-title',
        html`<table>
          <thead>
            <tr>
              <th scope="col">${t('admin.positions.title1')}</th>
              <th scope="col">${t('admin.positions.holder')}</th>
            </tr>
          </thead>
          <tbody>
            ${d.titles.map((title) => {
              const h = holderOf.get(title);
              return html`<tr>
                <td>${labelOf(t, 'position', title)}</td>
                <td>
                  ${h?.cadreName ? html`${h.cadreName}${h.retained ? html` <span class="badge">${t('admin.positions.retained')}</span>` : ''}` : html`<span class="muted">${t('admin.positions.vacant')}</span>`}
                </td>
              </tr>`;
            })}
          </tbody>
        </table>`,
      )}
      <form method="get" action="${UNITS_PATH}/${d.unit.id}" class="filters card" role="search">
        <div class="field">
          <label for="h-q">${t('admin.positions.search')}</label>
          <input id="h-q" name="q" value="${d.q}" autocomplete="off" />
        </div>
        <button type="submit">${t('admin.search')}</button>
      </form>
      <form method="post" action="${UNITS_PATH}/${d.unit.id}/chuc-vu" class="card" data-testid="holder-form">
        <h3>${t('admin.positions.set')}</h3>
        ${refusalBox(web, refused, 'holder')} ${csrfField(web)}
        ${select(
          'h-title',
          'title',
          t('admin.positions.title1'),
          d.titles.map((x) => [x, labelOf(t, 'position', x)] as const),
          holder.values,
          holder.problem,
        )}
        ${select(
          'h-cadre',
          'cadreId',
          t('admin.positions.cadre'),
          d.cadres.map((c) => [c.id, c.fullName] as const),
          holder.values,
          holder.problem,
          t('admin.choose'),
        )}
        <p class="actions"><button type="submit" class="primary">${t('admin.positions.submit')}</button></p>
      </form>
    </section>

    <section data-testid="committee">
      <h2>${t('admin.committee.title')}</h2>
      <p class="hint">${t('admin.committee.hint')}</p>
      <form method="post" action="${UNITS_PATH}/${d.unit.id}/ban-thuong-vu" class="card" data-testid="committee-form">
        ${refusalBox(web, refused, 'committee')} ${csrfField(web)}
        <fieldset class="field" ${described('c-members', refused?.form === 'committee' ? errorFor(refused.problem, 'memberUserIds') : undefined)}>
          <legend>${t('admin.committee.members')}</legend>
          ${
            d.people.length
              ? d.people.map(
                  (p) =>
                    html`<label class="choice"
                      ><input type="checkbox" name="memberUserIds" value="${p.id}" ${p.member ? html` checked` : ''} /> ${p.fullName} (${p.username})</label
                    >`,
                )
              : html`<p class="empty">${t('admin.committee.nobody')}</p>`
          }
          ${fieldError('c-members', refused?.form === 'committee' ? errorFor(refused.problem, 'memberUserIds') : undefined)}
        </fieldset>
        <p class="actions"><button type="submit" class="primary">${t('admin.committee.submit')}</button></p>
      </form>
    </section>

    <section data-testid="unit-users">
      <h2>${t('admin.unit.users')}</h2>
      ${
        d.users.length
          ? html`<ul>
              ${d.users.map((u) => html`<li><a href="${USERS_PATH}/${u.id}">${u.fullName}</a> · ${labelOf(t, 'admin.role', u.role)}</li>`)}
            </ul>`
          : html`<p class="empty">${t('admin.none')}</p>`
      }
    </section>`;
}

interface CadresData {
  q: string;
  units: UnitChoice[];
  positions: string[];
  cadres: { id: string; fullName: string; birthDate: Date; currentUnitId: string; currentPosition: string }[];
}

function cadresPage(web: WebContext, d: CadresData, refused: Refused | undefined): Html {
  const { t } = web;
  const unitName = new Map(d.units.map((u) => [u.id, u.label]));
  const unitOptions = d.units.map((u) => [u.id, u.label] as const);
  const positionOptions = d.positions.map((p) => [p, labelOf(t, 'position', p)] as const);
  const cadre = sentTo(refused, 'cadre');
  const planning = sentTo(refused, 'planning');
  const year = new Date().getUTCFullYear();
  return html`<form method="get" action="${CADRES_PATH}" class="filters card" role="search">
      <div class="field">
        <label for="k-q">${t('admin.cadres.search')}</label>
        <input id="k-q" name="q" value="${d.q}" autocomplete="off" />
      </div>
      <button type="submit">${t('admin.search')}</button>
    </form>
    ${
      d.cadres.length
        ? scrollingTable(
            PAGE_TITLE_ID,
            html`<table data-testid="cadre-list">
              <thead>
                <tr>
                  <th scope="col">${t('admin.cadre.fullName')}</th>
                  <th scope="col">${t('admin.cadre.birthDate')}</th>
                  <th scope="col">${t('admin.cadre.currentUnit')}</th>
                  <th scope="col">${t('admin.cadre.currentPosition')}</th>
                </tr>
              </thead>
              <tbody>
                ${d.cadres.map(
                  (c) =>
                    html`<tr>
                      <td><a href="${cadrePath(c.id)}">${c.fullName}</a></td>
                      <td>${formatDate(c.birthDate)}</td>
                      <td>${unitName.get(c.currentUnitId) ?? ''}</td>
                      <td>${labelOf(t, 'position', c.currentPosition)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
        : html`<p class="empty">${t('admin.cadres.none')}</p>`
    }
    <form method="post" action="${CADRES_PATH}" class="card" data-testid="cadre-form">
      <h2>${t('admin.cadres.add')}</h2>
      ${refusalBox(web, refused, 'cadre')} ${csrfField(web)} ${input('k-name', 'fullName', t('admin.cadre.fullName'), cadre.values, cadre.problem, html`required`)}
      ${input('k-birth', 'birthDate', t('admin.cadre.birthDate'), cadre.values, cadre.problem, html`type="date" required`)}
      ${select(
        'k-sex',
        'sex',
        t('admin.cadre.sex'),
        SEXES.map((s) => [s, t(`admin.sex.${s}`)] as const),
        cadre.values,
        cadre.problem,
      )}
      ${select('k-home', 'homeUnitId', t('admin.cadre.homeUnit'), unitOptions, cadre.values, cadre.problem, t('admin.choose'))}
      ${select('k-current', 'currentUnitId', t('admin.cadre.currentUnit'), unitOptions, cadre.values, cadre.problem, t('admin.choose'))}
      ${select('k-position', 'currentPosition', t('admin.cadre.currentPosition'), positionOptions, cadre.values, cadre.problem, t('admin.choose'))}
      ${select(
        'k-theory',
        'politicalTheory',
        t('admin.cadre.politicalTheory'),
        POLITICAL_THEORY_LEVELS.map((l) => [l, t(`admin.theory.${l}`)] as const),
        cadre.values,
        cadre.problem,
        t('admin.theory.none'),
      )}
      ${input('k-qualification', 'qualification', t('admin.cadre.qualification'), cadre.values, cadre.problem)}
      ${input('k-raise', 'nextSalaryRaiseDate', t('admin.cadre.nextRaise'), cadre.values, cadre.problem, html`type="date"`)}
      <p class="actions"><button type="submit" class="primary">${t('admin.cadres.submit')}</button></p>
    </form>
    <form method="post" action="${CADRES_PATH}/quy-hoach" class="card" data-testid="planning-form">
      <h2>${t('admin.planning.add')}</h2>
      <p class="hint">${t('admin.planning.hint')}</p>
      ${refusalBox(web, refused, 'planning')} ${csrfField(web)}
      ${select(
        'q-cadre',
        'cadreId',
        t('admin.planning.cadre'),
        d.cadres.map((c) => [c.id, c.fullName] as const),
        planning.values,
        planning.problem,
        t('admin.choose'),
      )}
      ${select('q-title', 'title', t('admin.planning.title'), positionOptions, planning.values, planning.problem, t('admin.choose'))}
      ${select('q-unit', 'unitId', t('admin.planning.unit'), unitOptions, planning.values, planning.problem, t('admin.choose'))}
      ${input('q-from', 'from', t('admin.planning.from'), { from: `${year}-01-01`, ...planning.values }, planning.problem, html`type="date" required`)}
      ${input('q-to', 'to', t('admin.planning.to'), { to: `${year + 5}-12-31`, ...planning.values }, planning.problem, html`type="date" required`)}
      ${input('q-decision', 'decisionNumber', t('admin.planning.decision'), planning.values, planning.problem, html`required`)}
      <p class="actions"><button type="submit" class="primary">${t('admin.planning.submit')}</button></p>
    </form>`;
}

/** The role rows of a user's form: each a role and the unit it is held on. */
function roleRows(web: WebContext, units: readonly UnitChoice[], values: FormValues, problem: Problem | undefined, rows: number): Html {
  const { t } = web;
  const unitOptions = units.map((u) => [u.id, u.label] as const);
  const roleOptions = ROLES.map((r) => [r, t(`admin.role.${r}`)] as const);
  // The API numbers the roles it was sent, which skip the blank rows: a refusal is shown on its row.
  const sentRows = Array.from({ length: rows }, (_, i) => i).filter((i) => textOf(values[`role-${i}`]));
  return html`<fieldset class="field">
    <legend>${t('admin.user.roles')}</legend>
    <p class="hint">${t('admin.user.rolesHint')}</p>
    ${Array.from({ length: rows }, (_, i) => {
      const sent = sentRows.indexOf(i);
      const err = sent >= 0 ? errorFor(problem, `roles.${sent}`) : undefined;
      return html`<div class="role-row">
        ${select(`r-role-${i}`, `role-${i}`, t('admin.user.role', { n: i + 1 }), roleOptions, values, undefined, t('admin.choose'), err)}
        ${select(`r-unit-${i}`, `unit-${i}`, t('admin.user.roleUnit', { n: i + 1 }), unitOptions, values, undefined, t('admin.user.noUnit'))}
      </div>`;
    })}
  </fieldset>`;
}

interface UsersData {
  q: string;
  units: UnitChoice[];
  cadres: { id: string; fullName: string }[];
  users: { id: string; username: string; fullName: string; active: boolean; roles: { role: Role; unitId: string | null }[] }[];
}

function rolesText(web: WebContext, roles: readonly { role: Role; unitId: string | null }[], unitName: Map<string, string>): string {
  return roles.map((r) => `${labelOf(web.t, 'admin.role', r.role)}${r.unitId ? ` · ${unitName.get(r.unitId) ?? ''}` : ` · ${web.t('admin.user.global')}`}`).join('; ');
}

function usersPage(web: WebContext, d: UsersData, refused: Refused | undefined): Html {
  const { t } = web;
  const unitName = new Map(d.units.map((u) => [u.id, u.label]));
  const { values, problem } = sentTo(refused, 'user');
  return html`<form method="get" action="${USERS_PATH}" class="filters card" role="search">
      <div class="field">
        <label for="n-q">${t('admin.users.search')}</label>
        <input id="n-q" name="q" value="${d.q}" autocomplete="off" />
      </div>
      <button type="submit">${t('admin.search')}</button>
    </form>
    ${scrollingTable(
      PAGE_TITLE_ID,
      html`<table data-testid="user-list">
        <thead>
          <tr>
            <th scope="col">${t('admin.user.fullName')}</th>
            <th scope="col">${t('admin.user.username')}</th>
            <th scope="col">${t('admin.user.roles')}</th>
            <th scope="col">${t('admin.user.active')}</th>
          </tr>
        </thead>
        <tbody>
          ${d.users.map(
            (u) =>
              html`<tr>
                <td><a href="${USERS_PATH}/${u.id}">${u.fullName}</a></td>
                <td>${u.username}</td>
                <td>${rolesText(web, u.roles, unitName)}</td>
                <td>${u.active ? t('admin.yes') : t('admin.no')}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
    )}
    <form method="post" action="${USERS_PATH}" class="card" data-testid="user-form">
      <h2>${t('admin.users.add')}</h2>
      ${refusalBox(web, refused, 'user')} ${csrfField(web)} ${input('n-username', 'username', t('admin.user.username'), values, problem, html`required autocomplete="off"`)}
      ${input('n-name', 'fullName', t('admin.user.fullName'), values, problem, html`required`)}
      ${input('n-email', 'email', t('admin.user.email'), values, problem, html`type="email"`)}
      ${select(
        'n-cadre',
        'cadreId',
        t('admin.user.cadre'),
        d.cadres.map((c) => [c.id, c.fullName] as const),
        values,
        problem,
        t('admin.user.noCadre'),
      )}
      ${roleRows(web, d.units, values, problem, ROLE_ROWS)}
      ${input('n-password', 'password', t('admin.user.password'), {}, problem, html`type="password" required autocomplete="new-password"`)}
      <p class="actions"><button type="submit" class="primary">${t('admin.users.submit')}</button></p>
    </form>`;
}

interface UserData {
  id: string;
  username: string;
  fullName: string;
  active: boolean;
  cadreName: string | null;
  roles: { role: Role; unitId: string | null }[];
  units: UnitChoice[];
  self: boolean;
}

function userPage(web: WebContext, d: UserData, refused: Refused | undefined): Html {
  const { t } = web;
  const unitName = new Map(d.units.map((u) => [u.id, u.label]));
  const rows = Math.min(d.roles.length + 2, ROLE_ROWS * 2);
  const current: FormValues = { active: d.active ? 'on' : '' };
  d.roles.forEach((r, i) => {
    current[`role-${i}`] = r.role;
    current[`unit-${i}`] = r.unitId ?? '';
  });
  const values = refused?.form === 'roles' ? refused.values : current;
  return html`<dl class="facts" data-testid="user-facts">
      <dt>${t('admin.user.username')}</dt>
      <dd>${d.username}</dd>
      <dt>${t('admin.user.cadre')}</dt>
      <dd>${d.cadreName ?? t('admin.user.noCadre')}</dd>
      <dt>${t('admin.user.roles')}</dt>
      <dd data-testid="user-roles">${d.roles.length ? rolesText(web, d.roles, unitName) : t('admin.none')}</dd>
      <dt>${t('admin.user.active')}</dt>
      <dd data-testid="user-active">${d.active ? t('admin.yes') : t('admin.no')}</dd>
    </dl>
    <p><a href="${USERS_PATH}">${t('admin.users.back')}</a> · <a href="/quan-tri/mat-khau">${t('admin.user.setPassword')}</a></p>
    ${
      d.self
        ? html`<p class="hint">${t('admin.user.selfHint')}</p>`
        : html`<form method="post" action="${USERS_PATH}/${d.id}" class="card" data-testid="roles-form">
            <h2>${t('admin.user.editRoles')}</h2>
            ${refusalBox(web, refused, 'roles')} ${csrfField(web)} ${roleRows(web, d.units, values, refused?.problem, rows)}
            <label class="choice"><input type="checkbox" name="active" ${values.active === 'on' ? html` checked` : ''} /> ${t('admin.user.activeLabel')}</label>
            <p class="actions"><button type="submit" class="primary">${t('admin.user.save')}</button></p>
          </form>`
    }`;
}
