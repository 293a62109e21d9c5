// `npm start` killed with SIGKILL and started again on the same DATA_DIR, as real child
// processes: a crash right after a proposal's rows are written leaves no half-made case, and a
// load of cases driven through the HTTP API while the service, its dev server or both are killed
// five times loses no case, doubles none, keeps every projection equal to its workflow's state,
// and drives every case to `active`. The tests run in order on one DATA_DIR: the first start has
// the fault point armed, and the first test spends it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { signToken } from '../../api/auth';
import { localDate } from '../../domain/calendar';
import { type CaseState, PARTIES, workflowIdFor } from '../../domain/types';
import { openDatabase } from '../../infra/db';
import { freePort } from '../../infra/temporal';
import { getCase } from '../../workflows/definitions';
import { ApiClient, type ApiResponse, type Json, type SignedInClient } from '../support/api-client';
import { SERVICE_COMMAND, type Service, readJson, sleep, startService, stopService, waitHealthy, within } from '../support/npm-start';
import { type World, buildWorld, created, exception, planFor, SMALL_PDF, dossierFields, upload } from '../support/world';
import { DEFAULT_DOSSIER_RULES } from '../../domain/dossier';

const CASES = 20;
const KILLS = ['service', 'both', 'dev server', 'service', 'both'] as const;
const SEED = 20261201;
const EXITED_WITHIN_MS = 30_000;

