// A process that takes the lock on LOCK_FILE (infra/process-lock) and holds it until killed. It
// says "held <pid>" on stdout, or "refused <reason>" and exits when another process holds it.
import { acquireProcessLock } from '../../infra/process-lock';

acquireProcessLock(process.env.LOCK_FILE!, 'The test lock').then(
  () => {
    process.stdout.write(`held ${process.pid}\n`);
    setInterval(() => undefined, 60_000);
  },
  (error: Error) => {
    process.stdout.write(`refused ${error.message}\n`);
  },
);
