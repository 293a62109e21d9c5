// The README's walkthrough as a newcomer runs it: `npm start` on a DATA_DIR and PORT, then
// scripts/walkthrough.sh from another folder against it. The script must end with exit 0 and
// the case where it says it is; a step answered with an unexpected status must stop it with exit 1.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../infra/temporal';
import { ROOT, STOPPED_WITHIN_MS, type Service, cleanUp, serviceEnv, startService, waitHealthy } from '../support/npm-start';

const WALKTHROUGH = path.join(ROOT, 'scripts', 'walkthrough.sh');
const RUN_ID = 'walk';

const run = promisify(execFile);

describe('scripts/walkthrough.sh', () => {
  let workDir: string;
  let dataDir: string;
  let url: string;
  let variables: Record<string, string>;
  let service: Service | undefined;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-walkthrough-'));
    dataDir = path.join(workDir, 'data');
    const port = await freePort();
    url = `http://localhost:${port}`;
    variables = { DATA_DIR: dataDir, PORT: String(port) };
    service = startService(workDir, variables);
    await waitHealthy(service, url);
  }, 120_000);

  afterAll(() => cleanUp(service, dataDir, workDir), STOPPED_WITHIN_MS + 5_000);

  /** The script from the work folder, with DATA_DIR relative to it as a newcomer might give it. */
  const walkthrough = () => run('bash', [WALKTHROUGH], { cwd: workDir, env: serviceEnv({ ...variables, DATA_DIR: 'data', RUN_ID }), timeout: 400_000 });

  async function get(token: string, pathname: string) {
    const res = await fetch(new URL(pathname, url), { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as any };
  }

  it('takes a case from the proposal to active with its support approved, and says so', async () => {
    const { stdout } = await walkthrough();

    const caseId = /^✓ Case (\S+) is active \(RUN_ID walk\)$/m.exec(stdout)?.[1];
    expect(caseId).toBeDefined();
    for (const step of [
      'POST /v1/units',
      'PUT /v1/policies/support',
      'POST /v1/rotations',
      'consultations',
      'documents',
      'dossier',
      'appraisal',
      'votes',
      'decision',
      'support/approve',
    ]) {
      expect(stdout).toContain(step);
    }

    const { stdout: token } = await run('npm', ['run', '-s', 'token', '--', '--user', 'admin'], { cwd: ROOT, env: serviceEnv({ DATA_DIR: dataDir }) });
    const shown = await get(token.trim(), `/v1/rotations/${caseId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      status: 'active',
      position: 'party_secretary',
      nonLocalSecretary: true,
      votes: { for: 2, against: 0, abstain: 1, members: 3 },
      decision: { decisionNumber: `${RUN_ID}-QĐ/HU` },
      retainedPosition: { position: 'deputy_head_organization' },
      support: { status: 'approved', policyVersion: 1 },
    });
    const actors = shown.body.history.map((entry: any) => [entry.action, entry.actor?.username]);
    expect(actors).toEqual(
      expect.arrayContaining([
        ['proposed', `to.chuc.${RUN_ID}`],
        ['consultation_recorded', `khoa.${RUN_ID}`],
        ['document_added', `to.chuc.${RUN_ID}`],
        ['appraisal_endorse', `to.chuc.${RUN_ID}`],
        ['vote_cast', `uy.vien.3.${RUN_ID}`],
        ['decision_signed', `bi.thu.${RUN_ID}`],
      ]),
    );
  }, 420_000);

  it('stops with exit 1 at the first unexpected answer, naming it', async () => {
    // Again with the same RUN_ID: the province's code is taken.
    await expect(walkthrough()).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/← 409 \(expected 201\)[\s\S]*✗ POST \/v1\/units answered 409/) });
  }, 120_000);
});
