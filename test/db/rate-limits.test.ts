// Rate limits with low numbers: a user past theirs gets 429 while others from the same address
// go on, then the address past its own gets 429 for everyone, signed in or not. /health stays.
import type { ApiResponse, Json } from '../support/api-client';
import { type ApiAloneOnPglite, startApiAloneOnPglite } from '../support/api-alone';
import { expectProblem } from '../support/world';

jest.setTimeout(60_000);

let service: ApiAloneOnPglite;

beforeAll(async () => {
  service = await startApiAloneOnPglite({ rateLimits: { perIpPerMinute: 6, perUserPerMinute: 2 } });
  await service.db.prisma.user.create({ data: { id: 'u-lan', username: 'nguyen.thi.lan', fullName: 'Nguyễn Thị Lan' } });
}, 60_000);

afterAll(async () => {
  await service?.close();
});

function expectLimited(res: ApiResponse<Json>, detail: string): void {
  expectProblem(res, 429);
  expect(res.body.detail).toContain(detail);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
}

test('429 per user, then per address, each with Retry-After', async () => {
  const { client } = service;
  const admin = await service.signedIn('admin');
  const lan = await service.signedIn('nguyen.thi.lan');

  expect((await admin.call('GET', '/v1/me')).status).toBe(200);
  expect((await admin.call('GET', '/v1/me')).status).toBe(200);
  expectLimited(await admin.call('GET', '/v1/me'), 'from this user');

  // Another user behind the same address is not held up by the first one's limit.
  expect((await lan.call('GET', '/v1/me')).status).toBe(200);

  // Four requests so far from this address, of six: two more, signed in or not, and then none.
  expectProblem(await client.call('GET', '/v1/me'), 401);
  expect((await lan.call('GET', '/v1/me')).status).toBe(200);
  expectLimited(await client.call('GET', '/v1/me'), 'from this address');
  expectLimited(await lan.call('GET', '/openapi.json'), 'from this address');

  // The load balancer's probe is never refused (without Temporal it answers 503, not 429).
  expect((await client.call('GET', '/health')).status).not.toBe(429);
});
