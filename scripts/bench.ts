// `npm run bench [-- --cases 50]`: drives cases concurrently from proposal to `active` through the
// HTTP API on the embedded setup (Temporal dev server, PGlite, worker and API in this process) and,
// in the same run, sends the same Updates straight to the same workflow type with a bare Temporal
// client as the baseline. Prints p50/p95 per action for both, the ratio API/bare, cases per second
// and this process's peak RSS.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { signToken } from '../api/auth';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { DEFAULT_DOSSIER_RULES } from '../domain/dossier';
import { recordProposal } from '../store/proposals';
import { startApiServer } from '../api/server';
import { initialCaseState } from '../domain/rotation-case';
import { localDate } from '../domain/calendar';
import { type Actor, type CaseInput, type CaseState, TASK_QUEUE, workflowIdFor } from '../domain/types';
import { ensureAdminUser } from '../infra/bootstrap';
import { openDatabase } from '../infra/db';
import { createLogger } from '../infra/logger';
import { installTemporalRuntime, startDevServer } from '../infra/temporal';
import { createRotationWorker } from '../worker/create-worker';
import * as messages from '../workflows/definitions';

const { values: args } = parseArgs({ options: { cases: { type: 'string', default: '50' } } });
const CASES = Number(args.cases);
const MEMBERS = 5;
const WARM_UP = 2;
/** Cases of both runs and of the warm-up, each with its own cadre and receiving commune. */
const TOTAL = 2 * (CASES + WARM_UP);
const ACTIONS = ['propose', 'consultation', 'appraisal', 'vote', 'decision', 'activation'] as const;
type Action = (typeof ACTIONS)[number];

class Timings {
  readonly samples = new Map<Action, number[]>(ACTIONS.map((a) => [a, []]));

  async time<T>(action: Action, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await run();
    this.samples.get(action)!.push(performance.now() - started);
    return result;
  }

