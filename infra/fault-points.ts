// Test hook: FAULT_POINT=<name> in the environment kills this process with SIGKILL when it reaches
// the point of that name, so that tests can prove a crash there leaves nothing half-made. Unset in
// any real deployment, it costs one comparison.
export type FaultPoint =
  /** A proposal's rows are written, its workflow not started yet. */
  'proposal-recorded';

export function faultPoint(name: FaultPoint): void {
  if (process.env.FAULT_POINT === name) process.kill(process.pid, 'SIGKILL');
}
