// Quy hoạch: the units below the non-local-secretary target, what each needs, and the ranked
// candidates for its communes with a local secretary, each a link to a prefilled proposal. Read
// through the same function, with the same scope rules, as /v1/planning/non-local-secretaries.
import type { SecretaryPlanningItem } from '../../domain/secretary-planning';
import type { Unit } from '../../generated/prisma/client';
import { PLANNING_ROLES, nonLocalSecretaryPlanning } from '../routes/planning';
import { cadrePath } from './cadre';
import { type Html, html, query } from './html';
import { scrollingTable } from './layout';
import { PROPOSE_PATH } from './propose';
import { type WebRoutes, chosenUnit } from './reports';
import { type WebContext, webOf } from './session';

export const PLANNING_PATH = '/quy-hoach';

export function planningPages({ prisma, page, render }: WebRoutes): void {
  page(PLANNING_PATH, async (req, res) => {
    const web = webOf(res);
    const { user } = web.signedIn!;
    const unit = await chosenUnit(prisma, user, req, PLANNING_ROLES);
    const items = unit ? await nonLocalSecretaryPlanning(prisma, user, unit.id) : null;
    await render(req, res, { title: web.t('planning.title'), section: 'planning', body: planningBody(web, unit, items) });
  });
}

export function planningBody(web: WebContext, unit: Unit | null, items: readonly SecretaryPlanningItem[] | null): Html {
  const { t } = web;
  if (!unit || !items) return html`<p class="empty">${t('planning.noUnit')}</p>`;
  return html`<p>${t('planning.intro', { unit: unit.name })}</p>
    <p>${t('planning.score')}</p>
    ${items.length === 0 ? html`<p class="empty">${t('planning.none')}</p>` : items.map((item) => unitSection(web, item))}`;
}

function unitSection(web: WebContext, item: SecretaryPlanningItem): Html {
  const { t } = web;
  return html`<section data-unit-id="${item.unitId}">
    <h2>${item.name}</h2>
    <p>${t('planning.needed', { communes: item.communes, nonLocal: item.nonLocal, needed: item.needed })}</p>
    ${
      item.localCommunes.length === 0
        ? html`<p class="empty">${t('planning.noLocal')}</p>`
        : item.localCommunes.map(
            (commune) =>
              html`<h3 id="commune-${commune.unitId}">${commune.name}</h3>
                ${
                  commune.candidates.length === 0
                    ? html`<p class="empty">${t('planning.noCandidate')}</p>`
                    : scrollingTable(
                        `commune-${commune.unitId}`,
                        html`<table class="report-table">
                          <thead>
                            <tr>
                              <th scope="col">${t('planning.cadre')}</th>
                              <th scope="col" class="num">${t('planning.points')}</th>
                              <th scope="col">${t('planning.reasons')}</th>
                              <th scope="col"><span class="sr">${t('planning.actions')}</span></th>
                            </tr>
                          </thead>
                          <tbody>
                            ${commune.candidates.map(
                              (c) =>
                                html`<tr data-cadre-id="${c.cadreId}">
                                  <th scope="row"><a href="${cadrePath(c.cadreId)}">${c.fullName}</a></th>
                                  <td class="num">${c.score}</td>
                                  <td>${c.reasons.join('; ')}</td>
                                  <td><a href="${PROPOSE_PATH}${query({ cadreId: c.cadreId })}">${t('planning.propose')}</a></td>
                                </tr>`,
                            )}
                          </tbody>
                        </table>`,
                      )
                }`,
          )
    }
  </section>`;
}
