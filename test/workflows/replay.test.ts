// Cases run on earlier code replay on today's code without a nondeterminism error. The histories
// in ./histories were recorded with `temporal workflow show --output json`:
// - decided-before-support-*: on the code from before relocation support (the support workflow is
//   started only behind its patch);
// - active-before-term, decided-before-term, consultation-before-notifications: on commit 03a2ab8,
//   from before the term (reviews, follow-ups, term end) and the case notifications (both behind
//   their patches): a case active with its support approved, one decided waiting on its effective
//   date, and one in consultation with one party recorded.
// - notify-list-mixed, notify-list-empty: on commit 0587189^, whose notify activity answered a
//   bare list of ids (an object since): one case in the committee vote whose notify answered []
//   for some events and ids for another (only that one started a delivery), one in consultation
//   whose only notify answered [].
// - active-working-days, support-approved-working-days, committee-vote-one-ballot: on commit
//   56bd89e (deadlines in working days on the calendar, step deadlines and attention in the state,
//   vote closing), driven over HTTP by scripts/walkthrough.sh against `npm start`: a case active
//   with its support workflow approved, and one in the committee vote with one ballot cast.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { Worker } from '@temporalio/worker';
import { cachedWorkflowBundle } from '../../infra/workflow-bundle';
import { installTestRuntime } from '../support/temporal-runtime';

// A replay takes a second or two alone, many times that on a loaded machine: not jest's 5 s default.
jest.setTimeout(60_000);

const HISTORIES = path.join(__dirname, 'histories');

/**
 * JSON history to History, as the SDK's historyFromJSON does; that one breaks when npm nests two
 * copies of protobufjs (one for @temporalio/common, one for @temporalio/proto), so this uses the
 * copy @temporalio/proto's types come from.
 */
function historyFromJson(json: unknown): proto.temporal.api.history.v1.IHistory {
  const fromProto = createRequire(require.resolve('@temporalio/proto'));
  const protojson = fromProto('protobufjs/ext/protojson');
  const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
}

let codePath: string;

beforeAll(async () => {
  installTestRuntime();
  const bundle = await cachedWorkflowBundle();
  if (!bundle) throw new Error('the workflow bundle could not be built');
  codePath = bundle;
}, 60_000);

test.each(fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json')))('%s replays on the current code', async (file) => {
  const history = historyFromJson(JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')));
  await expect(Worker.runReplayHistory({ workflowBundle: { codePath } }, history)).resolves.toBeUndefined();
});
