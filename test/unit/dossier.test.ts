import { upgradeCaseState, type StoredCaseState } from '../../domain/case-upgrade';
import {
  DEFAULT_DOSSIER_RULES,
  DOSSIER_INCOMPLETE_RULE,
  NO_DOSSIER_RULES,
  addDocument,
  detectContentType,
  documentCounts,
  dossierOf,
  holdsDocument,
  missingDocuments,
} from '../../domain/dossier';
import { appraise, initialCaseState, withdraw } from '../../domain/rotation-case';
import type { CaseState, DossierDocument } from '../../domain/types';
import { caseAt, completeDossier, organizer, proposalScript, refusalOf } from '../support/domain-fixtures';

const NOW = '2026-03-01T02:00:00.000Z';
const doc = (kind: DossierDocument['kind'], issuedAt: string | null = null, id = `d-${kind}`): DossierDocument => ({ id, kind, issuedAt, addedAt: NOW });

describe('the dossier rules', () => {
  it('by default require the documents of Nghị định 170 art. 35, the health certificate within 6 months', () => {
    expect([...DEFAULT_DOSSIER_RULES.required].sort()).toEqual(
      ['asset_declaration', 'evaluations_3y', 'health_certificate', 'nomination_report', 'personal_record', 'political_conclusion', 'self_assessment'].sort(),
    );
    expect(DEFAULT_DOSSIER_RULES.maxAgeMonths).toEqual({ health_certificate: 6 });
  });

  it.each([
    ['issued today', '2026-03-01', true],
    ['issued 6 months ago to the day', '2025-09-01', true],
    ['issued a day more than 6 months ago', '2025-08-31', false],
    ['issued after today', '2026-03-02', false],
    ['with no issue date', null, false],
  ] as const)('a health certificate %s counts: %s', (_what, issuedAt, counts) => {
    expect(documentCounts(DEFAULT_DOSSIER_RULES, doc('health_certificate', issuedAt), NOW)).toBe(counts);
  });

  it('takes the Vietnamese day for today (00:30 on 1 Mar in Vietnam is still 28 Feb in UTC)', () => {
    expect(documentCounts(DEFAULT_DOSSIER_RULES, doc('health_certificate', '2026-03-01'), '2026-02-28T17:30:00.000Z')).toBe(true);
  });

  it('counts a document of a kind with no maximum age whatever its date', () => {
    expect(documentCounts(DEFAULT_DOSSIER_RULES, doc('personal_record', '2001-01-01'), NOW)).toBe(true);
    expect(documentCounts(DEFAULT_DOSSIER_RULES, doc('personal_record'), NOW)).toBe(true);
  });
});

describe('dossierOf', () => {
  it('lists every kind, the required ones missing, and is not complete when empty', () => {
    const dossier = dossierOf(DEFAULT_DOSSIER_RULES, [], NOW);
    expect(dossier.complete).toBe(false);
    expect(dossier.items).toHaveLength(12);
    expect(dossier.items.find((i) => i.kind === 'nomination_report')).toEqual({ kind: 'nomination_report', required: true, status: 'missing' });
    expect(dossier.items.find((i) => i.kind === 'vote_minutes')).toEqual({ kind: 'vote_minutes', required: false, status: 'missing' });
  });

  it('is complete with one document of each required kind, naming the newest that counts', () => {
    const documents = [
      ...DEFAULT_DOSSIER_RULES.required.map((kind) => doc(kind, kind === 'health_certificate' ? '2026-02-01' : null)),
      doc('health_certificate', '2025-01-01', 'old-certificate'),
      doc('other', null, 'extra'),
    ];
    const dossier = dossierOf(DEFAULT_DOSSIER_RULES, documents, NOW);
    expect(dossier.complete).toBe(true);
    expect(dossier.items.find((i) => i.kind === 'health_certificate')).toEqual({
      kind: 'health_certificate',
      required: true,
      status: 'provided',
      documentId: 'd-health_certificate',
    });
    expect(dossier.items.find((i) => i.kind === 'other')).toEqual({ kind: 'other', required: false, status: 'provided', documentId: 'extra' });
  });

  it('names what is missing, and why a stale health certificate does not count', () => {
    const documents = DEFAULT_DOSSIER_RULES.required.filter((k) => k !== 'asset_declaration').map((kind) => doc(kind, kind === 'health_certificate' ? '2025-06-01' : null));
    expect(missingDocuments(DEFAULT_DOSSIER_RULES, documents, NOW)).toEqual(['asset_declaration', 'health_certificate (issued within 6 months)']);
  });

  it('requires nothing under the rules of cases proposed before the dossier was kept', () => {
    expect(dossierOf(NO_DOSSIER_RULES, [], NOW).complete).toBe(true);
  });
});

