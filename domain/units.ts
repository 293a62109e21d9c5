// The unit tree: a unit's path is "/rootId/.../unitId/". Pure functions, safe inside the workflow sandbox.

export function unitPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

export function ancestorIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** True when `path` is the unit `ancestorId` or lies below it. */
export function isAtOrBelow(path: string, ancestorId: string): boolean {
  return ancestorIds(path).includes(ancestorId);
}

/** The lowest unit containing both (a unit contains itself); null when the trees are disjoint. */
export function lowestCommonUnit(pathA: string, pathB: string): string | null {
  const a = ancestorIds(pathA);
  const b = ancestorIds(pathB);
  let common: string | null = null;
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) common = a[i];
  return common;
}

/**
 * The unit whose Standing Committee decides a case: the nearest one at or above the lowest
 * unit that contains both the sending and the receiving unit.
 */
export function decidingUnit(fromPath: string, toPath: string, unitsWithCommittee: ReadonlySet<string>): string | null {
  const lowest = lowestCommonUnit(fromPath, toPath);
  if (!lowest) return null;
  const chain = ancestorIds(fromPath);
  for (let i = chain.indexOf(lowest); i >= 0; i--) {
    if (unitsWithCommittee.has(chain[i])) return chain[i];
  }
  return null;
}

/** A role held on `scopeUnitId` (null: global) reaches the unit at `targetPath`. */
export function scopeReaches(scopeUnitId: string | null, targetPath: string): boolean {
  return scopeUnitId === null || isAtOrBelow(targetPath, scopeUnitId);
}
