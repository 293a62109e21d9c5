// The embedded Temporal dev server `npm start` runs: ports, readiness, stopping, leftovers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import pino from 'pino';
import { isProcessAlive } from '../../infra/pid-lock';
import { type DevServer, startDevServer } from '../../infra/temporal';

jest.setTimeout(60_000);

const log = pino({ level: 'silent' });

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

describe('startDevServer', () => {
  let dataDir: string;
  let dev: DevServer | undefined;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-temporal-'));
  });
  afterEach(async () => {
    await dev?.stop();
    dev = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('takes free ports when the wanted ones are taken, serves the namespace, and stops with its child', async () => {
    const blockers = await Promise.all([listen(), listen()]);
    const [takenPort, takenUiPort] = blockers.map(portOf);
    const warn = jest.fn();
    try {
      dev = await startDevServer({
        dataDir,
        log: Object.assign(pino({ level: 'silent' }), { warn }),
        port: takenPort,
        uiPort: takenUiPort,
        namespace: 'cadre',
      });
    } finally {
      for (const blocker of blockers) blocker.close();
    }
    expect(dev.address).not.toBe(`127.0.0.1:${takenPort}`);
    expect(dev.uiUrl).not.toBe(`http://127.0.0.1:${takenUiPort}`);
    expect(warn).toHaveBeenCalledWith(expect.anything(), expect.stringContaining(`port ${takenPort} is taken`));
    expect(warn).toHaveBeenCalledWith(expect.anything(), expect.stringContaining(`port ${takenUiPort} is taken`));

    const connection = await Connection.connect({ address: dev.address });
    try {
      const { namespaceInfo } = await connection.workflowService.describeNamespace({ namespace: 'cadre' });
      expect(namespaceInfo?.name).toBe('cadre');
    } finally {
      await connection.close();
    }
    expect((await fetch(dev.uiUrl)).ok).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);

    const { pid } = JSON.parse(fs.readFileSync(path.join(dataDir, 'temporal-dev-server.json'), 'utf8'));
    await dev.stop();
    await dev.exited;
    expect(isProcessAlive(pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'temporal-dev-server.json'))).toBe(false);
  });

  test('refuses a data folder whose dev server another live process runs', async () => {
    fs.writeFileSync(path.join(dataDir, 'temporal-dev-server.json'), JSON.stringify({ ownerPid: process.ppid, pid: 999999999 }));
    await expect(startDevServer({ dataDir, log })).rejects.toThrow(`already run by process ${process.ppid}`);
  });

  test('stops a dev server orphaned by a start that was killed', async () => {
    const dbFile = path.join(dataDir, 'temporal.db');
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', dbFile], { stdio: 'ignore' });
    const orphanExited = new Promise((resolve) => orphan.once('exit', resolve));
    fs.writeFileSync(path.join(dataDir, 'temporal-dev-server.json'), JSON.stringify({ ownerPid: 999999999, pid: orphan.pid }));
    dev = await startDevServer({ dataDir, log, port: 0, uiPort: 0 });
    await orphanExited;
    expect(isProcessAlive(orphan.pid!)).toBe(false);
  });
});
