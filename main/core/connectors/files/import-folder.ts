// Importing a folder of saved holdings: scan and group (scan-folder.ts), check each file, store
// its bytes once (the blob store is content-addressed), then write each item in one transaction.
// A broken file is recorded and left out; the import goes on. Progress is reported as counts,
// bytes, rate and ETA; a cancel stops between items, so no item is half written.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { stat } from 'node:fs/promises';
import type { FileRole } from '../../../api/contract.js';
import { mimeOfBlob, type EvidenceRecord } from '../../db/items.js';
import { externalIdByMainFile } from '../../db/platform-updates.js';
import { finishRun, startRun } from '../../db/sync-runs.js';
import { HoldfastError } from '../../errors.js';
import type { Library } from '../../library.js';
import { CERTIFICATE_FIELDS, type CertificateValues } from '../../ocr/certificate-fields.js';
import { checkFile } from './check-file.js';
import { mediaTypeOf } from './classify.js';
import { ensureFilesAccount, type FilesAccountInput } from './files-account.js';
import { scanFolder, type FileGroup, type ScanProblem, type ScannedFile } from './scan-folder.js';
import { externalIdFor, writeImportedItem, type FieldSources, type StoredFile } from './write-item.js';

export interface FolderImportOptions extends FilesAccountInput {
  dir: string;
  /** Read certificate screenshots with OCR to fill fields no sidecar gives (slower). */
  ocr?: boolean;
  /** At most one progress report per this many ms (the last one always comes). */
  progressIntervalMs?: number;
}

export interface FolderImportProgress {
  phase: 'scanning' | 'importing' | 'done' | 'failed' | 'cancelled';
  filesTotal: number;
  filesDone: number;
  bytesTotal: number;
  bytesDone: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
  itemsAdded: number;
  itemsUpdated: number;
  problems: number;
  currentFile: string | null;
}

export interface FolderImportSummary {
  accountId: string;
  platformId: string;
  runId: number;
  status: 'done' | 'cancelled' | 'failed';
  items: number;
  itemsAdded: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  filesStored: number;
  /** Files whose bytes the library already had (same content elsewhere): stored once. */
  filesAlreadyStored: number;
  bytesStored: number;
  /** Groups that turned out to be an item already imported in this run (the same bytes or token). */
  duplicateItems: number;
  problems: ScanProblem[];
}

import { STAGING_DIR } from './staging.js';
export { STAGING_DIR };

/** Groups checked and stored at the same time. */
const CONCURRENCY = 3;

const MAIN_ROLE_ORDER: FileRole[] = ['model', 'video', 'audio', 'image', 'animation', 'other'];