/** A small seeded generator (mulberry32), so the kills fall at the same moments on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('npm start after SIGKILL', () => {
  const secret = crypto.randomBytes(32).toString('base64url');
  let workDir: string;
  let dataDir: string;
  let url: string;
  let variables: Record<string, string>;
  let service: Service;
  let world: World;

  const start = (extra: Record<string, string> = {}) => startService(workDir, { ...variables, ...extra }, SERVICE_COMMAND);
  const devServerPid = (): number => readJson(path.join(dataDir, 'temporal-dev-server.json')).pid;

  /** A call that a kill may cut off: its answer, or null when there was none. */
  async function attempt(call: () => Promise<ApiResponse<Json>>): Promise<ApiResponse<Json> | null> {
    try {
      return await call();
    } catch {
      return null;
    }
  }

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-crash-'));
    dataDir = path.join(workDir, 'data');
    const port = await freePort();
    url = `http://localhost:${port}`;
    variables = { DATA_DIR: dataDir, PORT: String(port), JWT_SECRET: secret };
    service = start({ FAULT_POINT: 'proposal-recorded' });
    await waitHealthy(service, url);
    world = await buildWorld({ client: new ApiClient(url), token: (username: string) => signToken(secret, username) });
  }, 180_000);

  afterAll(async () => {
    if (service) await stopService(service).catch(() => process.kill(service.child.pid!, 'SIGKILL'));
    const stateFile = path.join(dataDir, 'temporal-dev-server.json');
    if (fs.existsSync(stateFile)) {
      try {
        process.kill(devServerPid(), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  const proposalOf = (cadreId: string, toUnitId: string) => ({
    cadreId,
    fromUnitId: world.district.id,
    toUnitId,
    position: 'party_secretary',
    termMonths: 24,
    reviewIntervalMonths: 6,
    nonLocalSecretary: false,
    reason: 'Luân chuyển cán bộ',
    // A 24-month term, shorter than the national minimum, by the district's recorded decision.
    exceptions: [exception('minimum_term')],
  });

  it('leaves no half-made proposal when the process dies right after writing its rows', async () => {
    const { organizer } = world.users;
    const proposal = proposalOf(world.cadreHong.id, world.anLam.id);
    expect(await attempt(() => organizer.as.call('POST', '/v1/rotations', proposal))).toBeNull();
    expect(await within(service.exited, EXITED_WITHIN_MS)).toEqual({ code: null, signal: 'SIGKILL' });

    service = start();
    await waitHealthy(service, url);
    const cases = await organizer.as.call('GET', `/v1/rotations?cadreId=${world.cadreHong.id}`);
    expect([cases.status, cases.body.items]).toEqual([200, []]);
    const proposed = await created(organizer.as.call('POST', '/v1/rotations', proposal));
    const consulted = await organizer.as.call('POST', `/v1/rotations/${proposed.id}/consultations`, { party: 'sending_unit', outcome: 'agree' });
    expect([consulted.status, consulted.body.consultations?.length]).toEqual([200, 1]);
  }, 180_000);

  it('keeps every case, once, through five kills during a load, and drives them all to active', async () => {
    const { admin, organizer, secretary, m1, m2, m3 } = { admin: world.admin, ...world.users };
    const [communes, cadres] = await Promise.all([
      Promise.all(
        Array.from({ length: CASES }, (_, i) =>
          created(admin.call('POST', '/v1/units', { code: `NS-L${i}`, name: `Xã Luân Phiên ${i}`, kind: 'commune', parentId: world.district.id })),
        ),
      ),
      Promise.all(
        Array.from({ length: CASES }, (_, i) =>
          created(
            admin.call('POST', '/v1/cadres', {
              fullName: `Phạm Văn Tải ${i}`,
              sex: 'male',
              birthDate: '1984-06-01',
              homeUnitId: world.anLam.id,
              currentUnitId: world.district.id,
              currentPosition: `specialist_${i}`,
            }),
          ).then(async (cadre) => {
            await planFor(admin, cadre.id, world.district.id, ['party_secretary']);
            return cadre;
          }),
        ),
      ),
    ]);
    /** Cases whose proposal was answered 201. */
    const answered = new Set<string>();
    let activeCount = 0;
    const today = localDate(new Date());
    // A request cut off by a kill fails at once: the process's sockets close with it, or the API drains them as it stops.
    const call = (as: SignedInClient, method: 'GET' | 'POST', pathname: string, body?: Json) => attempt(() => as.call(method, pathname, body));

    /** Drives case i from proposal to active, whatever kills happen on the way; a case answered 201 must never vanish. */
    const drive = async (i: number): Promise<string> => {
      let caseId: string | undefined;
      for (;;) {
        if (caseId === undefined) {
          const proposed = await call(organizer.as, 'POST', '/v1/rotations', proposalOf(cadres[i].id, communes[i].id));
          if (proposed?.status === 201) answered.add((caseId = proposed.body.id as string));
          // Proposed before a kill cut off the answer: the case is the cadre's open one.
          else if (proposed?.status === 409) caseId = (await call(organizer.as, 'GET', `/v1/rotations?cadreId=${cadres[i].id}`))?.body?.items?.[0]?.id;
          else await sleep(200);
          continue;
        }
        const read = await call(organizer.as, 'GET', `/v1/rotations/${caseId}`);
        if (read?.status === 404) {
          if (answered.has(caseId)) throw new Error(`case ${caseId} was answered 201 and is gone`);
          caseId = undefined;
          continue;
        }
        if (read?.status !== 200) {
          await sleep(200);
          continue;
        }
        const step = (as: SignedInClient, name: string, body: Json) => call(as, 'POST', `/v1/rotations/${caseId}/${name}`, body);
        const c = read.body;
        switch (c.status) {
          case 'active':
            activeCount++;
            return caseId;
          case 'consultation':
            for (const party of PARTIES.filter((p) => !c.consultations.some((given: Json) => given.party === p))) {
              await step(organizer.as, 'consultations', { party, outcome: 'agree' });
            }
            break;
          case 'appraisal':
            // Filed again after a kill, a document finds the row it made; one missing leaves the endorsement to the next pass.
            for (const kind of DEFAULT_DOSSIER_RULES.required) await attempt(() => upload(organizer.as, caseId!, kind, SMALL_PDF, dossierFields(kind)));
            await step(organizer.as, 'appraisal', { outcome: 'endorse', resolutions: [] });
            break;
          case 'committee_vote':
            // A vote already cast is refused (409), which changes nothing.
            for (const member of [m1, m2, m3]) await step(member.as, 'votes', { vote: 'for' });
            break;
          case 'decision_pending':
            await step(secretary.as, 'decision', { decisionNumber: `${i + 1}-QĐ/HU`, signedAt: today, effectiveDate: today });
            break;
          case 'decided':
            await sleep(200);
            break;
          default:
            throw new Error(`case ${caseId} went to ${c.status}`);
        }
      }
    };

    const random = seeded(SEED);
    /** How many cases were active at each kill: the load was still running. */
    const activeAtKills: number[] = [];
    const killAndRestart = async () => {
      for (const target of KILLS) {
        await sleep(300 + random() * 1700);
        activeAtKills.push(activeCount);
        const devServer = devServerPid();
        if (target !== 'dev server') process.kill(service.child.pid!, 'SIGKILL');
        if (target !== 'service') process.kill(devServer, 'SIGKILL');
        // Its dev server killed alone, the service stops by itself.
        const exited = await within(service.exited, EXITED_WITHIN_MS);
        if (exited === null) throw new Error(`the service did not exit after its dev server was killed. Its output:\n${service.output()}`);
        service = start();
        await waitHealthy(service, url);
      }
    };
    const [caseIds] = await Promise.all([Promise.all(Array.from({ length: CASES }, (_, i) => drive(i))), killAndRestart()]);
    expect(activeAtKills.every((active) => active < CASES)).toBe(true);

    // Each case once, each cadre with one open case, every answered proposal among them.
    const listed = await admin.call('GET', '/v1/rotations?limit=200');
    const loadCases = (listed.body.items as Json[]).filter((c) => cadres.some((cadre) => cadre.id === c.cadreId));
    expect(new Set(loadCases.map((c) => c.id)).size).toBe(loadCases.length);
    expect(loadCases.map((c) => c.cadreId).sort()).toEqual(cadres.map((c) => c.id).sort());
    expect(loadCases.map((c) => c.id).sort()).toEqual([...caseIds].sort());
    expect([...answered].every((id) => caseIds.includes(id))).toBe(true);
    expect(loadCases.every((c) => c.status === 'active')).toBe(true);

    // Every workflow's state, as Temporal holds it ...
    const { temporal } = readJson(path.join(dataDir, 'server.json'));
    const connection = await Connection.connect({ address: temporal.address });
    let states: CaseState[];
    try {
      const client = new Client({ connection, namespace: temporal.namespace });
      states = await Promise.all(caseIds.map((id) => client.workflow.getHandle(workflowIdFor(id)).query(getCase)));
    } finally {
      await connection.close();
    }
    expect(await stopService(service)).toEqual({ code: 0, signal: null });

    // ... equals its projection, and no proposal is left pending.
    const db = await openDatabase({ dataDir });
    try {
      const rows = await db.prisma.rotationCase.findMany({ where: { id: { in: caseIds } } });
      const projectionOf = new Map(rows.map((row) => [row.id, row]));
      for (const state of states) {
        expect(projectionOf.get(state.id)).toMatchObject({ status: 'active', version: state.version, state });
      }
      expect(await db.prisma.pendingProposal.count()).toBe(0);
      const openCases = await db.prisma.openCase.findMany({ where: { cadreId: { in: cadres.map((c) => c.id) } } });
      expect(openCases.map((o) => o.caseId).sort()).toEqual([...caseIds].sort());
    } finally {
      await db.close();
    }
  }, 240_000);
});
