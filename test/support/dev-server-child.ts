// A process running the embedded Temporal dev server on DATA_DIR, as `npm start` does; it says
// "serving <dev server pid>" on stdout once the server answers, and runs until killed.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { startDevServer } from '../../infra/temporal';

const dataDir = process.env.DATA_DIR!;
startDevServer({ dataDir, log: pino({ level: 'silent' }), port: 0, uiPort: 0 }).then(
  () => {
    const { pid } = JSON.parse(fs.readFileSync(path.join(dataDir, 'temporal-dev-server.json'), 'utf8'));
    process.stdout.write(`serving ${pid}\n`);
    setInterval(() => undefined, 60_000);
  },
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
