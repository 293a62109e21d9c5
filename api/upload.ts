// A file sent as multipart/form-data: its text fields become the request's body, the file is
// read into memory up to its limit (a larger one is refused as soon as that is known, nothing
// kept), and its type is what its first bytes say, never what the client declares.
import busboy from 'busboy';
import type { Request } from 'express';
import { type DocumentContentType, DOCUMENT_CONTENT_TYPES, detectContentType } from '../domain/dossier';
import { sha256Of } from '../store/documents';
import { HttpProblem } from './problem';
import { type Wording, refusalText } from '../domain/refusal-texts';

/** The one file an endpoint takes, in the form field `field`. */
export interface UploadSpec {
  field: string;
  maxBytes: number;
}

export interface Upload {
  bytes: Buffer;
  sha256: string;
  contentType: DocumentContentType;
}

/** Room for the form's other fields and part headers around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const LIMITS = { files: 1, fields: 10, fieldSize: 4096, parts: 12 } as const;

function tooLarge(spec: UploadSpec): HttpProblem {
  return new HttpProblem(413, refusalText('file_too_large', { max: spec.maxBytes }), [{ path: spec.field, message: refusalText('file_larger_than', { max: spec.maxBytes }) }]);
}

function badForm(detail: Wording, path: string): HttpProblem {
  return new HttpProblem(400, detail, [{ path, message: detail }]);
}

/** Reads the form: its fields into `req.body`, its file answered. 400, 413 or 415 naming the field at fault. */
export async function readUpload(req: Request, spec: UploadSpec): Promise<Upload> {
  const declaredLength = Number(req.get('content-length'));
  if (Number.isFinite(declaredLength) && declaredLength > spec.maxBytes + FORM_OVERHEAD_BYTES) throw tooLarge(spec);
  let form: busboy.Busboy;
  try {
    form = busboy({ headers: req.headers, limits: { ...LIMITS, fileSize: spec.maxBytes } });
  } catch {
    throw badForm(refusalText('form_not_multipart'), 'Content-Type');
  }
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Buffer | null = null;
    let failed = false;
    const fail = (problem: HttpProblem) => {
      if (failed) return;
      failed = true;
      // Whatever is left of the body is read and dropped, so the answer still reaches the client.
      req.unpipe(form);
      req.resume();
      reject(problem);
    };
    form.on('file', (name, stream) => {
      if (name !== spec.field) {
        stream.resume();
        fail(badForm(refusalText('file_field', { field: spec.field }), name));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge(spec)));
      stream.on('end', () => {
        if (!stream.truncated) file = Buffer.concat(chunks);
      });
    });
    form.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) fail(badForm(refusalText('form_field_too_long', { max: LIMITS.fieldSize }), name));
      else fields[name] = value;
    });
    form.on('filesLimit', () => fail(badForm(refusalText('one_file_only'), spec.field)));
    form.on('fieldsLimit', () => fail(badForm(refusalText('form_too_many_fields', { max: LIMITS.fields }), 'body')));
    form.on('partsLimit', () => fail(badForm(refusalText('form_too_many_parts', { max: LIMITS.parts }), 'body')));
    form.on('error', () => fail(badForm(refusalText('form_unreadable'), 'body')));
    form.on('close', () => {
      if (failed) return;
      if (file === null) return fail(badForm(refusalText('file_required'), spec.field));
      req.body = fields;
      resolve(file);
    });
    req.pipe(form);
  });
  const contentType = detectContentType(bytes);
  if (contentType === null) {
    throw new HttpProblem(415, refusalText('file_type', { types: DOCUMENT_CONTENT_TYPES.join(', ') }), [{ path: spec.field, message: refusalText('file_type_none') }]);
  }
  return { bytes, sha256: sha256Of(bytes), contentType };
}