describe('the endorsement needs a complete dossier', () => {
  const gated = { ...proposalScript, input: { ...proposalScript.input, dossierRules: DEFAULT_DOSSIER_RULES } };
  const endorse = (state: CaseState) =>
    appraise(state, { outcome: 'endorse', note: '', resolutions: [], committee: proposalScript.committee, actor: organizer }, proposalScript.at);

  it('is refused naming dossier_incomplete and every kind missing', () => {
    const refusal = refusalOf(() => endorse(caseAt('appraisal', gated)));
    expect(refusal).toMatchObject({ kind: 'rule', rule: DOSSIER_INCOMPLETE_RULE, path: 'dossier' });
    for (const kind of DEFAULT_DOSSIER_RULES.required) expect(refusal.message).toContain(kind);
  });

  it('is accepted once every required document is added', () => {
    const state = completeDossier('2026-02-15').reduce((s, notice) => addDocument(s, notice, proposalScript.at).state, caseAt('appraisal', gated));
    expect(endorse(state).state.status).toBe('committee_vote');
  });

  it('is not gated for a case without dossier rules (proposed before the dossier was kept)', () => {
    expect(endorse(caseAt('appraisal', proposalScript)).state.status).toBe('committee_vote');
  });

  it('keeps a wrong status a conflict, whatever the dossier', () => {
    expect(refusalOf(() => endorse(caseAt('consultation', gated))).kind).toBe('conflict');
  });
});

describe('addDocument', () => {
  const [notice] = completeDossier('2026-02-15');

  it('adds the document with its history entry, one version on', () => {
    const before = initialCaseState({ ...proposalScript.input, dossierRules: DEFAULT_DOSSIER_RULES });
    const { state, event } = addDocument(before, notice, NOW);
    expect(state.documents).toEqual([{ id: notice.documentId, kind: notice.kind, issuedAt: null, addedAt: NOW }]);
    expect(state.version).toBe(before.version + 1);
    expect(event).toEqual({ action: 'document_added', actor: organizer, detail: { documentId: notice.documentId, kind: notice.kind, issuedAt: null } });
    expect(holdsDocument(state, notice.documentId)).toBe(true);
    expect(holdsDocument(before, notice.documentId)).toBe(false);
  });

  it('is taken in any status but an ended one', () => {
    expect(addDocument(caseAt('active', proposalScript), notice, NOW).state.documents).toHaveLength(1);
    const withdrawn = withdraw(caseAt('appraisal', proposalScript), { reason: 'Thôi', actor: organizer }, NOW).state;
    expect(refusalOf(() => addDocument(withdrawn, notice, NOW)).kind).toBe('conflict');
  });
});

describe('an older case', () => {
  it('is brought up with no required documents and none held', () => {
    const { dossierRules: _rules, documents: _documents, ...older } = initialCaseState(proposalScript.input);
    const upgraded = upgradeCaseState(older as StoredCaseState);
    expect(upgraded.dossierRules).toEqual(NO_DOSSIER_RULES);
    expect(upgraded.documents).toEqual([]);
  });
});

describe('detectContentType', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);
  const ascii = (text: string) => new TextEncoder().encode(text);
  it.each([
    ['a PDF', 'application/pdf', ascii('%PDF-1.7\n')],
    ['a JPEG', 'image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)],
    ['a PNG', 'image/png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0)],
    ['an ELF executable', null, bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1)],
    ['a Windows executable', null, ascii('MZ\x90\x00')],
    ['a shell script', null, ascii('#!/bin/sh\nrm -rf /\n')],
    ['HTML', null, ascii('<!doctype html><script>alert(1)</script>')],
    ['a PDF signature cut short', null, ascii('%PDF')],
    ['nothing', null, bytes()],
  ] as const)('%s is %s', (_what, type, content) => {
    expect(detectContentType(content)).toBe(type);
  });
});
