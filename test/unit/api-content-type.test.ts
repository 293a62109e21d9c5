import type { Request } from 'express';
import { JSON_MEDIA_TYPES, checkBodyMediaType } from '../../api/content-type';
import { HttpProblem } from '../../api/problem';

function request(method: string, headers: Record<string, string> = {}): Request {
  return { method, get: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
}

function statusOf(req: Request, accepted: readonly string[] = JSON_MEDIA_TYPES): number {
  try {
    checkBodyMediaType(req, accepted);
    return 0;
  } catch (err) {
    return err instanceof HttpProblem ? err.status : -1;
  }
}

describe('the media type a body must have', () => {
  it('takes JSON and +json types, whatever their case or parameters', () => {
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/problem+json', 'application/vnd.cadre+json']) {
      expect(statusOf(request('POST', { 'content-type': type, 'content-length': '2' }))).toBe(0);
    }
  });

  it('refuses other types, and a body without a type, with 415', () => {
    expect(statusOf(request('PUT', { 'content-type': 'text/plain', 'content-length': '2' }))).toBe(415);
    expect(statusOf(request('PATCH', { 'content-type': 'application/jsonp', 'content-length': '2' }))).toBe(415);
    expect(statusOf(request('POST', { 'content-length': '2' }))).toBe(415);
    expect(statusOf(request('POST', { 'transfer-encoding': 'chunked' }))).toBe(415);
  });

  it('lets through a request without body or type, and one that takes no body', () => {
    expect(statusOf(request('POST'))).toBe(0);
    expect(statusOf(request('POST', { 'content-length': '0' }))).toBe(0);
    expect(statusOf(request('GET', { 'content-type': 'text/plain' }))).toBe(0);
  });

  it('is decided per endpoint: an upload takes multipart/form-data and no JSON', () => {
    const upload = ['multipart/form-data'];
    expect(statusOf(request('POST', { 'content-type': 'multipart/form-data; boundary=----x', 'content-length': '9' }), upload)).toBe(0);
    expect(statusOf(request('POST', { 'content-type': 'application/json', 'content-length': '2' }), upload)).toBe(415);
  });
});
