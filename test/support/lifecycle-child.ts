// A process stopped by infra/lifecycle as the service's entrypoints are, with one part that takes
// STOP_MS to stop; it says "ready" on stdout once its signal handlers are in place.
import { createLifecycle } from '../../infra/lifecycle';
import { createLogger } from '../../infra/logger';

const lifecycle = createLifecycle(createLogger({ level: 'info' }));
lifecycle.exitOnSignals();
lifecycle.onStop('slow part', async () => {
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.STOP_MS ?? 1000)));
  process.stdout.write('slow part stopped\n');
});
setInterval(() => undefined, 60_000);
process.stdout.write('ready\n');
