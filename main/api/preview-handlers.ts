// The preview operations of the table: what was built for an item (thumbnails, AR files, the
// phone link), and building them as a job with progress events and cancel.
import type { z } from 'zod';
import type { Contract, ItemFile, OpOutput } from './contract.js';
import type { ApiContext } from './handlers.js';
import { phoneUrl } from '../core/ar/phone-access.js';
import { generatedSource, thumbnailKey } from '../common/preview-sources.js';
import { previewRecords, previewSourceItem, type PreviewSourceFile } from '../core/db/previews.js';
import { notFound } from '../core/errors.js';
import { modelSource } from '../core/previews/build-previews.js';
import { previewJobsOf, type PreviewJobs } from '../core/previews/preview-jobs.js';

type Input<N extends keyof Contract> = z.output<Contract[N]['input']>;

/** The library's one preview queue (shared with the hand-off at the end of each sync). */
export function previewJobsFor(ctx: Pick<ApiContext, 'library' | 'events'>): PreviewJobs {
  return previewJobsOf(ctx.library, ctx.events);
}

export function previewsGet(ctx: ApiContext, { id }: Input<'previews.get'>): OpOutput<'previews.get'> {
  const { library } = ctx;
  const item = previewSourceItem(library.db, id);
  if (!item) throw notFound(`item ${JSON.stringify(id)}`);
  const toFile = (f: PreviewSourceFile | undefined): ItemFile | null =>
    f ? { role: f.role, sha256: f.sha256, mime: f.mime, size: f.size, fileName: f.fileName, sourceUrl: f.sourceUrl, path: library.blobs.pathOf(f.sha256) } : null;
  const generated = (key: string) => item.files.find((f) => f.sourceUrl === generatedSource(key));
  const glb = item.files.find((f) => f.role === 'ar-glb');
  const usdz = item.files.find((f) => f.role === 'ar-usdz');
  const records = previewRecords(library.db, id);
  const ar = records.find((r) => r.stage === 'ar');
  return {
    itemId: id,
    placeholder: records.find((r) => r.stage === 'thumbnail')?.placeholder ?? null,
    stages: records.map((r) => ({ stage: r.stage, status: r.status, source: r.source, message: r.message, builtAt: r.builtAt })),
    thumbnails: { small: toFile(generated(thumbnailKey('small'))), large: toFile(generated(thumbnailKey('large'))) },
    ar: {
      glb: toFile(glb),
      usdz: toFile(usdz),
      glbIsOriginal: Boolean(glb && glb.sha256 === modelSource(item)?.sha256),
      framed: Boolean(ar?.source?.startsWith('framed-artwork')),
    },
    phoneUrl: glb || usdz ? phoneUrl(library, id) : null,
  };
}

export function previewsBuild(ctx: ApiContext, input: Input<'previews.build'>): OpOutput<'previews.build'> {
  return { jobId: previewJobsFor(ctx).start({ itemIds: input.itemIds, rebuild: input.rebuild }) };
}

export function previewsJobs(ctx: ApiContext): OpOutput<'previews.jobs'> {
  return previewJobsFor(ctx).list();
}

export function previewsCancel(ctx: ApiContext, { jobId }: Input<'previews.cancel'>): OpOutput<'previews.cancel'> {
  return { cancelled: previewJobsFor(ctx).cancel(jobId) };
}
