import fs from 'node:fs';
import { cachedWorkflowBundle, workflowSourceHash } from '../../infra/workflow-bundle';

describe('the cached workflow bundle', () => {
  it('is keyed by a stable hash of the workflow sources', () => {
    expect(workflowSourceHash()).toMatch(/^[0-9a-f]{20}$/);
    expect(workflowSourceHash()).toBe(workflowSourceHash());
  });

  it('is built once in a child process and then reused', async () => {
    const file = await cachedWorkflowBundle();
    expect(file).not.toBeNull();
    expect(file).toContain(workflowSourceHash());
    expect(fs.readFileSync(file!, 'utf8')).toContain('rotationCaseWorkflow');
    const builtAt = fs.statSync(file!).mtimeMs;
    expect(await cachedWorkflowBundle()).toBe(file);
    expect(fs.statSync(file!).mtimeMs).toBe(builtAt);
  }, 60_000);
});
