// Restores a provenance bundle into a library, merging without duplicates: items are keyed by
// account + external id (their id), files by content hash, platforms and accounts are created
// when missing. Nothing is written before the whole bundle has been verified (a hostile or
// damaged one is refused with the reason); files then go through the blob store, which checks
// each one's hash again as it lands, and the catalog changes in one transaction.
import { statfs } from 'node:fs/promises';
import { upsertAccount, upsertPlatform } from '../db/accounts.js';
import {
  accountExists,
  hasEvidence,
  insertRestoredEvidence,
  insertRestoredItem,
  itemExists,
  platformExists,
  refreshEvidenceLevel,
} from '../db/bundle-restore.js';
import { attachFile } from '../db/items.js';
import { HoldfastError } from '../errors.js';
import type { Library } from '../library.js';
import type { BagLimits } from './bag-source.js';
import { noProgress, throwIfCancelled, type BundleProgress, type ProgressSink } from './progress.js';
import { verifyBundleKeepingOpen, type BundleReport } from './verify-bundle.js';

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  limits?: BagLimits;
}

export interface ImportResult {
  items: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Files written to the blob store (the others were there already). */
  files: number;
  bytes: number;
  report: BundleReport;
}

export async function importBundle(library: Library, path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const onProgress = options.onProgress ?? noProgress;
  const { report, holdings, source, entryByPath } = await verifyBundleKeepingOpen(path, options);
  try {
    if (!report.intact || !holdings) {
      const shown = report.problems.slice(0, 8);
      throw new HoldfastError(
        'invalid_input',
        `refused ${path}: it did not pass verification, so nothing was imported:\n  ${shown.join('\n  ')}${report.problems.length > shown.length ? `\n  … and ${report.problems.length - shown.length} more` : ''}`,
      );
    }
    const { db, blobs } = library;

    // Every blob the bundle has that the library lacks, once.
    const wanted = new Map<string, { path: string; size: number }>();
    for (const item of holdings.items) {
      for (const f of [...item.files, ...item.evidence.flatMap((e) => (e.file ? [e.file] : []))]) {
        if (!blobs.has(f.sha256) && !wanted.has(f.sha256)) wanted.set(f.sha256, { path: `data/${f.path}`, size: f.size });
      }
    }
    const progress: BundleProgress = {
      phase: 'importing',
      filesDone: 0,
      filesTotal: wanted.size,
      bytesDone: 0,
      bytesTotal: [...wanted.values()].reduce((n, w) => n + w.size, 0),
      current: null,
    };
    const free = await freeBytes(library.dir);
    if (free !== null && progress.bytesTotal > free) {
      throw new HoldfastError('invalid_input', `refused ${path}: it needs ${progress.bytesTotal} bytes of new files but the library's disk has ${free} free`);
    }
    onProgress({ ...progress });
    let lastReport = 0;
    for (const [sha256, want] of wanted) {
      throwIfCancelled(options.signal);
      progress.current = want.path;
      const stream = await source.open(entryByPath.get(want.path)!);
      const counted = async function* () {
        for await (const chunk of stream) {
          progress.bytesDone += (chunk as Buffer).length;
          if (Date.now() - lastReport >= 100) {
            lastReport = Date.now();
            onProgress({ ...progress });
          }
          yield chunk as Buffer;
        }
      };
      // The blob store re-hashes as it writes: bytes that changed since the check are rejected.
      await blobs.putStream(counted(), { expectedSha256: sha256, expectedSize: want.size });
      progress.filesDone++;
    }
    throwIfCancelled(options.signal);

    // The catalog, all or nothing.
    const evidenceOutcomes = new Map(report.items.map((row) => [row.id, row.evidence]));
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    db.transaction(() => {
      for (const p of holdings.platforms) if (!platformExists(db, p.id)) upsertPlatform(db, p);
      for (const a of holdings.accounts) if (!accountExists(db, a.id)) upsertAccount(db, { id: a.id, kind: a.kind, platformId: a.platform, name: a.name });
      for (const item of holdings.items) {
        const existed = itemExists(db, item.id);
        if (!existed) insertRestoredItem(db, item);
        let changed = false;
        for (const f of item.files) {
          if (attachFile(db, item.id, { role: f.role, sha256: f.sha256, mime: f.mime, size: f.size, fileName: f.fileName, sourceUrl: f.sourceUrl })) changed = true;
        }
        const outcomes = evidenceOutcomes.get(item.id) ?? [];
        item.evidence.forEach((e, n) => {
          if (hasEvidence(db, item.id, e)) return;
          // Keep the check the exporting library recorded, unless it fails here and now.
          const outcome = outcomes[n];
          const failed = outcome?.outcome === 'failed';
          insertRestoredEvidence(db, item.id, e, failed ? false : e.verified, failed ? outcome.detail : e.verifyMessage);
          changed = true;
        });
        refreshEvidenceLevel(db, item.id);
        if (!existed) added++;
        else if (changed) updated++;
        else unchanged++;
      }
    })();
    progress.phase = 'done';
    progress.current = null;
    onProgress({ ...progress });
    return { items: holdings.items.length, added, updated, unchanged, files: wanted.size, bytes: progress.bytesTotal, report };
  } finally {
    source.close();
  }
}

async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}
