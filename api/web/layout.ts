// The frame of every page: header (service, signed-in user, task count, language, sign-out),
// the main navigation and the content.
import { type Html, html, query } from './html';
import type { MessageKey } from './messages';
import { CSRF_FIELD, type WebContext } from './session';

export type Section = 'tasks' | 'cases' | 'notifications' | 'password' | 'propose' | 'reports' | 'planning' | 'units' | 'cadres' | 'users' | 'delegations';

const NAV: readonly { section: Section; href: string; label: MessageKey; adminOnly?: boolean; organizerOnly?: boolean }[] = [
  { section: 'tasks', href: '/', label: 'nav.tasks' },
  { section: 'propose', href: '/de-xuat', label: 'nav.propose', organizerOnly: true },
  { section: 'cases', href: '/ho-so', label: 'nav.cases' },
  { section: 'notifications', href: '/thong-bao', label: 'nav.notifications' },
  { section: 'reports', href: '/bao-cao', label: 'nav.reports' },
  { section: 'planning', href: '/quy-hoach', label: 'nav.planning', organizerOnly: true },
  { section: 'units', href: '/don-vi', label: 'nav.units', adminOnly: true },
  { section: 'cadres', href: '/can-bo', label: 'nav.cadres', adminOnly: true },
  { section: 'users', href: '/nguoi-dung', label: 'nav.users', adminOnly: true },
  { section: 'delegations', href: '/uy-quyen', label: 'nav.delegations' },
  { section: 'password', href: '/quan-tri/mat-khau', label: 'nav.password', adminOnly: true },
];

export interface PageOptions {
  title: string;
  body: Html;
  /** The signed-in user's open tasks, shown in the header. */
  taskCount?: number;
  section?: Section;
  /** The path of this page, for the language link. */
  path: string;
}

/** The id of the page's h1, for whatever the page's own title names (a table on the page with no heading of its own). */
export const PAGE_TITLE_ID = 'page-title';

/**
 * A table in a frame that scrolls sideways when the screen is narrow: the frame takes keyboard
 * focus, so that the keyboard scrolls it too, and is named by the heading whose id is `labelledBy`.
 */
export function scrollingTable(labelledBy: string, table: Html): Html {
  return html`<div class="table-wrap" tabindex="0" role="group" aria-labelledby="${labelledBy}">${table}</div>`;
}

/** The hidden CSRF field every form carries. */
export function csrfField(web: WebContext): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${web.csrfToken}" />`;
}

export function layout(web: WebContext, { title, body, taskCount, section, path }: PageOptions): Html {
  const { t, signedIn } = web;
  const isAdmin = signedIn?.user.roles.some((g) => g.role === 'admin') ?? false;
  const isOrganizer = signedIn?.user.roles.some((g) => g.role === 'organizer') ?? false;
  const other = t('lang.code');
  return html`<!doctype html>
    <html lang="${web.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
        <title>${title} · ${t('app.name')}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">${t('app.skip')}</a>
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">${t('app.name')}</a>
            <a class="lang" href="${path}${query({ lang: other })}" hreflang="${other}" lang="${other}">${t('lang.switch')}</a>
          </div>
          ${
            signedIn
              ? html`<div class="bar user">
                    <span class="who">${t('header.signedInAs', { name: signedIn.fullName })}</span>
                    <a class="count" href="/" data-testid="task-count">${t('header.taskCount', { count: taskCount ?? 0 })}</a>
                    <form method="post" action="/dang-xuat" class="signout">${csrfField(web)}<button type="submit">${t('header.signOut')}</button></form>
                  </div>
                  <nav aria-label="${t('nav.label')}">
                    <ul>
                      ${NAV.filter((n) => (!n.adminOnly || isAdmin) && (!n.organizerOnly || isOrganizer)).map(
                        (n) => html`<li><a href="${n.href}" ${n.section === section ? html` aria-current="page"` : ''}>${t(n.label)}</a></li>`,
                      )}
                    </ul>
                  </nav>`
              : ''
          }
        </header>
        <main id="main">
          <h1 id="${PAGE_TITLE_ID}">${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}
