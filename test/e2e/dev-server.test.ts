// The embedded Temporal dev server `npm start` runs: ports, readiness, stopping, leftovers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import pino from 'pino';
import { temporalCliPath } from '../../infra/binaries';
import { isProcessAlive } from '../../infra/process-lock';
import { type DevServer, devServerLockFile, freePort, startDevServer } from '../../infra/temporal';
import { holder, stopHolders } from '../support/lock-holders';

jest.setTimeout(60_000);

const log = pino({ level: 'silent' });
const DEV_SERVER_CHILD = path.join(__dirname, '..', 'support', 'dev-server-child.ts');

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
    const held = await holder(devServerLockFile(dataDir));
    try {
      await expect(startDevServer({ dataDir, log })).rejects.toThrow(`The Temporal dev server on ${path.join(dataDir, 'temporal.db')} is in use by process ${held.child.pid}`);
    } finally {
      await stopHolders();
    }
  });

  test('starts the dev server again when it exits while starting, as when a port it picked itself was taken meanwhile', async () => {
    // A CLI whose first run dies as the server does when its HTTP port is taken under it.
    const runs = path.join(dataDir, 'runs');
    const flaky = path.join(dataDir, 'flaky-temporal');
    fs.writeFileSync(
      flaky,
      `#!/bin/sh\necho run >> '${runs}'\nif [ "$(wc -l < '${runs}')" -eq 1 ]; then echo 'listen tcp 127.0.0.1:7243: bind: address already in use' >&2; exit 2; fi\nexec '${temporalCliPath()}' "$@"\n`,
      { mode: 0o755 },
    );
    const warn = jest.fn();
    const previous = process.env.TEMPORAL_CLI_PATH;
    process.env.TEMPORAL_CLI_PATH = flaky;
    try {
      dev = await startDevServer({ dataDir, log: Object.assign(pino({ level: 'silent' }), { warn }), port: 0, uiPort: 0 });
    } finally {
      if (previous === undefined) delete process.env.TEMPORAL_CLI_PATH;
      else process.env.TEMPORAL_CLI_PATH = previous;
    }
    expect(fs.readFileSync(runs, 'utf8')).toBe('run\nrun\n');
    expect(warn).toHaveBeenCalledWith({ attempt: 1, exitCode: 2 }, expect.stringContaining('exited while starting'));
    const connection = await Connection.connect({ address: dev.address });
    try {
      expect((await connection.workflowService.getClusterInfo({})).clusterId).toBeTruthy();
    } finally {
      await connection.close();
    }
  });

  test('stops the dev server of a start that was killed with SIGKILL, and serves the same data again', async () => {
    const killedStart = spawn(process.execPath, ['--import', 'tsx', DEV_SERVER_CHILD], { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
    const leftOverPid = await new Promise<number>((resolve, reject) => {
      killedStart.stdout.on('data', (chunk: Buffer) => {
        const match = /serving (\d+)/.exec(chunk.toString('utf8'));
        if (match) resolve(Number(match[1]));
      });
      killedStart.once('exit', (code) => reject(new Error(`the start exited (${code}) before its dev server served`)));
    });
    const { address, clusterId } = JSON.parse(fs.readFileSync(path.join(dataDir, 'temporal-dev-server.json'), 'utf8'));
    killedStart.kill('SIGKILL');
    await new Promise((resolve) => killedStart.once('exit', resolve));
    expect(isProcessAlive(leftOverPid)).toBe(true);

    const warn = jest.fn();
    dev = await startDevServer({ dataDir, log: Object.assign(pino({ level: 'silent' }), { warn }), port: 0, uiPort: 0 });
    expect(warn).toHaveBeenCalledWith({ leftOverPid, address }, expect.stringContaining('left running by an earlier start'));
    expect(isProcessAlive(leftOverPid)).toBe(false);
    const connection = await Connection.connect({ address: dev.address });
    try {
      expect((await connection.workflowService.getClusterInfo({})).clusterId).toBe(clusterId);
    } finally {
      await connection.close();
    }
  });

  test("leaves alone a live process that a dead start's record names, when its dev server no longer answers", async () => {
    const bystander = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dataDir, 'temporal-dev-server.json'), JSON.stringify({ pid: bystander.pid, address: `127.0.0.1:${await freePort()}`, clusterId: 'gone' }));
      dev = await startDevServer({ dataDir, log, port: 0, uiPort: 0 });
      expect(isProcessAlive(bystander.pid!)).toBe(true);
    } finally {
      bystander.kill('SIGKILL');
    }
  });
});
