// Bundles workflows/ once for production workers (WORKFLOW_BUNDLE_PATH), so they start without
// running webpack. Usage: npm run build:workflows [-- <output file>]
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

async function main(): Promise<void> {
  const output = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows') });
  fs.mkdirSync(path.dirname(output), { recursive: true });
  // Written whole, then renamed: a reader never sees half a bundle.
  const partial = `${output}.${process.pid}.partial`;
  fs.writeFileSync(partial, code);
  fs.renameSync(partial, output);
  console.log(`Workflow bundle written to ${output}; run workers with WORKFLOW_BUNDLE_PATH=${output}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
