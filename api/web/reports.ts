// Báo cáo: the non-local-secretary report of a unit as a bar chart (server-side SVG) against the
// target and as a table, with drill-down to the units below; the reviews report; both as Excel
// and CSV. Read through the same functions, with the same scope rules, as /v1/reports/*.
import type { Request, Response } from 'express';
import { ancestorIds } from '../../domain/units';
import { REVIEW_STATUSES, type ReviewStatus, type Role } from '../../domain/types';
import type { PrismaClient, Unit } from '../../generated/prisma/client';
import { HttpProblem } from '../problem';
import { refusalText } from '../../domain/refusal-texts';
import { ID_SHAPES } from '../schemas';
import { type NonLocalSecretaryTally, NON_LOCAL_REPORT_ROLES, type ReviewReportItem, nonLocalSecretaryReport, reviewReport, reviewRowsFor } from '../routes/reports';
import { type Principal, holdsGlobally, reaches, scopeUnitIds } from '../scope';
import { formatDate } from './format';
import { type Html, html, query } from './html';
import { type PageOptions, scrollingTable } from './layout';
import { labelOf } from './messages';
import { type Table, toCsv, toXlsx } from './spreadsheet';
import { type SignedIn, type WebContext, webOf } from './session';

type Handler = (req: Request, res: Response) => Promise<void>;

/** What the web router lends this module: its data, its guarded GET routes and its page frame. */
export interface WebRoutes {
  prisma: PrismaClient;
  page: (route: string, handler: Handler) => unknown;
  render: (req: Request, res: Response, options: Omit<PageOptions, 'path'> & { status?: number }) => Promise<void>;
}

export const REPORTS_PATH = '/bao-cao';
const UNIT_PARAM = 'don-vi';
const STATUS_PARAM = 'trang-thai';
/** Reviews listed on the page; the downloads hold them all. */
export const REVIEWS_SHOWN = 200;

type NonLocalReport = Awaited<ReturnType<typeof nonLocalSecretaryReport>>;

