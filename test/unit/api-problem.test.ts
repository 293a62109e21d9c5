import { Refusal } from '../../domain/refusal';
import { catalogued } from '../../domain/refusal-texts';
import { Prisma } from '../../generated/prisma/client';
import { HttpProblem, notFound, toProblem } from '../../api/problem';
import { fieldErrors } from '../../api/validate';
import { z } from 'zod';

describe('problem answers', () => {
  it('keeps an HttpProblem as it is, with its field errors', () => {
    expect(toProblem(notFound('cadre', 'cadreId'))).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'no cadre with this id',
      errors: [{ path: 'cadreId', message: 'no cadre with this id' }],
    });
  });

  it('leaves out an empty errors list', () => {
    expect(toProblem(new HttpProblem(409, catalogued('taken', 'đã có'), []))).not.toHaveProperty('errors');
  });

  it.each([
    ['conflict', 409],
    ['rule', 422],
    ['forbidden', 403],
  ] as const)('answers a %s refusal of the domain with %i', (kind, status) => {
    const answer = toProblem(new Refusal(kind, catalogued('refused', 'bị từ chối'), 'termMonths'));
    expect(answer.status).toBe(status);
    expect(answer.detail).toBe('refused');
    expect(answer.errors).toEqual([{ path: 'termMonths', message: 'refused' }]);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', () => {
    expect(toProblem(Object.assign(new SyntaxError('Unexpected token'), { status: 400, type: 'entity.parse.failed' })).status).toBe(400);
    expect(toProblem(Object.assign(new Error('too large'), { status: 413, type: 'entity.too.large' })).status).toBe(413);
  });

  it('answers a path that does not decode, and any other request the HTTP layer could not read, with its 4xx', () => {
    const undecodable = Object.assign(new URIError("Failed to decode param '%E0%A4%A'"), { status: 400 });
    expect(toProblem(undecodable)).toMatchObject({ status: 400, detail: 'the path is not valid percent-encoded UTF-8' });
    expect(toProblem(Object.assign(new Error('request aborted'), { status: 400, type: 'request.aborted' }))).toMatchObject({
      status: 400,
      detail: 'the request could not be read',
    });
    expect(toProblem(Object.assign(new Error('boom'), { status: 503 })).status).toBe(500);
  });

  it('answers 503 when the database did not answer in time or could not be reached', () => {
    const known = (code: string, cause?: object) =>
      new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: 'test', meta: cause ? { driverAdapterError: { name: 'DriverAdapterError', cause } } : undefined });
    for (const err of [
      known('P1001', { kind: 'DatabaseNotReachable', host: 'db', port: 5432 }),
      known('P2039', { kind: 'postgres', code: '57014', message: 'canceling statement due to statement timeout' }),
      known('P2010', { kind: 'ConnectionClosed' }),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      expect(toProblem(err)).toMatchObject({ status: 503, detail: 'the database did not answer in time; try again' });
    }
  });

  it('leaves other database errors to the 500 answer', () => {
    const unique = new Prisma.PrismaClientKnownRequestError('failed', { code: 'P2002', clientVersion: 'test' });
    const syntax = new Prisma.PrismaClientKnownRequestError('failed', {
      code: 'P2010',
      clientVersion: 'test',
      meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '42601', message: 'syntax error' } } },
    });
    expect([toProblem(unique).status, toProblem(syntax).status]).toEqual([500, 500]);
  });

  it('never shows an unexpected error', () => {
    const answer = toProblem(new Error('password=hunter2 at db.ts:12'));
    expect(answer).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'an unexpected error occurred' });
  });
});

describe('field paths of validation errors', () => {
  const schema = z.object({
    body: z.object({ termMonths: z.number(), concerns: z.array(z.object({ type: z.enum(['age']) })) }),
  });

  it('names the field as the client sent it, without the request part', () => {
    const result = schema.safeParse({ body: { termMonths: 'x', concerns: [{ type: 'age' }, { type: 'weather' }] } });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!.issues).map((e) => e.path)).toEqual(['termMonths', 'concerns.1.type']);
  });

  it('names the part itself when it is missing', () => {
    const result = schema.safeParse({});
    expect(fieldErrors(result.error!.issues).map((e) => e.path)).toEqual(['body']);
  });
});
