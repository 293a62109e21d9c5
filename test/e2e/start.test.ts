// The two commands as an operator runs them: `npm start` (scripts/start.ts, its own Temporal dev
// server and PGlite under DATA_DIR) and the token tool, as real child processes. Started, used,
// stopped with SIGTERM, started again on the same data, and refused a wrong configuration.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPEATED_SIGNAL_GRACE_MS } from '../../infra/lifecycle';
import { isProcessAlive } from '../../infra/process-lock';
import { freePort } from '../../infra/temporal';
import {
  ROOT,
  START,
  type Service,
  nodeCommand,
  STOPPED_WITHIN_MS,
  TSX,
  cleanUp,
  ctrlC,
  processesUsing,
  readJson,
  serviceEnv,
  sleep,
  startService,
  stopService,
  waitHealthy,
  within,
} from '../support/npm-start';
import { webSignIn } from '../support/web-form';

const TOKEN = path.join(ROOT, 'scripts', 'token.ts');

const run = promisify(execFile);

/** The operator's token tool on the same DATA_DIR; it finds the running service through DATA_DIR/server.json. */
async function token(cwd: string, dataDir: string, username: string): Promise<string> {
  const { stdout } = await run(TSX, [TOKEN, '--user', username], { cwd, env: serviceEnv({ DATA_DIR: dataDir }), timeout: 30_000 });
  return stdout.trim();
}

