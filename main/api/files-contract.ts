// The table's operations for holdings saved as files: importing a folder (a job with progress),
// reading certificate screenshots (OCR), adding a certificate as an item, correcting certificate
// fields by hand, and recording what is known about a platform's exit. Spread into `contract`
// in contract.ts. Pure zod, like contract.ts: safe to import from the renderer.
import { z } from 'zod';
import { CERTIFICATE_FIELDS, checkFields, type CertificateValues } from '../core/ocr/certificate-fields.js';

export const CertificateFieldName = z.enum(CERTIFICATE_FIELDS);

const FieldValue = z.string().max(400).nullable().optional();

/** Certificate fields as a person typed or confirmed them: each is checked (hash formats,
 *  serial numbers, dates…) and the error names the field. null clears a field. */
export const CertificateFieldsInput = z
  .object({
    name: FieldValue,
    issuer: FieldValue,
    creator: FieldValue,
    issuedAt: FieldValue,
    serial: FieldValue,
    chain: FieldValue,
    contract: FieldValue,
    tokenId: FieldValue,
    txHash: FieldValue,
    owner: FieldValue,
  })
  .strict()
  .superRefine((fields, ctx) => {
    const { problems } = checkFields(fields as CertificateValues);
    for (const [field, message] of Object.entries(problems)) ctx.addIssue({ code: 'custom', path: [field], message });
  });

const FullPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'a path cannot contain a NUL character');
const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a job id is 1–64 letters, digits, "-" or "_"');
const PlatformName = z.string().trim().min(1).max(80);

/** What the user knows about a platform's exit. */
export const PlatformStatusInput = z
  .object({
    status: z.enum(['active', 'stopped', 'closed', 'unknown']).optional(),
    exitDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').nullable().optional(),
    notice: z.string().max(2000).nullable().optional(),
  })
  .strict();

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ExtractedField = z.object({
  value: z.string().nullable(),
  /** What OCR read, before checking (shown when the value did not check). */
  raw: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  problem: z.string().nullable(),
  source: z.object({ kind: z.literal('ocr'), file: z.string(), sha256: Sha256 }),
});

export const CertificateExtraction = z.object({
  path: z.string(),
  fileName: z.string(),
  sha256: Sha256,
  size: z.number().int(),
  mime: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  pageConfidence: z.number(),
  lowConfidence: z.boolean(),
  text: z.array(z.string()),
  fields: z.record(CertificateFieldName, ExtractedField),
});
export type CertificateExtraction = z.infer<typeof CertificateExtraction>;

/** Where one field of an item came from (stored in the item's metadata as fieldSources). */
export const FieldSource = z.object({ kind: z.enum(['ocr', 'sidecar', 'file-name', 'user']) }).passthrough();

const ImportProblem = z.object({ file: z.string(), message: z.string() });

export const FilesImportSummary = z.object({
  jobId: z.string(),
  accountId: z.string(),
  platformId: z.string(),
  runId: z.number().int(),
  status: z.enum(['done', 'cancelled', 'failed']),
  items: z.number().int(),
  itemsAdded: z.number().int(),
  itemsUpdated: z.number().int(),
  itemsUnchanged: z.number().int(),
  filesStored: z.number().int(),
  filesAlreadyStored: z.number().int(),
  bytesStored: z.number().int(),
  duplicateItems: z.number().int(),
  problems: z.array(ImportProblem),
});
export type FilesImportSummary = z.infer<typeof FilesImportSummary>;

export const FilesProgress = z.object({
  type: z.literal('files.progress'),
  jobId: z.string(),
  dir: z.string(),
  phase: z.enum(['scanning', 'importing', 'done', 'failed', 'cancelled']),
  filesTotal: z.number().int(),
  filesDone: z.number().int(),
  bytesTotal: z.number(),
  bytesDone: z.number(),
  bytesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  itemsAdded: z.number().int(),
  itemsUpdated: z.number().int(),
  problems: z.number().int(),
  currentFile: z.string().nullable(),
});

export function filesOperations<P extends z.ZodType, I extends z.ZodType>(Platform: P, ItemDetail: I) {
  return {
    /** Imports a folder of saved media, certificates and sidecars into a files account of the
     *  platform (created if new). Answers when done; progress comes as `files.progress`. */
    'files.import': {
      input: z
        .object({
          dir: FullPath,
          platform: PlatformName.optional(),
          account: z.string().trim().min(1).max(80).optional(),
          platformStatus: PlatformStatusInput.optional(),
          /** Read certificate screenshots with OCR for fields no sidecar gives (slower). */
          ocr: z.boolean().optional(),
          jobId: JobId.optional(),
        })
        .strict(),
      output: FilesImportSummary,
    },
    'files.cancel': {
      input: z.object({ jobId: JobId.optional() }).strict().default({}),
      output: z.object({ cancelled: z.number().int() }),
    },
    /** Reads certificate screenshots (OCR, Chinese and English); each field with its value,
     *  confidence and source. One unreadable image does not fail the others. */
    'certificates.extract': {
      input: z.object({ paths: z.array(FullPath).min(1).max(50) }).strict(),
      output: z.array(z.object({ path: z.string(), error: z.string().nullable(), result: CertificateExtraction.nullable() })),
    },
    /** Adds (or updates) the item a certificate screenshot describes, with the fields the user
     *  confirmed; the screenshot is kept as L1 evidence. */
    'certificates.add': {
      input: z
        .object({
          image: FullPath,
          fields: CertificateFieldsInput,
          platform: PlatformName,
          account: z.string().trim().min(1).max(80).optional(),
          platformStatus: PlatformStatusInput.optional(),
        })
        .strict(),
      output: z.object({
        itemId: z.string(),
        outcome: z.enum(['added', 'updated', 'unchanged']),
        accountId: z.string(),
        platformId: z.string(),
        fieldSources: z.record(z.string(), FieldSource),
      }),
    },
    /** Certificate fields corrected by hand (imported items only): checked, and recorded as
     *  typed by the user together with what each replaced. */
    'items.update': {
      input: z.object({ id: z.string().min(1).max(400), fields: CertificateFieldsInput }).strict(),
      output: ItemDetail,
    },
    /** What the user knows about a platform: its status, exit date and notice. */
    'platforms.update': {
      input: PlatformStatusInput.extend({ id: z.string().min(1).max(200) }).strict(),
      output: Platform,
    },
  } as const;
}
