import { unitPath } from '../../domain/units';
import { HttpProblem } from '../../api/problem';
import { type Principal, holdsGlobally, reaches, requireGlobalRole, requireRole, requireRoleOnAny, scopeUnitIds } from '../../api/scope';

// province P > districts D1, D2 > communes C11 (in D1), C21 (in D2)
const P = unitPath(null, 'P');
const D1 = unitPath(P, 'D1');
const D2 = unitPath(P, 'D2');
const C11 = unitPath(D1, 'C11');
const C21 = unitPath(D2, 'C21');

function user(...roles: Principal['roles']): Principal {
  return { id: 'u1', username: 'nguyen.van.an', cadreId: null, roles };
}

function status(run: () => void): number | null {
  try {
    run();
    return null;
  } catch (err) {
    return err instanceof HttpProblem ? err.status : -1;
  }
}

describe('unit scope', () => {
  const districtOrganizer = user({ role: 'organizer', unitId: 'D1' });

  it('reaches the unit and everything below it, nothing beside or above', () => {
    expect(reaches(districtOrganizer, ['organizer'], D1)).toBe(true);
    expect(reaches(districtOrganizer, ['organizer'], C11)).toBe(true);
    expect(reaches(districtOrganizer, ['organizer'], C21)).toBe(false);
    expect(reaches(districtOrganizer, ['organizer'], P)).toBe(false);
  });

  it('counts only the roles asked for', () => {
    expect(reaches(districtOrganizer, ['secretary'], C11)).toBe(false);
  });

  it('needs every unit for requireRole and one of them for requireRoleOnAny', () => {
    expect(status(() => requireRole(districtOrganizer, ['organizer'], C11, D1))).toBeNull();
    expect(status(() => requireRole(districtOrganizer, ['organizer'], C11, C21))).toBe(403);
    expect(status(() => requireRoleOnAny(districtOrganizer, ['organizer'], [C11, C21]))).toBeNull();
    expect(status(() => requireRoleOnAny(districtOrganizer, ['organizer'], [C21]))).toBe(403);
  });

  it('lets two assignments together cover two units', () => {
    const both = user({ role: 'organizer', unitId: 'C11' }, { role: 'organizer', unitId: 'C21' });
    expect(status(() => requireRole(both, ['organizer'], C11, C21))).toBeNull();
  });

  it('treats a role on no unit as global', () => {
    const admin = user({ role: 'admin', unitId: null });
    expect(reaches(admin, ['admin'], C21)).toBe(true);
    expect(holdsGlobally(admin, ['admin'])).toBe(true);
    expect(scopeUnitIds(admin, ['admin'])).toBeNull();
    expect(status(() => requireGlobalRole(user({ role: 'admin', unitId: 'P' }), ['admin']))).toBe(403);
  });

  it('lists the scope units of the roles asked for, once each', () => {
    const u = user({ role: 'organizer', unitId: 'D1' }, { role: 'secretary', unitId: 'D1' }, { role: 'finance', unitId: 'D2' });
    expect(scopeUnitIds(u, ['organizer', 'secretary'])).toEqual(['D1']);
    expect(scopeUnitIds(u, ['reviewer'])).toEqual([]);
  });
});