async function call(url: string, token: string, method: string, pathname: string, body?: unknown) {
  const res = await fetch(new URL(pathname, url), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('npm start', () => {
  let workDir: string;
  let dataDir: string;
  let service: Service | undefined;

  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-start-'));
    dataDir = path.join(workDir, 'data');
  });

  afterAll(() => cleanUp(service, dataDir, workDir), STOPPED_WITHIN_MS + 5_000);

  it('runs the service, stops it with everything it started, and keeps its data across a restart', async () => {
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const variables = { DATA_DIR: dataDir, PORT: String(port) };

    service = startService(workDir, variables);
    expect(await waitHealthy(service, url)).toEqual({ status: 'ok', temporal: 'ok', database: 'ok', worker: 'ok' });
    expect(service.output()).toContain(`API:          ${url}`);
    expect(service.output()).toMatch(/Temporal UI: +http:\/\/127\.0\.0\.1:\d+/);
    const serverInfo = readJson(path.join(dataDir, 'server.json'));
    expect(serverInfo).toMatchObject({ url, pid: expect.any(Number), temporal: { namespace: 'default' } });

    // The first admin's web password is in a file only its owner reads, named by the banner, never printed.
    const passwordFile = path.join(dataDir, 'admin-password');
    const firstPassword = fs.readFileSync(passwordFile, 'utf8').trim();
    expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(service.output()).toContain(`password is in ${passwordFile}`);
    expect(service.output()).not.toContain(firstPassword);
    expect(await webSignIn(url, 'admin', firstPassword)).toMatchObject({
      status: 303,
      location: '/',
      cookies: [expect.stringMatching(/^cr_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax/)],
    });
    expect(await webSignIn(url, 'admin', `${firstPassword}x`)).toMatchObject({ status: 401 });

    // The operator's tool signs a token for the first admin, with the secret the service made in DATA_DIR.
    const admin = await token(workDir, dataDir, 'admin');
    expect(admin).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await expect(token(workDir, dataDir, 'nobody')).rejects.toMatchObject({ code: 1, stderr: 'no such user: nobody\n' });

    const province = await call(url, admin, 'POST', '/v1/units', { code: 'BN', name: 'Tỉnh Bắc Ninh', kind: 'province' });
    expect(province.status).toBe(201);
    const [from, to] = await Promise.all(
      [
        { code: 'BN-TS', name: 'Thị xã Từ Sơn' },
        { code: 'BN-QV', name: 'Huyện Quế Võ' },
      ].map(async (unit) => (await call(url, admin, 'POST', '/v1/units', { ...unit, kind: 'district', parentId: province.body.id })).body),
    );
    const cadre = await call(url, admin, 'POST', '/v1/cadres', {
      fullName: 'Ngô Quang Hải',
      sex: 'male',
      birthDate: '1980-01-15',
      homeUnitId: from.id,
      currentUnitId: from.id,
      currentPosition: 'vice_chair',
    });
    const organizerUser = await call(url, admin, 'POST', '/v1/users', { username: 'to.chuc', fullName: 'Ban Tổ chức', roles: [{ role: 'organizer', unitId: province.body.id }] });
    const year = new Date().getUTCFullYear();
    const planned = await call(url, admin, 'POST', '/v1/planning-records', {
      cadreId: cadre.body.id,
      title: 'vice_chair',
      unitId: province.body.id,
      from: `${year - 1}-01-01`,
      to: `${year + 4}-12-31`,
      decisionNumber: '01-QĐ/TU',
    });
    expect([cadre.status, organizerUser.status, planned.status]).toEqual([201, 201, 201]);
    const organizer = await token(workDir, dataDir, 'to.chuc');
    const proposal = {
      cadreId: cadre.body.id,
      fromUnitId: from.id,
      toUnitId: to.id,
      position: 'vice_chair',
      termMonths: 36,
      reviewIntervalMonths: 6,
      nonLocalSecretary: false,
      reason: 'Luân chuyển',
    };
    const opened = await call(url, organizer, 'POST', '/v1/rotations', proposal);
    expect([opened.status, opened.body.status]).toEqual([201, 'consultation']);

    // SIGTERM stops the service and the Temporal dev server it started, and exits 0.
    const devServerPid: number = readJson(path.join(dataDir, 'temporal-dev-server.json')).pid;
    expect(isProcessAlive(devServerPid)).toBe(true);
    expect(await stopService(service)).toEqual({ code: 0, signal: null });
    expect(isProcessAlive(devServerPid)).toBe(false);
    expect(isProcessAlive(serverInfo.pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'temporal-dev-server.json'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'server.json'))).toBe(false);
    expect(processesUsing(dataDir)).toEqual([]);

    // Again on the same DATA_DIR: the records, the signing secret and the running case are all there.
    service = startService(workDir, variables);
    expect(await waitHealthy(service, url)).toEqual({ status: 'ok', temporal: 'ok', database: 'ok', worker: 'ok' });
    expect(await call(url, admin, 'GET', `/v1/units/${province.body.id}`)).toMatchObject({ status: 200, body: { name: 'Tỉnh Bắc Ninh', children: [{}, {}] } });
    const consulted = await call(url, organizer, 'POST', `/v1/rotations/${opened.body.id}/consultations`, { party: 'sending_unit', outcome: 'agree' });
    expect([consulted.status, consulted.body.status, consulted.body.consultations?.length, consulted.body.history?.length]).toEqual([200, 'consultation', 1, 2]);

    // Ctrl-C stops it as cleanly.
    const secondDevServerPid: number = readJson(path.join(dataDir, 'temporal-dev-server.json')).pid;
    expect(await stopService(service, 'Ctrl-C')).toEqual({ code: 0, signal: null });
    expect(isProcessAlive(secondDevServerPid)).toBe(false);
    expect(processesUsing(dataDir)).toEqual([]);
  }, 150_000);

  it('refuses a wrong configuration value with one line naming it, and exits 1', async () => {
    const wrong = startService(workDir, { DATA_DIR: path.join(workDir, 'never'), PORT: 'abc' });
    let stderr = '';
    wrong.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const result = await within(wrong.exited, 30_000);
    if (result === null) wrong.child.kill('SIGKILL');
    expect(result).toEqual({ code: 1, signal: null });
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\bPORT\b/);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(wrong.output().trim()).toBe(stderr.trim());
    expect(fs.existsSync(path.join(workDir, 'never'))).toBe(false);
  }, 40_000);

  it('stops everything when npm itself gets SIGTERM, as a process manager sends it', async () => {
    const port = await freePort();
    const npmDataDir = path.join(workDir, 'npm-data');
    // Through npm, so the signal has to pass npm's shell: the script execs tsx, which relays it.
    service = startService(ROOT, { DATA_DIR: npmDataDir, PORT: String(port) }, ['npm', 'start', '--silent']);
    await waitHealthy(service, `http://localhost:${port}`);
    const servicePid: number = readJson(path.join(npmDataDir, 'server.json')).pid;
    service.child.kill('SIGTERM');
    try {
      await within(service.exited, STOPPED_WITHIN_MS);
      const deadline = Date.now() + STOPPED_WITHIN_MS;
      while (processesUsing(npmDataDir).length > 0 && Date.now() < deadline) await sleep(250);
      expect(processesUsing(npmDataDir)).toEqual([]);
      expect(isProcessAlive(servicePid)).toBe(false);
      expect(fs.existsSync(path.join(npmDataDir, 'server.json'))).toBe(false);
    } finally {
      // What a failed stop left behind would keep this run from ending.
      for (const leftover of processesUsing(npmDataDir)) process.kill(Number(leftover.split(':')[0]), 'SIGKILL');
    }
  }, 150_000);
});

