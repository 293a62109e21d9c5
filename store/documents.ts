// The documents of cases' dossiers: their bytes in PostgreSQL, one row per distinct upload, so
// sending the same upload again finds the row it made.
import { createHash, randomUUID } from 'node:crypto';
import type { DocumentKind } from '../domain/types';
import type { CaseDocument, PrismaClient } from '../generated/prisma/client';
import { isUniqueViolation } from './prisma-errors';

export interface NewDocument {
  caseId: string;
  kind: DocumentKind;
  number: string | null;
  /** YYYY-MM-DD, or null. */
  issuedAt: string | null;
  contentType: string;
  bytes: Uint8Array;
  uploadedBy: string;
}

export type StoredDocument = Omit<CaseDocument, 'bytes'>;

const WITHOUT_BYTES = {
  id: true,
  caseId: true,
  uploadKey: true,
  kind: true,
  number: true,
  issuedAt: true,
  contentType: true,
  size: true,
  sha256: true,
  uploadedBy: true,
  createdAt: true,
} as const;

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Stores the document, or finds the row the same upload made before. */
export async function storeDocument(prisma: PrismaClient, document: NewDocument): Promise<StoredDocument> {
  const sha256 = sha256Of(document.bytes);
  const uploadKey = sha256Of(Buffer.from(JSON.stringify([document.kind, document.number, document.issuedAt, sha256])));
  const where = { caseId_uploadKey: { caseId: document.caseId, uploadKey } };
  const earlier = await prisma.caseDocument.findUnique({ where, select: WITHOUT_BYTES });
  if (earlier) return earlier;
  try {
    return await prisma.caseDocument.create({
      data: {
        id: randomUUID(),
        caseId: document.caseId,
        uploadKey,
        kind: document.kind,
        number: document.number,
        issuedAt: document.issuedAt === null ? null : new Date(`${document.issuedAt}T00:00:00Z`),
        contentType: document.contentType,
        size: document.bytes.byteLength,
        sha256,
        bytes: document.bytes as Uint8Array<ArrayBuffer>,
        uploadedBy: document.uploadedBy,
      },
      select: WITHOUT_BYTES,
    });
  } catch (err) {
    // The same upload, sent twice at once: the other request stored it.
    if (!isUniqueViolation(err)) throw err;
    return prisma.caseDocument.findUniqueOrThrow({ where, select: WITHOUT_BYTES });
  }
}

/** A document with its bytes; null when there is none with this id. */
export function findDocument(prisma: PrismaClient, id: string): Promise<CaseDocument | null> {
  return prisma.caseDocument.findUnique({ where: { id } });
}
