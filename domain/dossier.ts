// The dossier of a case before the vote (Nghị định 170, art. 35): which documents it must hold,
// and whether those it holds count. Which kinds are required is configuration; a case keeps the
// rules in force when it was proposed. Pure, no I/O, safe inside the workflow sandbox.
import { addMonths, localDate } from './calendar';
import { type Transition, next, requireStatus } from './case-transition';
import { Refusal } from './refusal';
import {
  CASE_STATUSES,
  DOCUMENT_KINDS,
  DOCUMENT_KIND_NAMES,
  type CaseState,
  type DocumentAddedInput,
  type DocumentKind,
  type DossierDocument,
  type DossierRules,
  ENDED_STATUSES,
} from './types';
import { type Wording, catalogued, inLanguage, listOf, refusalText } from './refusal-texts';

/** The rule a refused endorsement names when the dossier is not complete. */
export const DOSSIER_INCOMPLETE_RULE = 'dossier_incomplete';

/** Largest file a document may be, in bytes. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Most documents one case may hold (each one a line of its state). */
export const MAX_DOCUMENTS_PER_CASE = 100;

/** The national list, art. 35: the health certificate issued within the last 6 months. */
export const DEFAULT_DOSSIER_RULES: DossierRules = {
  required: ['nomination_report', 'personal_record', 'self_assessment', 'evaluations_3y', 'political_conclusion', 'asset_declaration', 'health_certificate'],
  maxAgeMonths: { health_certificate: 6 },
};

/** Cases proposed before the dossier was kept: nothing is required, so their endorsement is not gated. */
export const NO_DOSSIER_RULES: DossierRules = { required: [], maxAgeMonths: {} };

export interface DossierItem {
  kind: DocumentKind;
  required: boolean;
  status: 'missing' | 'provided';
  /** The newest document of the kind that counts. */
  documentId?: string;
}

export interface Dossier {
  items: DossierItem[];
  complete: boolean;
}

/** The document counts for its kind at `now`: one with a maximum age needs an issue date within it (and not after today). */
export function documentCounts(rules: DossierRules, document: DossierDocument, now: string): boolean {
  const months = rules.maxAgeMonths[document.kind];
  if (months === undefined) return true;
  if (document.issuedAt === null) return false;
  const today = localDate(now);
  const oldest = addMonths(`${today}T00:00:00Z`, -months).slice(0, 10);
  return document.issuedAt >= oldest && document.issuedAt <= today;
}

/** Every kind, required or not, with the newest document of it that counts. */
export function dossierOf(rules: DossierRules, documents: readonly DossierDocument[], now: string): Dossier {
  const items = DOCUMENT_KINDS.map((kind): DossierItem => {
    const counting = documents.filter((d) => d.kind === kind && documentCounts(rules, d, now));
    const newest = counting[counting.length - 1];
    return { kind, required: rules.required.includes(kind), status: newest ? 'provided' : 'missing', ...(newest ? { documentId: newest.id } : {}) };
  });
  return { items, complete: items.every((i) => !i.required || i.status === 'provided') };
}

/** The required kinds with no document that counts, each with why. */
export function missingDocuments(rules: DossierRules, documents: readonly DossierDocument[], now: string): string[] {
  return missingDocumentTexts(rules, documents, now).map((text) => inLanguage(text, 'en'));
}

function missingDocumentTexts(rules: DossierRules, documents: readonly DossierDocument[], now: string): (string | Wording)[] {
  return dossierOf(rules, documents, now)
    .items.filter((i) => i.required && i.status === 'missing')
    .map((i) => {
      const months = rules.maxAgeMonths[i.kind];
      const kind = catalogued(i.kind, DOCUMENT_KIND_NAMES[i.kind]);
      return months === undefined ? kind : refusalText('document_recent', { kind, months });
    });
}

/** 422 naming `dossier_incomplete` and what is missing, unless every required document is there. */
export function requireCompleteDossier(state: CaseState, now: string): void {
  const missing = missingDocumentTexts(state.dossierRules, state.documents, now);
  if (missing.length > 0) {
    throw new Refusal('rule', refusalText('dossier_incomplete', { missing: listOf(missing) }), 'dossier', DOSSIER_INCOMPLETE_RULE);
  }
}

/** The case already holds this document: telling it again changes nothing. */
export function holdsDocument(state: CaseState, documentId: string): boolean {
  return state.documents.some((d) => d.id === documentId);
}

/** Documents may be added in any status but an ended one (the vote minutes and the decision scan come later). */
const OPEN_STATUSES = CASE_STATUSES.filter((s) => !ENDED_STATUSES.includes(s));

/** The API stored a document of the case: the case holds it from now on. */
export function addDocument(state: CaseState, input: DocumentAddedInput, now: string): Transition {
  requireStatus(state, 'adding a document', ...OPEN_STATUSES);
  if (state.documents.length >= MAX_DOCUMENTS_PER_CASE) {
    throw new Refusal('rule', refusalText('dossier_full', { max: MAX_DOCUMENTS_PER_CASE }), 'file');
  }
  const document: DossierDocument = { id: input.documentId, kind: input.kind, issuedAt: input.issuedAt, addedAt: now };
  return {
    state: next(state, { documents: [...state.documents, document] }),
    event: { action: 'document_added', actor: input.actor, detail: { documentId: input.documentId, kind: input.kind, issuedAt: input.issuedAt } },
  };
}

/** The file types a document may be, by the magic bytes they begin with. */
const SIGNATURES: readonly { contentType: DocumentContentType; magic: readonly number[] }[] = [
  { contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** What the content is, from its first bytes, whatever its name or declared type say; null for anything else (an executable, a script, HTML). */
export function detectContentType(bytes: Uint8Array): DocumentContentType | null {
  return SIGNATURES.find((s) => s.magic.length <= bytes.length && s.magic.every((b, i) => bytes[i] === b))?.contentType ?? null;
}