describe('start-up failures', () => {
  const API = path.join(ROOT, 'api', 'main.ts');
  const WORKER = path.join(ROOT, 'worker', 'main.ts');
  const commandOf = { 'npm start': START, 'npm run api': API, 'npm run worker': WORKER } as const;
  let workDir: string;
  const blockers: net.Server[] = [];

  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-refused-'));
  });
  afterAll(async () => {
    await Promise.all(blockers.map((server) => new Promise((resolve) => server.close(resolve))));
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** A port something else listens on, on every interface or on `host`. */
  async function takenPort(host?: string): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    blockers.push(server);
    return (server.address() as net.AddressInfo).port;
  }

  /** A port nothing listens on, for a service that is not there. */
  const deadAddress = async () => `127.0.0.1:${await freePort()}`;

  test.concurrent.each([
    [
      'npm start',
      'an unreachable DATABASE_URL',
      async () => ({ DATABASE_URL: `postgresql://root@${await deadAddress()}/cadre` }),
      /^Cannot start: DATABASE_URL: the database cannot be reached \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/,
    ],
    [
      'npm start',
      'an unreachable TEMPORAL_ADDRESS',
      async () => ({ TEMPORAL_ADDRESS: await deadAddress() }),
      /^Cannot start: TEMPORAL_ADDRESS=127\.0\.0\.1:\d+: Temporal cannot be reached \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/,
    ],
    ['npm start', 'a PORT already taken', async () => ({ PORT: String(await takenPort()) }), /^Cannot start: PORT=\d+: the port is already in use$/],
    [
      'npm start',
      'a TEMPORAL_UI_PORT already taken',
      async () => ({ TEMPORAL_UI_PORT: String(await takenPort('127.0.0.1')) }),
      /^Cannot start: TEMPORAL_UI_PORT=\d+: the port is already in use$/,
    ],
    [
      'npm run api',
      'a PORT already taken and an unreachable TEMPORAL_ADDRESS',
      async () => ({ PORT: String(await takenPort()), TEMPORAL_ADDRESS: await deadAddress() }),
      /^Cannot start: TEMPORAL_ADDRESS=\S+: Temporal cannot be reached \(.+\); PORT=\d+: the port is already in use$/,
    ],
    [
      'npm run worker',
      'an unreachable DATABASE_URL',
      async () => ({ DATABASE_URL: `postgresql://root@${await deadAddress()}/cadre`, TEMPORAL_ADDRESS: await deadAddress() }),
      /^Cannot start: DATABASE_URL: the database cannot be reached \(.+\); TEMPORAL_ADDRESS=\S+: Temporal cannot be reached \(.+\)$/,
    ],
  ] as const)(
    '%s stops on %s with one line naming it, and exits 1, before anything starts',
    async (command, _, variables, line) => {
      const dataDir = fs.mkdtempSync(path.join(workDir, 'data-'));
      const refused = startService(workDir, { DATA_DIR: dataDir, PORT: String(await freePort()), ...(await variables()) }, nodeCommand(commandOf[command]));
      const result = await within(refused.exited, 60_000);
      if (result === null) refused.child.kill('SIGKILL');
      expect(result).toEqual({ code: 1, signal: null });
      expect(refused.stderr().split('\n')).toEqual([expect.stringMatching(line), '']);
      expect(refused.output()).toBe(refused.stderr());
      // Neither a dev server nor a database was started: DATA_DIR holds the signing secret alone.
      expect(fs.readdirSync(dataDir)).toEqual(['jwt-secret']);
    },
    70_000,
  );
});

describe('stopping on signals', () => {
  const CHILD = path.join(ROOT, 'test', 'support', 'lifecycle-child.ts');

  /** A process stopped by infra/lifecycle, with a part that takes `stopMs` to stop, once it is ready. */
  async function lifecycleProcess(stopMs: number) {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: serviceEnv({ STOP_MS: String(stopMs) }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = await within(
      new Promise<boolean>((resolve) => {
        child.stdout.on('data', () => output.includes('ready\n') && resolve(true));
        child.once('exit', () => resolve(false));
      }),
      30_000,
    );
    if (!ready) {
      child.kill('SIGKILL');
      throw new Error(`the lifecycle process did not start. Its output:\n${output}`);
    }
    return { child, exited, output: () => output };
  }

  it('takes copies of one Ctrl-C as one: everything stops, then it exits 0', async () => {
    const p = await lifecycleProcess(1000);
    await ctrlC(p.child);
    p.child.kill('SIGINT');
    expect(await within(p.exited, 10_000)).toBe(0);
    expect(p.output()).toContain('slow part stopped');
  }, 40_000);

  it('exits 1 at once on a second signal that comes later', async () => {
    const p = await lifecycleProcess(20_000);
    p.child.kill('SIGTERM');
    await sleep(REPEATED_SIGNAL_GRACE_MS + 500);
    expect(p.output()).not.toContain('slow part stopped');
    p.child.kill('SIGINT');
    expect(await within(p.exited, 10_000)).toBe(1);
    expect(p.output()).toContain('second signal: exiting without waiting');
  }, 40_000);
});