function putOnce(library: Library, inflight: Map<string, Promise<{ sha256: string; size: number; created: boolean }>>, sha256: string, path: string) {
  const put = library.blobs.putFile(path, { expectedSha256: sha256 });
  inflight.set(sha256, put);
  return put;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function roleOf(f: ScannedFile): FileRole {
  if (f.c.role === 'sidecar') return 'metadata';
  return f.c.role;
}

export async function importFolder(
  library: Library,
  options: FolderImportOptions,
  onProgress: (p: FolderImportProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<FolderImportSummary> {
  const root = options.dir;
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new HoldfastError('not_found', `folder ${root} was not found`);
  }
  if (!info.isDirectory()) throw new HoldfastError('invalid_input', `${root} is not a folder`);
  const inLibrary = relative(library.dir, root);
  const insideLibrary = inLibrary === '' || (!inLibrary.startsWith('..') && !isAbsolute(inLibrary));
  // Uploads from the browser are staged in the library's .staging folder: those may be imported.
  if (insideLibrary && !inLibrary.startsWith(`${STAGING_DIR}${sep}`)) {
    throw new HoldfastError('invalid_input', `${root} is inside the library itself; choose the folder where you saved your holdings`);
  }

  const account = ensureFilesAccount(library.db, options);
  const runId = startRun(library.db, account.accountId);
  const started = Date.now();
  const progress: FolderImportProgress = {
    phase: 'scanning', filesTotal: 0, filesDone: 0, bytesTotal: 0, bytesDone: 0, bytesPerSecond: 0, etaSeconds: null,
    itemsAdded: 0, itemsUpdated: 0, problems: 0, currentFile: null,
  };
  let lastEmit = 0;
  const emit = (force = false) => {
    const now = Date.now();
    if (!force && now - lastEmit < (options.progressIntervalMs ?? 100)) return;
    lastEmit = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    progress.bytesPerSecond = progress.bytesDone / seconds;
    progress.etaSeconds = progress.phase === 'importing' && progress.bytesPerSecond > 0 ? (progress.bytesTotal - progress.bytesDone) / progress.bytesPerSecond : null;
    onProgress({ ...progress });
  };
  emit(true);

  const summary: FolderImportSummary = {
    accountId: account.accountId, platformId: account.platformId, runId, status: 'done', items: 0, itemsAdded: 0, itemsUpdated: 0,
    itemsUnchanged: 0, filesStored: 0, filesAlreadyStored: 0, bytesStored: 0, duplicateItems: 0, problems: [],
  };
  const seenItems = new Set<string>();
  try {
    const scan = await scanFolder(root, signal, library.dir);
    summary.problems.push(...scan.problems);
    progress.filesTotal = scan.fileCount;
    progress.bytesTotal = scan.byteCount;
    progress.filesDone = scan.sidecarCount;
    progress.bytesDone = scan.sidecarBytes;
    progress.phase = 'importing';
    progress.problems = summary.problems.length;
    emit(true);
    // A few groups at a time: checking and hashing files waits on the disk and on libvips'
    // threads. Each item is still written in one synchronous transaction.
    const queue = [...scan.groups];
    const inflight = new Map<string, Promise<{ sha256: string; size: number; created: boolean }>>();
    const worker = async () => {
      while (queue.length && !signal?.aborted) {
        const group = queue.shift()!;
        progress.currentFile = group.files[0]?.rel ?? group.sidecar?.file.rel ?? group.title;
        emit();
        const staged = await stageGroup(library, inflight, group, options.ocr === true, summary, progress, emit, signal);
        if (!staged || signal?.aborted) continue;
        const { item, main } = staged;
        // The same picture met again (a copy in another folder) joins the item it already belongs to.
        const same = main ? externalIdByMainFile(library.db, account.accountId, main.sha256, main.role) : null;
        const written = writeImportedItem(library.db, account, same ? { ...item, externalId: same } : item);
        if (seenItems.has(written.id)) summary.duplicateItems++;
        else {
          seenItems.add(written.id);
          summary.items++;
          if (written.outcome === 'added') summary.itemsAdded++;
          else if (written.outcome === 'updated') summary.itemsUpdated++;
          else summary.itemsUnchanged++;
        }
        progress.itemsAdded = summary.itemsAdded;
        progress.itemsUpdated = summary.itemsUpdated;
        progress.problems = summary.problems.length;
        emit();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (signal?.aborted) summary.status = 'cancelled';
  } catch (error) {
    summary.status = signal?.aborted ? 'cancelled' : 'failed';
    if (!signal?.aborted) summary.problems.push({ file: '.', message: error instanceof Error ? error.message : String(error) });
  }
  finishRun(library.db, runId, summary.status, {
    itemsSeen: summary.items, itemsAdded: summary.itemsAdded, itemsUpdated: summary.itemsUpdated, itemsGone: 0,
    filesAdded: summary.filesStored, bytesAdded: summary.bytesStored,
    errors: summary.problems.map((p) => ({ item: p.file, message: p.message })),
  });
  progress.phase = summary.status;
  progress.currentFile = null;
  progress.problems = summary.problems.length;
  emit(true);
  return summary;
}

/** Checks and stores a group's files and turns it into an item (null when nothing usable is left). */
async function stageGroup(
  library: Library,
  inflight: Map<string, Promise<{ sha256: string; size: number; created: boolean }>>,
  group: FileGroup,
  ocr: boolean,
  summary: FolderImportSummary,
  progress: FolderImportProgress,
  emit: () => void,
  signal?: AbortSignal,
) {
  const stored: Array<StoredFile & { source: ScannedFile }> = [];
  for (const f of group.files) {
    if (signal?.aborted) return null;
    progress.currentFile = f.rel;
    try {
      // Bytes the library already has were checked when they came in: only hash them again.
      const sha256 = await hashFile(f.path);
      const knownMime = library.blobs.has(sha256) ? mimeOfBlob(library.db, sha256) : null;
      if (knownMime) {
        summary.filesAlreadyStored++;
        stored.push({ role: roleOf(f), sha256, mime: knownMime, size: f.size, fileName: f.rel.split('/').pop()!, source: f });
      } else {
        const { mime } = f.c.kind === 'json' || f.c.kind === 'csv' ? { mime: f.c.kind === 'json' ? 'application/json' : 'text/csv' } : await checkFile(f.path, f.c.kind);
        // Two copies of the same file checked at the same moment are stored once.
        const pending = inflight.get(sha256);
        const blob = pending ? { ...(await pending), created: false } : await putOnce(library, inflight, sha256, f.path);
        if (blob.created) {
          summary.filesStored++;
          summary.bytesStored += blob.size;
        } else summary.filesAlreadyStored++;
        stored.push({ role: roleOf(f), sha256: blob.sha256, mime, size: blob.size, fileName: f.rel.split('/').pop()!, source: f });
      }
    } catch (error) {
      summary.problems.push({ file: f.rel, message: error instanceof Error ? error.message : String(error) });
    }
    progress.filesDone++;
    progress.bytesDone += f.size;
    emit();
  }
  const sidecar = group.sidecar;
  if (sidecar) {
    for (const [field, message] of Object.entries(sidecar.record.problems)) summary.problems.push({ file: sidecar.file.rel, message: `${field}: ${message}` });
    if (sidecar.record.unknownKeys.length) summary.problems.push({ file: sidecar.file.rel, message: `keys this format does not know (ignored): ${sidecar.record.unknownKeys.join(', ')}` });
  }
  if (!stored.length && !sidecar) return null;

  const fields: CertificateValues = {};
  const sources: FieldSources = {};
  let sidecarBlob: { sha256: string; size: number } | null = null;
  if (sidecar) {
    sidecarBlob = await library.blobs.putFile(sidecar.file.path);
    for (const f of CERTIFICATE_FIELDS) {
      const v = sidecar.record.fields[f];
      if (!v) continue;
      fields[f] = v;
      sources[f] = { kind: 'sidecar', file: sidecar.file.rel, sha256: sidecarBlob.sha256 };
    }
    for (const extra of ['description', 'collection', 'acquiredAt'] as const) {
      if (sidecar.record[extra]) sources[extra] = { kind: 'sidecar', file: sidecar.file.rel, sha256: sidecarBlob.sha256 };
    }
    if (sidecar.record.attributes.length) sources.attributes = { kind: 'sidecar', file: sidecar.file.rel, sha256: sidecarBlob.sha256 };
  }

  const evidence: EvidenceRecord[] = [];
  for (const cert of stored.filter((s) => s.role === 'certificate')) {
    const ocrFields: Record<string, { value: string | null; confidence: number }> = {};
    if (ocr && cert.mime.startsWith('image/')) {
      try {
        const { extractCertificate } = await import('../../ocr/extract-certificate.js');
        const read = await extractCertificate(cert.source.path);
        for (const f of CERTIFICATE_FIELDS) {
          const r = read.fields[f];
          ocrFields[f] = { value: r.value, confidence: r.confidence };
          if (r.value === null || fields[f]) continue;
          fields[f] = r.value;
          sources[f] = { kind: 'ocr', file: cert.source.rel, sha256: cert.sha256, confidence: r.confidence };
        }
      } catch (error) {
        summary.problems.push({ file: cert.source.rel, message: `could not read the certificate: ${(error as Error).message}` });
      }
    }
    evidence.push({
      kind: 'certificate-capture',
      level: 1,
      file: { sha256: cert.sha256, mime: cert.mime, size: cert.size },
      summary: { source: 'files', file: cert.source.rel, captured: cert.mime.startsWith('image/') ? 'screenshot' : 'document', ocr: ocr ? ocrFields : null },
    });
  }
  if (sidecar && sidecarBlob) {
    // What the user (or a tool) wrote down: a claim, kept with its hash, not a capture.
    evidence.push({
      kind: 'certificate-sidecar',
      level: 0,
      file: { sha256: sidecarBlob.sha256, mime: sidecar.file.c.kind === 'csv' ? 'text/csv' : 'application/json', size: sidecarBlob.size },
      summary: { source: 'files', file: sidecar.file.rel, fields: sidecar.record.fields },
    });
  }
  for (const e of evidence) (e.summary as Record<string, unknown>).field_sources = sources;

  const main = MAIN_ROLE_ORDER.map((r) => stored.find((s) => s.role === r)).find(Boolean) ?? stored.find((s) => s.role === 'certificate') ?? null;
  if (!main && !sidecar) return null;
  if (main && main.source.c.kind === 'other' && !sidecar && !stored.some((s) => s.role === 'certificate')) {
    summary.problems.push({ file: main.source.rel, message: 'not a media file Holdfast knows (picture, 3D model, video, audio); left out' });
    return null;
  }
  const mediaType = mediaTypeOf(stored.filter((s) => s.role !== 'certificate' && s.role !== 'metadata').map((s) => s.source.c.kind));
  const item = {
    externalId: externalIdFor(fields, main?.sha256 ?? null, `${sidecar?.file.rel ?? ''}\n${group.title}`),
    fallbackName: group.title,
    fields,
    description: sidecar?.record.description ?? null,
    collection: sidecar?.record.collection ?? null,
    acquiredAt: sidecar?.record.acquiredAt ?? null,
    attributes: sidecar?.record.attributes ?? [],
    fieldSources: sources,
    mediaType,
    files: stored.map(({ source: _source, ...f }) => f),
    evidence,
    origin: { files: stored.map((s) => ({ path: s.source.rel, sha256: s.sha256, role: s.role })), sidecar: sidecar ? { path: sidecar.file.rel, sha256: sidecarBlob?.sha256 } : null },
  };
  return { item, main: main ? { sha256: main.sha256, role: main.role } : null };
}
