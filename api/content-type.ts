// A request body is read only in a media type its endpoint takes (JSON unless it names others);
// any other is refused with 415 rather than read as an empty body.
import type { Request } from 'express';
import { HttpProblem } from './problem';
import { refusalText } from '../domain/refusal-texts';

export const JSON_MEDIA_TYPES: readonly string[] = ['application/json', 'application/*+json'];

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** 415 unless the body is in one of `accepted` (`type/subtype`, or `type/*+suffix`); a POST with neither body nor Content-Type passes. */
export function checkBodyMediaType(req: Request, accepted: readonly string[]): void {
  if (!METHODS_WITH_BODY.has(req.method)) return;
  const declared = req.get('content-type');
  if (declared === undefined && !hasBody(req)) return;
  const mediaType = declared?.split(';')[0].trim().toLowerCase();
  if (mediaType && accepted.some((pattern) => matches(mediaType, pattern))) return;
  const sentAs = accepted.join(' or ');
  throw new HttpProblem(415, mediaType ? refusalText('media_type_wrong', { accepted: sentAs, given: mediaType }) : refusalText('media_type_missing', { accepted: sentAs }), [
    { path: 'Content-Type', message: mediaType ? refusalText('media_type_not_accepted', { given: mediaType }) : refusalText('missing') },
  ]);
}

function hasBody(req: Request): boolean {
  return req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
}

function matches(mediaType: string, pattern: string): boolean {
  const [type, subtype] = mediaType.split('/');
  const [patternType, patternSubtype] = pattern.split('/');
  if (subtype === undefined || type !== patternType) return false;
  return patternSubtype.startsWith('*') ? subtype.endsWith(patternSubtype.slice(1)) : subtype === patternSubtype;
}
