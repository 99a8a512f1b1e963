// The provenance-bundle operations of the table: export, verify, import (each a job with
// progress events and cancel) and cancel. Paths come from the user (a save dialog, a typed
// path, an upload the HTTP shell stored): they must be full paths, checked here.
import { existsSync, mkdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import type { Contract, OpOutput } from './contract.js';
import type { ApiContext } from './handlers.js';
import { bundleJobsFor } from '../core/bundle/jobs.js';
import type { BundleReport as CoreReport } from '../core/bundle/verify-bundle.js';
import { HoldfastError } from '../core/errors.js';

type Input<N extends keyof Contract> = z.output<Contract[N]['input']>;

/** Folder inside the library for exports made without a chosen path (the browser shell's
 *  downloads) and for uploaded bundles waiting to be imported. */
export const EXPORTS_DIR = 'exports';
export const UPLOADS_DIR = join(EXPORTS_DIR, 'uploads');

export function exportsDir(ctx: ApiContext): string {
  return join(ctx.library.dir, EXPORTS_DIR);
}

function fullPath(path: string, field: string): string {
  if (path.includes('\0')) throw new HoldfastError('invalid_input', `${field}: the path contains a NUL character`);
  if (!isAbsolute(path)) throw new HoldfastError('invalid_input', `${field}: give a full path (${JSON.stringify(path)} is relative)`);
  return path;
}

/** A file name for an export nobody named: holdfast-<date>[-n].zip, never over another file. */
function freshExportPath(dir: string): string {
  const day = new Date().toISOString().slice(0, 10);
  for (let n = 1; ; n++) {
    const candidate = join(dir, `holdfast-${day}${n === 1 ? '' : `-${n}`}.zip`);
    if (!existsSync(candidate)) return candidate;
  }
}

export function toApiReport(report: CoreReport, jobId: string): OpOutput<'bundle.verify'> {
  return {
    ok: report.ok,
    items: report.items.length,
    problems: report.problems,
    jobId,
    path: report.path,
    intact: report.intact,
    rows: report.items,
    bag: report.bag,
    summary: {
      validItems: report.summary.validItems,
      invalidItems: report.summary.invalidItems,
      evidenceVerified: report.summary.evidenceVerified,
      evidenceFailed: report.summary.evidenceFailed,
      evidenceUnverifiable: report.summary.evidenceUnverifiable,
      levels: report.summary.levels,
    },
  };
}

export async function bundleExport(ctx: ApiContext, input: Input<'bundle.export'>): Promise<OpOutput<'bundle.export'>> {
  const downloads = exportsDir(ctx);
  let out: string;
  if (input.out === undefined) {
    mkdirSync(downloads, { recursive: true });
    out = freshExportPath(downloads);
  } else out = fullPath(input.out, 'out');
  // Each job loads only its own part of the core: an export never loads the verifier's proof checks.
  const { exportBundle } = await import('../core/export/export-bundle.js');
  const { jobId, result } = await bundleJobsFor(ctx.events).run('export', input.jobId, (signal, onProgress) =>
    exportBundle(ctx.library, {
      out,
      accountId: input.accountId,
      query: input.query,
      itemIds: input.itemIds,
      collection: input.collection,
      holder: input.holder,
      overwrite: input.overwrite,
      signal,
      onProgress,
    }),
  );
  const inDownloads = join(downloads, basename(result.path)) === result.path;
  return {
    path: result.path,
    items: result.items,
    bytes: result.payloadBytes,
    jobId,
    files: result.files,
    zipBytes: result.zipBytes,
    downloadName: inDownloads ? basename(result.path) : null,
  };
}

export async function bundleVerify(ctx: ApiContext, input: Input<'bundle.verify'>): Promise<OpOutput<'bundle.verify'>> {
  const path = fullPath(input.path, 'path');
  const { verifyBundle } = await import('../core/bundle/verify-bundle.js');
  const { jobId, result } = await bundleJobsFor(ctx.events).run('verify', input.jobId, (signal, onProgress) => verifyBundle(path, { signal, onProgress }));
  return toApiReport(result, jobId);
}

export async function bundleImport(ctx: ApiContext, input: Input<'bundle.import'>): Promise<OpOutput<'bundle.import'>> {
  const path = fullPath(input.path, 'path');
  const { importBundle } = await import('../core/bundle/import-bundle.js');
  const { jobId, result } = await bundleJobsFor(ctx.events).run('import', input.jobId, (signal, onProgress) =>
    importBundle(ctx.library, path, { signal, onProgress }),
  );
  return {
    added: result.added,
    updated: result.updated,
    files: result.files,
    jobId,
    unchanged: result.unchanged,
    items: result.items,
    bytes: result.bytes,
    evidenceFailed: result.report.summary.evidenceFailed,
  };
}

export async function bundleChoosePath(ctx: ApiContext, input: Input<'bundle.choosePath'>): Promise<OpOutput<'bundle.choosePath'>> {
  if (!ctx.choosePath) return { path: null, native: false };
  const name = input.suggestedName ?? `holdfast-${new Date().toISOString().slice(0, 10)}.zip`;
  return { path: await ctx.choosePath(input.purpose, name), native: true };
}

export function bundleCancel(ctx: ApiContext, input: Input<'bundle.cancel'>): OpOutput<'bundle.cancel'> {
  return { cancelled: bundleJobsFor(ctx.events).cancel(input.jobId) };
}