export function reportPages({ prisma, page, render }: WebRoutes): void {
  page(REPORTS_PATH, async (req, res) => {
    const web = webOf(res);
    const { user } = signedInOf(res);
    const status = reviewStatusOf(req);
    const unit = await chosenUnit(prisma, user, req);
    const [nonLocal, reviews] = await Promise.all([unit ? nonLocalView(prisma, user, unit) : null, reviewItems(prisma, user, status)]);
    const body = html`${nonLocalSection(web, nonLocal)} ${reviewsSection(web, reviews, status)}`;
    await render(req, res, { title: web.t('reports.title'), section: 'reports', body });
  });

  const download = (name: string, table: (req: Request, res: Response) => Promise<{ table: Table; file: string }>) => {
    page(`${REPORTS_PATH}/${name}.csv`, async (req, res) => {
      const { table: t, file } = await table(req, res);
      attachment(res, `${file}.csv`, 'text/csv; charset=utf-8').send(Buffer.from(toCsv(t), 'utf8'));
    });
    page(`${REPORTS_PATH}/${name}.xlsx`, async (req, res) => {
      const { table: t, file } = await table(req, res);
      attachment(res, `${file}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(t));
    });
  };

  download('bi-thu', async (req, res) => {
    const { user } = signedInOf(res);
    const unit = await chosenUnit(prisma, user, req);
    if (!unit) throw new HttpProblem(403, refusalText('no_unit_to_report'));
    const report = await nonLocalSecretaryReport(prisma, user, unit.id);
    return { table: nonLocalTable(webOf(res), report), file: `bi-thu-khong-tai-cho-${fileSafe(unit.code)}` };
  });

  download('danh-gia', async (req, res) => {
    const { user } = signedInOf(res);
    const status = reviewStatusOf(req);
    const items = await reviewItems(prisma, user, status);
    return { table: reviewsTable(webOf(res), items), file: `danh-gia-dinh-ky${status ? `-${status}` : ''}` };
  });
}

function signedInOf(res: Response): SignedIn {
  return webOf(res).signedIn!;
}

function attachment(res: Response, file: string, type: string): Response {
  return res.status(200).setHeader('Cache-Control', 'no-store').setHeader('Content-Type', type).setHeader('Content-Disposition', `attachment; filename="${file}"`);
}

const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, '-');

function reviewStatusOf(req: Request): ReviewStatus | undefined {
  const value = req.query[STATUS_PARAM];
  return typeof value === 'string' && (REVIEW_STATUSES as readonly string[]).includes(value) ? (value as ReviewStatus) : undefined;
}

/**
 * The unit named by `?don-vi=` (404 when there is none such), else the highest unit the user's
 * `roles` (by default the report's) reach (the first top-level unit for a global role); null when they reach none.
 */
export async function chosenUnit(prisma: PrismaClient, user: Principal, req: Request, roles: readonly Role[] = NON_LOCAL_REPORT_ROLES): Promise<Unit | null> {
  const asked = req.query[UNIT_PARAM];
  if (asked !== undefined) {
    const unit = typeof asked === 'string' && ID_SHAPES.uuid.test(asked) ? await prisma.unit.findUnique({ where: { id: asked } }) : null;
    if (!unit) throw new HttpProblem(404, refusalText('no_such', { what: 'unit' }));
    return unit;
  }
  if (holdsGlobally(user, roles)) return prisma.unit.findFirst({ where: { parentId: null }, orderBy: { code: 'asc' } });
  const units = await prisma.unit.findMany({ where: { id: { in: scopeUnitIds(user, roles) ?? [] } } });
  units.sort((a, b) => ancestorIds(a.path).length - ancestorIds(b.path).length || a.code.localeCompare(b.code));
  return units[0] ?? null;
}

interface NonLocalView extends NonLocalReport {
  /** The units from the top down to this one, and whether the user may open each. */
  trail: { id: string; name: string; reachable: boolean }[];
  /** Children that have units below them (links to their own report). */
  drillable: ReadonlySet<string>;
}

async function nonLocalView(prisma: PrismaClient, user: Principal, unit: Unit): Promise<NonLocalView> {
  const report = await nonLocalSecretaryReport(prisma, user, unit.id);
  const [above, withChildren] = await Promise.all([
    prisma.unit.findMany({ where: { id: { in: ancestorIds(unit.path) } }, select: { id: true, name: true, path: true } }),
    prisma.unit.findMany({ where: { parentId: { in: report.items.map((i) => i.unitId) } }, select: { parentId: true }, distinct: ['parentId'] }),
  ]);
  const byId = new Map(above.map((u) => [u.id, u]));
  const trail = ancestorIds(unit.path).flatMap((id) => {
    const u = byId.get(id);
    return u ? [{ id, name: u.name, reachable: reaches(user, NON_LOCAL_REPORT_ROLES, u.path) }] : [];
  });
  return { ...report, trail, drillable: new Set(withChildren.map((u) => u.parentId!)) };
}

async function reviewItems(prisma: PrismaClient, user: Principal, status: ReviewStatus | undefined): Promise<ReviewReportItem[]> {
  const rows = await reviewRowsFor(prisma, user, { status });
  const view = await reviewReport(prisma, rows);
  return rows.map(view);
}

/** A ratio as a percentage in the page's language: 21,7% in Vietnamese, 21.7% in English. */
export function formatPercent(web: Pick<WebContext, 'lang'>, ratio: number): string {
  return new Intl.NumberFormat(web.lang === 'vi' ? 'vi-VN' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

const unitLink = (id: string) => `${REPORTS_PATH}${query({ [UNIT_PARAM]: id })}`;

function nonLocalSection(web: WebContext, report: NonLocalView | null): Html {
  const { t } = web;
  const heading = html`<h2 id="non-local">${t('reports.nonLocal.heading')}</h2>`;
  if (!report)
    return html`<section aria-labelledby="non-local">
      ${heading}
      <p class="empty">${t('reports.nonLocal.noUnit')}</p>
    </section>`;
  const target = formatPercent(web, report.total.target);
  const exportQuery = query({ [UNIT_PARAM]: report.unit.id });
  return html`<section aria-labelledby="non-local" data-testid="non-local-report">
    ${heading}
    <nav aria-label="${t('reports.nonLocal.path')}" class="trail">
      <ol>
        ${report.trail.map(
          (u, i) =>
            html`<li>
              ${i === report.trail.length - 1 ? html`<span aria-current="page">${u.name}</span>` : u.reachable ? html`<a href="${unitLink(u.id)}">${u.name}</a>` : u.name}
            </li>`,
        )}
      </ol>
    </nav>
    <p>${t('reports.nonLocal.intro', { unit: report.unit.name, target })}</p>
    ${report.items.length === 0 ? html`<p class="empty">${t('reports.nonLocal.noChildren')}</p>` : barChart(web, report.items, report.total.target)}
    ${scrollingTable(
      'non-local',
      html`<table data-testid="non-local-table" class="report-table">
        <thead>
          <tr>
            <th scope="col">${t('reports.nonLocal.unit')}</th>
            <th scope="col" class="num">${t('reports.nonLocal.communes')}</th>
            <th scope="col" class="num">${t('reports.nonLocal.nonLocal')}</th>
            <th scope="col" class="num">${t('reports.nonLocal.ratio')}</th>
            <th scope="col">${t('reports.nonLocal.meetsTarget')}</th>
          </tr>
        </thead>
        <tbody>
          ${report.items.map((row) => tallyRow(web, row, report.drillable.has(row.unitId) ? unitLink(row.unitId) : null))}
        </tbody>
        <tfoot>
          ${tallyRow(web, { ...report.total, name: t('reports.nonLocal.total', { unit: report.unit.name }) }, null)}
        </tfoot>
      </table>`,
    )}
    <p class="exports">
      ${t('reports.export')}: <a href="${REPORTS_PATH}/bi-thu.xlsx${exportQuery}" download>${t('reports.excel')}</a> ·
      <a href="${REPORTS_PATH}/bi-thu.csv${exportQuery}" download>${t('reports.csv')}</a>
    </p>
  </section>`;
}

function tallyRow(web: WebContext, row: NonLocalSecretaryTally, href: string | null): Html {
  const { t } = web;
  return html`<tr data-unit-id="${row.unitId}">
    <th scope="row">${href ? html`<a href="${href}">${row.name}</a>` : row.name}</th>
    <td class="num">${row.communes}</td>
    <td class="num">${row.nonLocal}</td>
    <td class="num">${formatPercent(web, row.ratio)}</td>
    <td><span class="badge ${row.meetsTarget ? 'ok' : 'bad'}">${row.meetsTarget ? t('reports.yes') : t('reports.no')}</span></td>
  </tr>`;
}

// The chart's geometry, in SVG user units: it scales to the width of the page.
const CHART_WIDTH = 360;
const FULL_BAR = 290;
const TOP = 24;
const ROW = 48;

/** One horizontal bar per unit, its name above it and its percentage after it, and the target as a dashed line. */
export function barChart(web: WebContext, rows: readonly NonLocalSecretaryTally[], target: number): Html {
  const { t } = web;
  const targetText = formatPercent(web, target);
  const height = TOP + rows.length * ROW + 8;
  const targetX = round(target * FULL_BAR);
  return html`<figure class="chart">
    <svg
      viewBox="0 0 ${CHART_WIDTH} ${height}"
      role="img"
      aria-labelledby="chart-title chart-desc"
      data-testid="non-local-chart"
      data-target="${target}"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="chart-title">${t('reports.nonLocal.chart', { target: targetText })}</title>
      <desc id="chart-desc">${t('reports.nonLocal.chartDesc')}</desc>
      <line class="target" x1="${targetX}" x2="${targetX}" y1="${TOP - 4}" y2="${height - 4}"></line>
      <text class="target-label" x="${targetX}" y="14" text-anchor="${targetX < 50 ? 'start' : targetX > CHART_WIDTH - 50 ? 'end' : 'middle'}">
        ${t('reports.nonLocal.targetLine', { target: targetText })}
      </text>
      ${rows.map((row, i) => {
        const y = TOP + i * ROW;
        const width = round(Math.min(1, row.ratio) * FULL_BAR);
        const percent = formatPercent(web, row.ratio);
        return html`<g class="unit" data-unit-id="${row.unitId}">
          <title>${row.name}: ${percent} (${row.nonLocal}/${row.communes})</title>
          <text class="name" x="0" y="${y + 14}">${row.name}</text>
          <rect class="bar ${row.meetsTarget ? 'above' : 'below'}" x="0" y="${y + 20}" width="${width}" height="18" data-ratio="${row.ratio}"></rect>
          <text class="pct" x="${width + 6}" y="${y + 34}">${percent}</text>
        </g>`;
      })}
    </svg>
  </figure>`;
}

const round = (x: number) => Math.round(x * 10) / 10;

export function reviewsSection(web: WebContext, items: readonly ReviewReportItem[], status: ReviewStatus | undefined): Html {
  const { t } = web;
  const exportQuery = query({ [STATUS_PARAM]: status });
  return html`<section aria-labelledby="reviews">
    <h2 id="reviews">${t('reports.reviews.heading')}</h2>
    <form method="get" action="${REPORTS_PATH}#reviews" class="filters">
      <div class="field inline">
        <label for="review-status">${t('reports.reviews.filter')}</label>
        <select id="review-status" name="${STATUS_PARAM}">
          <option value="">${t('reports.reviews.all')}</option>
          ${REVIEW_STATUSES.map((s) => html`<option value="${s}" ${s === status ? html` selected` : ''}>${t(`reviewStatus.${s}`)}</option>`)}
        </select>
      </div>
      <button type="submit">${t('reports.reviews.apply')}</button>
    </form>
    ${
      items.length === 0
        ? html`<p class="empty">${t('reports.reviews.empty')}</p>`
        : scrollingTable(
            'reviews',
            html`<table data-testid="reviews-table" class="report-table">
              <thead>
                <tr>
                  ${reviewHeaders(web).map((h) => html`<th scope="col">${h}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${items.slice(0, REVIEWS_SHOWN).map(
                  (r) =>
                    html`<tr>
                      <td><a href="/ho-so/${r.rotationId}">${r.cadreName}</a></td>
                      <td>${r.toUnitName}</td>
                      <td class="num">${r.seq}</td>
                      <td>${formatDate(r.dueAt)}</td>
                      <td><span class="badge ${r.status === 'overdue' ? 'bad' : r.status === 'done' ? 'ok' : ''}">${t(`reviewStatus.${r.status}`)}</span></td>
                      <td class="num">${r.daysOverdue || ''}</td>
                      <td>${r.rating ? labelOf(t, 'rating', r.rating) : ''}</td>
                      <td>${formatDate(r.doneAt)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }
    ${items.length > REVIEWS_SHOWN ? html`<p class="hint">${t('reports.reviews.more', { shown: REVIEWS_SHOWN, total: items.length })}</p>` : ''}
    <p class="exports">
      ${t('reports.export')}: <a href="${REPORTS_PATH}/danh-gia.xlsx${exportQuery}" download>${t('reports.excel')}</a> ·
      <a href="${REPORTS_PATH}/danh-gia.csv${exportQuery}" download>${t('reports.csv')}</a>
    </p>
  </section>`;
}

const reviewHeaders = ({ t }: WebContext) => [
  t('reports.reviews.cadre'),
  t('reports.reviews.toUnit'),
  t('reports.reviews.seq'),
  t('reports.reviews.due'),
  t('reports.reviews.status'),
  t('reports.reviews.daysOverdue'),
  t('reports.reviews.rating'),
  t('reports.reviews.doneAt'),
];

export function nonLocalTable(web: WebContext, report: Pick<NonLocalReport, 'items' | 'total' | 'unit'>): Table {
  const { t } = web;
  const row = (r: NonLocalSecretaryTally, name = r.name) => [name, r.communes, r.nonLocal, r.ratio, r.meetsTarget ? t('reports.yes') : t('reports.no')];
  return {
    sheet: t('reports.nonLocal.sheet'),
    headers: [t('reports.nonLocal.unit'), t('reports.nonLocal.communes'), t('reports.nonLocal.nonLocal'), t('reports.nonLocal.ratioPercent'), t('reports.nonLocal.meetsTarget')],
    rows: [...report.items.map((r) => row(r)), row(report.total, t('reports.nonLocal.total', { unit: report.unit.name }))],
    percentColumns: [3],
  };
}

export function reviewsTable(web: WebContext, items: readonly ReviewReportItem[]): Table {
  const { t } = web;
  return {
    sheet: t('reports.reviews.sheet'),
    headers: reviewHeaders(web),
    rows: items.map((r) => [
      r.cadreName,
      r.toUnitName,
      r.seq,
      formatDate(r.dueAt),
      t(`reviewStatus.${r.status}`),
      r.daysOverdue,
      r.rating ? labelOf(t, 'rating', r.rating) : '',
      formatDate(r.doneAt),
    ]),
  };
}
