// The Temporal runtime, test servers and workflow bundle every suite with a worker sets up.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap, bundleWorkflowCode } from '@temporalio/worker';
import { executableOption, temporalCliPath, temporalTestServerPath } from '../../infra/binaries';

/** Installs the runtime once per file, quiet: the test server does not advertise newer capabilities, and core warns about it on every worker. */
export function installTestRuntime(): void {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
}

/** A real Temporal dev server (the CLI from .tools/temporal, PATH or TEMPORAL_CLI_PATH). */
export async function startLocalTemporal(): Promise<TestWorkflowEnvironment> {
  installTestRuntime();
  return TestWorkflowEnvironment.createLocal({ server: { executable: executableOption(temporalCliPath()) } });
}

/** Temporal's time-skipping test server, for suites that must let months pass: `sleep` skips them. */
export async function startTimeSkippingTemporal(): Promise<TestWorkflowEnvironment> {
  installTestRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: executableOption(temporalTestServerPath()) } });
}

/** The workflow code at `workflowsPath` (the service's workflows unless told) bundled once, for every worker a suite starts. */
export function bundleWorkflows(workflowsPath: string = require.resolve('../../workflows')): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
}
