// Certificate screenshots → items. `extract` reads the fields (OCR) and remembers what it read
// for each image (by hash); `add` stores the screenshot as L1 evidence and writes the item with
// the fields the user confirmed. Each field's source is decided here, never taken from the
// caller: a value equal to what OCR read is "OCR of file X with confidence c"; any other value
// is "typed by the user" (with what OCR had read). Fields nobody gave stay null.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { sniffMime } from '../../blob/mime.js';
import { HoldfastError } from '../../errors.js';
import type { Library } from '../../library.js';
import { CERTIFICATE_FIELDS, checkFields, type CertificateValues } from '../../ocr/certificate-fields.js';
import { extractCertificate, type CertificateExtraction } from '../../ocr/extract-certificate.js';
import { nowIso } from '../../time.js';
import { ensureFilesAccount, type FilesAccountInput } from './files-account.js';
import { externalIdFor, writeImportedItem, type FieldSources } from './write-item.js';

const MAX_REMEMBERED = 64;
const remembered = new Map<string, CertificateExtraction>();

function remember(e: CertificateExtraction): void {
  remembered.delete(e.sha256);
  remembered.set(e.sha256, e);
  while (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
}

export async function extractCertificates(paths: string[]): Promise<Array<{ path: string; error: string | null; result: CertificateExtraction | null }>> {
  const out = [];
  for (const path of paths) {
    try {
      const result = await extractCertificate(path);
      remember(result);
      out.push({ path, error: null, result });
    } catch (error) {
      out.push({ path, error: error instanceof Error ? error.message : String(error), result: null });
    }
  }
  return out;
}

/** Problems by field, as one message a person can act on. */
export function fieldProblemsMessage(problems: Record<string, string>): string {
  return Object.entries(problems)
    .map(([field, message]) => `${field}: ${message}`)
    .join('; ');
}

export interface AddCertificateInput extends FilesAccountInput {
  image: string;
  /** The values the user confirmed; a field left out takes what OCR read. null clears it. */
  fields: CertificateValues;
}

export async function addCertificate(library: Library, input: AddCertificateInput) {
  const checked = checkFields(input.fields);
  if (Object.keys(checked.problems).length) throw new HoldfastError('invalid_input', fieldProblemsMessage(checked.problems));
  let bytes: Buffer;
  try {
    bytes = await readFile(input.image);
  } catch (error) {
    throw new HoldfastError('not_found', `cannot read ${input.image}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const read = remembered.get(sha256) ?? (await extractCertificate(input.image));
  remember(read);
  const fileName = basename(input.image);
  const at = nowIso();
  const fields: CertificateValues = {};
  const sources: FieldSources = {};
  for (const f of CERTIFICATE_FIELDS) {
    const ocr = read.fields[f];
    const ocrSource = { kind: 'ocr' as const, file: fileName, sha256, confidence: ocr.confidence };
    const given = checked.values[f];
    const value = given === undefined ? ocr.value : given;
    fields[f] = value;
    if (value === null) continue;
    sources[f] = value === ocr.value ? ocrSource : { kind: 'user', at, previous: { value: ocr.value, source: ocr.value === null ? null : ocrSource } };
  }
  const blob = await library.blobs.put(bytes);
  const mime = await sniffMime(bytes.subarray(0, 4100));
  if (!mime.startsWith('image/')) throw new HoldfastError('invalid_input', `${fileName} is not a picture (${mime})`);
  const account = ensureFilesAccount(library.db, input);
  const written = writeImportedItem(library.db, account, {
    externalId: externalIdFor(fields, sha256, fileName),
    fallbackName: fileName.replace(/\.[^.]+$/, ''),
    fields,
    fieldSources: sources,
    mediaType: 'other',
    files: [{ role: 'certificate', sha256, mime, size: blob.size, fileName }],
    evidence: [
      {
        kind: 'certificate-capture',
        level: 1,
        file: { sha256, mime, size: blob.size },
        summary: {
          source: 'files',
          captured: 'screenshot',
          file: fileName,
          ocr: Object.fromEntries(CERTIFICATE_FIELDS.map((f) => [f, { value: read.fields[f].value, raw: read.fields[f].raw, confidence: read.fields[f].confidence }])),
          pageConfidence: read.pageConfidence,
          text: read.text,
          field_sources: sources,
        },
      },
    ],
    origin: { files: [{ path: fileName, sha256, role: 'certificate' }], sidecar: null },
  });
  return { itemId: written.id, outcome: written.outcome, accountId: account.accountId, platformId: account.platformId, fieldSources: sources };
}
