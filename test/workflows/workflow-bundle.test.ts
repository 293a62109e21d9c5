import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cachedWorkflowBundle, workflowSourceHash } from '../../infra/workflow-bundle';
import * as workflows from '../../workflows';

const ROOT = path.resolve(__dirname, '../..');
/** The workflow types the service starts, as its clients and workers name them. */
const WORKFLOW_TYPES = ['notificationDeliveryWorkflow', 'rotationCaseWorkflow', 'supportWorkflow'];

describe('the cached workflow bundle', () => {
  it('is keyed by a hash of the workflow sources that another process computes alike', () => {
    expect(workflowSourceHash()).toMatch(/^[0-9a-f]{20}$/);
    const script = "process.stdout.write(require('./infra/workflow-bundle').workflowSourceHash())";
    const inAnotherProcess = execFileSync(process.execPath, [require.resolve('tsx/cli'), '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(inAnotherProcess).toBe(workflowSourceHash());
  }, 30_000);

  it('is built once in a child process and then reused', async () => {
    const file = await cachedWorkflowBundle();
    expect(file).not.toBeNull();
    expect(file).toContain(workflowSourceHash());
    const builtAt = fs.statSync(file!).mtimeMs;
    expect(await cachedWorkflowBundle()).toBe(file);
    expect(fs.statSync(file!).mtimeMs).toBe(builtAt);
  }, 60_000);

  it('holds every file of workflows/ and every workflow type the service starts', async () => {
    const exported = Object.entries(workflows).filter(([, value]) => typeof value === 'function');
    expect(exported.map(([name]) => name).sort()).toEqual(WORKFLOW_TYPES);
    const code = fs.readFileSync((await cachedWorkflowBundle())!, 'utf8');
    for (const name of WORKFLOW_TYPES) expect(code).toContain(`function ${name}(`);
    // Module ids are relative to where the bundle was built: `"./workflows/x.ts"`, or `"../clone/workflows/x.ts"`.
    for (const file of fs.readdirSync(path.join(ROOT, 'workflows'))) expect(code).toMatch(new RegExp(`"(?![^"]*node_modules)[^"\\s]*/workflows/${file.replace(/\./g, '\\.')}"`));
  }, 60_000);
});