  percentile(action: Action, p: number): number {
    const sorted = [...this.samples.get(action)!].sort((a, b) => a - b);
    return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-bench-'));
  const logger = createLogger({ level: 'warn' });
  installTemporalRuntime(logger);
  progress(`embedded setup in ${dataDir}`);
  const dev = await startDevServer({ dataDir, log: logger, port: 0, uiPort: 0 });
  const db = await openDatabase({ dataDir });
  await ensureAdminUser(db.prisma);
  const connection = await Connection.connect({ address: dev.address });
  const client = new Client({ connection, namespace: dev.namespace });
  const { NativeConnection } = await import('@temporalio/worker');
  const native = await NativeConnection.connect({ address: dev.address });
  const worker = await createRotationWorker({ connection: native, namespace: dev.namespace, prisma: db.prisma });
  const workerDone = worker.run();
  const secret = randomUUID() + randomUUID();
  const api = await startApiServer({
    prisma: db.prisma,
    temporal: client,
    config: { auth: { kind: 'hs256', secret }, deadlines: DEFAULT_DEADLINES },
    logger,
    port: 0,
    host: '127.0.0.1',
  });

  const call = async (token: string, method: string, url: string, body?: unknown): Promise<any> => {
    const form = body instanceof FormData;
    const res = await fetch(`${api.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(form ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };

  try {
    progress('reference data');
    const admin = await signToken(secret, 'admin');
    const province = await call(admin, 'POST', '/v1/units', { code: 'BENCH-P', name: 'Tỉnh Hải Dương', kind: 'province' });
    const district = await call(admin, 'POST', '/v1/units', { code: 'BENCH-D', name: 'Huyện Nam Sách', kind: 'district', parentId: province.id });
    const communes: string[] = [];
    for (let i = 0; i < TOTAL + 1; i++) {
      const c = await call(admin, 'POST', '/v1/units', { code: `BENCH-C${i}`, name: `Xã Nam Sách ${i}`, kind: 'commune', parentId: district.id });
      communes.push(c.id);
    }
    const cadres: string[] = [];
    for (let i = 0; i < TOTAL; i++) {
      const cadre = await call(admin, 'POST', '/v1/cadres', {
        fullName: `Nguyễn Văn Bình ${i}`,
        sex: 'male',
        birthDate: '1982-05-17',
        homeUnitId: communes[i + 1],
        currentUnitId: district.id,
        currentPosition: `Chuyên viên ${i}`,
      });
      const year = new Date().getUTCFullYear();
      await call(admin, 'POST', '/v1/planning-records', {
        cadreId: cadre.id,
        title: 'party_secretary',
        unitId: district.id,
        from: `${year - 1}-01-01`,
        to: `${year + 4}-12-31`,
        decisionNumber: `QH-${i}`,
      });
      cadres.push(cadre.id);
    }
    const user = async (username: string, role: string) => call(admin, 'POST', '/v1/users', { username, fullName: username, roles: [{ role, unitId: province.id }] });
    const organizer = await user('bench-organizer', 'organizer');
    const secretary = await user('bench-secretary', 'secretary');
    const members = [];
    for (let i = 0; i < MEMBERS; i++) members.push(await user(`bench-member-${i}`, 'committee_member'));
    await call(admin, 'PUT', `/v1/units/${district.id}/committee`, { memberUserIds: members.map((m) => m.id) });
    const tokens = {
      organizer: await signToken(secret, organizer.username),
      secretary: await signToken(secret, secretary.username),
      members: await Promise.all(members.map((m) => signToken(secret, m.username))),
    };
    const actors = {
      organizer: { userId: organizer.id, username: organizer.username } as Actor,
      secretary: { userId: secretary.id, username: secretary.username } as Actor,
      members: members.map((m) => ({ userId: m.id, username: m.username }) as Actor),
    };
    const today = localDate(new Date());
    const proposal = (i: number) => ({
      cadreId: cadres[i],
      fromUnitId: district.id,
      toUnitId: communes[i],
      position: 'party_secretary',
      termMonths: 36,
      reviewIntervalMonths: 6,
      nonLocalSecretary: false,
      reason: 'Luân chuyển cán bộ',
    });
    const consultation = (party: string) => ({ party, outcome: 'agree', concerns: [], note: 'Đồng ý' });
    const decision = (i: number) => ({ decisionNumber: `${i}/QĐ-HU`, signedAt: today, effectiveDate: today });
    const pdf = new Blob(['%PDF-1.4\n%%EOF\n']);
    const documentForm = (kind: string) => {
      const form = new FormData();
      form.set('kind', kind);
      if (kind === 'health_certificate') form.set('issuedAt', today);
      form.set('file', pdf, `${kind}.pdf`);
      return form;
    };

    // Both paths are warmed first (JIT, workflow cache, connection pools) so neither pays start-up in its numbers.

    let viaApi = new Timings();
    const apiCase = async (i: number) => {
      const created = await viaApi.time('propose', () => call(tokens.organizer, 'POST', '/v1/rotations', proposal(i)));
      const url = `/v1/rotations/${created.id}`;
      for (const party of ['cadre', 'sending_unit', 'receiving_unit']) {
        await viaApi.time('consultation', () => call(tokens.organizer, 'POST', `${url}/consultations`, consultation(party)));
      }
      // The dossier is filed before the endorsement needs it, outside the timings (the bare path's cases have no dossier rules).
      for (const kind of DEFAULT_DOSSIER_RULES.required) await call(tokens.organizer, 'POST', `${url}/documents`, documentForm(kind));
      await viaApi.time('appraisal', () => call(tokens.organizer, 'POST', `${url}/appraisal`, { outcome: 'endorse', note: 'Đủ điều kiện', resolutions: [] }));
      for (let m = 0; m < Math.floor(MEMBERS / 2) + 1; m++) {
        await viaApi.time('vote', () => call(tokens.members[m], 'POST', `${url}/votes`, { vote: 'for' }));
      }
      await viaApi.time('decision', () => call(tokens.secretary, 'POST', `${url}/decision`, decision(i)));
      await viaApi.time('activation', () => until(async () => (await call(tokens.organizer, 'GET', url)).status === 'active', `case ${i} active`));
    };

    let bare = new Timings();
    const committee = { unitId: district.id, memberUserIds: members.map((m) => m.id) };
    const bareCase = async (i: number) => {
      const p = proposal(i);
      const cadre = await db.prisma.cadre.findUniqueOrThrow({ where: { id: p.cadreId } });
      const input: CaseInput = {
        ...p,
        id: randomUUID(),
        effectiveDate: null,
        retainedPosition: { unitId: p.fromUnitId, position: cadre.currentPosition },
        proposedBy: actors.organizer,
        proposedAt: new Date().toISOString(),
        deadlines: DEFAULT_DEADLINES,
      };
      const handle = await bare.time('propose', async () => {
        await recordProposal(db.prisma, initialCaseState(input), actors.organizer.userId);
        return client.workflow.start('rotationCaseWorkflow', { taskQueue: TASK_QUEUE, workflowId: workflowIdFor(input.id), args: [input] });
      });
      for (const party of ['cadre', 'sending_unit', 'receiving_unit'] as const) {
        await bare.time('consultation', () =>
          handle.executeUpdate(messages.recordConsultation, { args: [{ ...consultation(party), party, outcome: 'agree', actor: actors.organizer }] }),
        );
      }
      await bare.time('appraisal', () =>
        handle.executeUpdate(messages.appraise, { args: [{ outcome: 'endorse', note: 'Đủ điều kiện', resolutions: [], committee, actor: actors.organizer }] }),
      );
      for (let m = 0; m < Math.floor(MEMBERS / 2) + 1; m++) {
        await bare.time('vote', () => handle.executeUpdate(messages.castVote, { args: [{ vote: 'for', voterCadreId: null, actor: actors.members[m] }] }));
      }
      await bare.time('decision', () => handle.executeUpdate(messages.signDecision, { args: [{ ...decision(i), actor: actors.secretary }] }));
      await bare.time('activation', () => until(async () => (await handle.query<CaseState>(messages.getCase)).status === 'active', `bare case ${i} active`));
    };

    const run = async (label: string, n: number, one: (i: number) => Promise<void>, offset: number) => {
      const started = performance.now();
      let done = 0;
      await Promise.all(
        Array.from({ length: n }, (_, k) =>
          one(offset + k).then(() => {
            done++;
            if (done % 10 === 0 || done === n) progress(`${label}: ${done}/${n} cases active`);
          }),
        ),
      );
      return (performance.now() - started) / 1000;
    };

    await run('warm-up API', WARM_UP, apiCase, 2 * CASES);
    await run('warm-up bare client', WARM_UP, bareCase, 2 * CASES + WARM_UP);
    viaApi = new Timings();
    bare = new Timings();
    const apiSeconds = await run('API', CASES, apiCase, 0);
    const bareSeconds = await run('bare client', CASES, bareCase, CASES);

    const fmt = (ms: number) => ms.toFixed(1).padStart(8);
    console.log(`\n${CASES} cases concurrently from proposal to active, ${MEMBERS}-member committee (3 votes each)\n`);
    console.log('action          API p50   API p95  bare p50  bare p95  ratio p50  ratio p95   (ms)');
    for (const action of ACTIONS) {
      const [a50, a95, b50, b95] = [viaApi.percentile(action, 50), viaApi.percentile(action, 95), bare.percentile(action, 50), bare.percentile(action, 95)];
      console.log(`${action.padEnd(14)}${fmt(a50)}  ${fmt(a95)}  ${fmt(b50)}  ${fmt(b95)}  ${(a50 / b50).toFixed(2).padStart(9)}  ${(a95 / b95).toFixed(2).padStart(9)}`);
    }
    console.log(`\ncases per second: API ${(CASES / apiSeconds).toFixed(2)}, bare ${(CASES / bareSeconds).toFixed(2)} (ratio ${(bareSeconds / apiSeconds).toFixed(2)})`);
    console.log(`wall time: API ${apiSeconds.toFixed(1)} s, bare ${bareSeconds.toFixed(1)} s`);
    const mem = process.memoryUsage();
    const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
    console.log(`peak RSS of this process (API + worker + PGlite): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    console.log(`at the end: RSS ${mb(mem.rss)}, JS heap ${mb(mem.heapUsed)} of ${mb(mem.heapTotal)}, external ${mb(mem.external)}`);
  } finally {
    await api.close();
    worker.shutdown();
    await workerDone;
    await native.close();
    await connection.close();
    await db.close();
    await dev.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
