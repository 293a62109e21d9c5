// The dossier on the time-skipping test server: the API tells the case of each stored document
// (the same notice twice changes nothing), and the appraisal's validator refuses an endorsement
// until every required document counts at the workflow's time.
import { addDays, localDate } from '../../domain/calendar';
import { DEFAULT_DOSSIER_RULES, DOSSIER_INCOMPLETE_RULE } from '../../domain/dossier';
import { FAILURE_TYPES } from '../../domain/types';
import { completeDossier } from '../support/domain-fixtures';
import { WorkflowTestbed, expectRefused, mockActivities, organizer, testbedPerFile } from './harness';

let testbed: WorkflowTestbed;
jest.setTimeout(20_000);

testbedPerFile((started) => (testbed = started));

const gated = { dossierRules: DEFAULT_DOSSIER_RULES };

describe('the dossier before the vote', () => {
  test('the endorsement is refused naming what is missing, then taken once the dossier is complete', async () => {
    await testbed.withCase(
      async (c) => {
        await c.consultAll();
        const refusal = await expectRefused(c, () => c.appraise(), FAILURE_TYPES.rule);
        expect(refusal.details?.[0]).toMatchObject({ rule: DOSSIER_INCOMPLETE_RULE });
        expect(refusal.message).toContain('health_certificate');

        const today = localDate(new Date(await c.now()));
        for (const notice of completeDossier(today, organizer)) await c.addDocument(notice);
        const filed = await c.state();
        expect(filed.documents.map((d) => d.kind).sort()).toEqual([...DEFAULT_DOSSIER_RULES.required].sort());
        expect(c.actions().filter((a) => a === 'document_added')).toHaveLength(DEFAULT_DOSSIER_RULES.required.length);

        // The API sends the same notice again (a retried upload): nothing changes.
        const [first] = completeDossier(today, organizer);
        expect((await c.addDocument(first)).version).toBe(filed.version);
        expect((await c.state()).documents).toHaveLength(DEFAULT_DOSSIER_RULES.required.length);

        expect((await c.appraise()).status).toBe('committee_vote');
      },
      mockActivities(),
      gated,
    );
  });

  test('a health certificate older than 6 months at the workflow time does not count', async () => {
    await testbed.withCase(
      async (c) => {
        await c.consultAll();
        const stale = localDate(addDays(new Date(await c.now()), -200));
        for (const notice of completeDossier(stale, organizer)) await c.addDocument(notice);
        const refusal = await expectRefused(c, () => c.appraise(), FAILURE_TYPES.rule);
        expect(refusal.message).toMatch(/missing health_certificate \(issued within 6 months\)$/);
      },
      mockActivities(),
      gated,
    );
  });

  test('a case without dossier rules (proposed before the dossier was kept) is endorsed without one', async () => {
    await testbed.withCase(async (c) => {
      await c.consultAll();
      expect((await c.appraise()).status).toBe('committee_vote');
    });
  });
});
