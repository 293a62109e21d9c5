// The dossier of a case: its documents uploaded, downloaded, and listed against the rules the
// case keeps. The workflow is told of each stored document and judges the endorsement by it.
import { z } from 'zod';
import { DOCUMENT_CONTENT_TYPES, MAX_DOCUMENT_BYTES, dossierOf } from '../../domain/dossier';
import { requireNotOwnCase } from '../../domain/duties';
import { DOCUMENT_KINDS, ENDED_STATUSES } from '../../domain/types';
import { findDocument, storeDocument } from '../../store/documents';
import { documentAdded } from '../../workflows/definitions';
import { mayAddDocument } from '../case-roles';
import { findCase } from '../../store/cases';
import { canSee, caseOr404, visibleCaseOr403 } from '../cases';
import { FileAnswer, endpoint } from '../endpoint';
import { conflict, forbidden, notFound } from '../problem';
import { idParams, line, pastCalendarDate } from '../schemas';
import { actorOf } from '../scope';
import { sendStep } from '../steps';
import { refusalText } from '../../domain/refusal-texts';

const FILE_FIELD = 'file';

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

const documentSchema = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  sha256: z.string().meta({ description: 'Of the bytes, hex.' }),
  size: z.number().int(),
  contentType: z.enum(DOCUMENT_CONTENT_TYPES).meta({ description: 'As detected from the content.' }),
});

const dossierSchema = z.object({
  items: z.array(
    z.object({
      kind: z.enum(DOCUMENT_KINDS),
      required: z.boolean(),
      status: z.enum(['missing', 'provided']),
      documentId: z.string().optional().meta({ description: 'The newest document of the kind that counts.' }),
    }),
  ),
  complete: z.boolean().meta({ description: 'Every required kind is provided: the case may be endorsed.' }),
});

export const documentEndpoints = [
  endpoint({
    method: 'post',
    path: '/v1/rotations/:id/documents',
    summary:
      'Attach a document to the case (organizer over the sending, receiving or deciding unit), as multipart/form-data: `file` (PDF, JPEG or PNG by its content, at most 10 MB), `kind`, `number?`, `issuedAt?`',
    description:
      "For an organizer over the case's sending, receiving or deciding unit who is not the rotated cadre. Stores the uploaded file and adds it to the case's dossier, where it counts toward the documents an endorsement requires.",
    tag: 'dossier',
    bodyMediaTypes: ['multipart/form-data'],
    upload: { field: FILE_FIELD, maxBytes: MAX_DOCUMENT_BYTES },
    request: z.object({
      params: idParams('rotation case'),
      body: z.object({
        kind: z.enum(DOCUMENT_KINDS),
        number: line('reference').optional().meta({ description: 'The document number, as written on it.' }),
        issuedAt: pastCalendarDate.optional().meta({ description: 'The day it was issued; a health certificate counts only with one within 6 months.' }),
      }),
    }),
    success: { status: 201, description: 'The document, stored and held by the case', schema: documentSchema },
    problems: [403, 404, 409, 413, 415, 422, 503],
    async handle({ params, body }, ctx) {
      const { prisma, temporal } = ctx.deps;
      const c = await caseOr404(prisma, params.id);
      requireNotOwnCase(ctx.user.cadreId, c.row.cadreId, 'adding a document to the dossier');
      if (!mayAddDocument(ctx.user, c)) throw forbidden(refusalText('document_adder'));
      if (ENDED_STATUSES.includes(c.state.status)) throw conflict(refusalText('case_closed_documents', { status: c.state.status }));
      const upload = ctx.upload!;
      const document = await storeDocument(prisma, {
        caseId: c.row.id,
        kind: body.kind,
        number: body.number ?? null,
        issuedAt: body.issuedAt ?? null,
        contentType: upload.contentType,
        bytes: upload.bytes,
        uploadedBy: ctx.user.id,
      });
      // The row is keyed by the upload: a repeat tells the case again, which then changes nothing.
      await sendStep(ctx, (updateId) =>
        temporal.workflow
          .getHandle(c.row.workflowId)
          .executeUpdate(documentAdded, { args: [{ documentId: document.id, kind: body.kind, issuedAt: body.issuedAt ?? null, actor: actorOf(ctx.user) }], updateId }),
      );
      return { id: document.id, kind: body.kind, sha256: document.sha256, size: document.size, contentType: upload.contentType };
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/documents/:id',
    summary: 'A document of a case you may see, as an attachment in its detected type',
    description:
      "For any user who may see the document's case (a role over either unit, the rotated cadre, a member of the deciding committee, a follow-up owner). Returns the stored file as an attachment; a document of a case they may not see is a 404.",
    tag: 'dossier',
    request: z.object({ params: idParams('document') }),
    success: { status: 200, description: 'The file', schema: z.string().meta({ format: 'binary' }), mediaTypes: DOCUMENT_CONTENT_TYPES },
    problems: [404],
    async handle({ params }, { user, deps: { prisma } }) {
      const document = await findDocument(prisma, params.id);
      const c = document && (await findCase(prisma, document.caseId));
      // Whether a document exists is itself not told to someone who may not see its case.
      if (!document || !c || !canSee(user, c)) throw notFound('document');
      return new FileAnswer(document.contentType, document.bytes, `${document.kind}-${document.id}.${EXTENSIONS[document.contentType] ?? 'bin'}`);
    },
  }),

  endpoint({
    method: 'get',
    path: '/v1/rotations/:id/dossier',
    summary: "The case's dossier: each kind of document, whether the case requires it, and whether one that counts is provided",
    description:
      'For any user who may see the case. Lists each kind of document, whether the case requires it and the document that counts, so that an organizer knows what is missing before endorsing.',
    tag: 'dossier',
    request: z.object({ params: idParams('rotation case') }),
    success: { status: 200, description: 'The dossier', schema: dossierSchema },
    problems: [403, 404],
    async handle({ params }, { user, deps: { prisma } }) {
      const c = await visibleCaseOr403(prisma, user, params.id);
      return dossierOf(c.state.dossierRules, c.state.documents, new Date().toISOString());
    },
  }),
];
