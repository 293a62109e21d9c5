// What a request body must be before it is read: JSON (or a +json type) wherever a body is sent;
// a POST without body and Content-Type passes where the endpoint's body is all optional. A
// request refused before its handler (401, 415, 400) leaves no Idempotency-Key record behind.
import { randomUUID } from 'node:crypto';
import { signToken } from '../../api/auth';
import type { ApiClient, SignedInClient } from '../support/api-client';
import { type ApiAloneOnPglite, startApiAloneOnPglite } from '../support/api-alone';
import { expectProblem } from '../support/world';

jest.setTimeout(60_000);

let service: ApiAloneOnPglite;
let client: ApiClient;
let admin: SignedInClient;

beforeAll(async () => {
  service = await startApiAloneOnPglite();
  client = service.client;
  admin = await service.signedIn('admin');
}, 60_000);

afterAll(async () => {
  await service?.close();
});

const province = (code: string) => ({ code, name: 'Tỉnh Hải Dương', kind: 'province' });
const records = (key: string) => service.db.prisma.idempotencyRecord.count({ where: { key } });

describe('the media type of a body', () => {
  it.each([
    ['text/plain', 'text/plain'],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x', 'multipart/form-data'],
  ])('refuses a body sent as %s with 415 naming it', async (contentType, named) => {
    const res = await admin.call('POST', '/v1/units', undefined, { rawBody: JSON.stringify(province('HD')), headers: { 'content-type': contentType } });
    expectProblem(res, 415, 'Content-Type');
    expect(res.body.detail).toBe(`the request body must be sent as application/json or application/*+json, not ${named}`);
    expect(await service.db.prisma.unit.count()).toBe(0);
  });

  it('refuses a body sent without a Content-Type', async () => {
    const res = await fetch(new URL('/v1/units', service.api.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${await signToken(service.secret, 'admin')}` },
      body: new Blob([JSON.stringify(province('HD'))]),
    });
    expect(res.status).toBe(415);
    expect(await service.db.prisma.unit.count()).toBe(0);
  });

  it('reads application/json with a charset, and a +json type', async () => {
    const charset = await admin.call('POST', '/v1/units', province('HD'), { headers: { 'content-type': 'application/json; charset=utf-8' } });
    const suffixed = await admin.call('POST', '/v1/units', province('QN'), { headers: { 'content-type': 'application/vnd.cadre+json' } });
    expect([charset.status, suffixed.status]).toEqual([201, 201]);
  });

  it('takes a POST with neither body nor Content-Type where the body is all optional', async () => {
    const id = randomUUID();
    const userId = (await service.db.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } })).id;
    await service.db.prisma.notification.create({ data: { id, userId, kind: 'task_assigned', title: 'Việc mới', body: 'Có việc mới', dedupeKey: id } });
    const res = await admin.call('POST', `/v1/notifications/${id}/read`);
    expect([res.status, res.body.readAt]).toEqual([200, expect.any(String)]);
  });
});

describe('Idempotency-Key records', () => {
  it('are not kept for a request refused before its handler: no token, wrong media type, invalid body', async () => {
    const key = randomUUID();
    expectProblem(await client.call('POST', '/v1/units', province('BN'), { idempotencyKey: key }), 401);
    expectProblem(await admin.call('POST', '/v1/units', undefined, { rawBody: '{}', idempotencyKey: key, headers: { 'content-type': 'text/plain' } }), 415);
    expectProblem(await admin.call('POST', '/v1/units', { code: 'BN', kind: 'planet' }, { idempotencyKey: key }), 400, 'kind');
    expect(await records(key)).toBe(0);

    // The key is still free for the request meant.
    const first = await admin.call('POST', '/v1/units', province('BN'), { idempotencyKey: key });
    const again = await admin.call('POST', '/v1/units', province('BN'), { idempotencyKey: key });
    expect([first.status, again.status, again.body, again.headers.get('idempotent-replayed')]).toEqual([201, 201, first.body, 'true']);
    expect(await records(key)).toBe(1);
  });
});
