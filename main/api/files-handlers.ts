// The operations for holdings saved as files (see files-contract.ts): folder import jobs,
// certificate OCR and adding, hand-typed fields, platform exit facts. OCR and the folder
// importer load on first use, so opening a library never pays for them.
import { rm } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { z } from 'zod';
import type { Contract, OpOutput } from './contract.js';
import type { ApiContext } from './handlers.js';
import { getAccount, listPlatforms } from '../core/db/accounts.js';
import { getItem } from '../core/db/items.js';
import { updatePlatform } from '../core/db/platform-updates.js';
import { HoldfastError, notFound } from '../core/errors.js';
import { checkFields } from '../core/ocr/certificate-fields.js';
import { STAGING_DIR } from '../core/connectors/files/import-folder.js';

type Input<N extends keyof Contract> = z.output<Contract[N]['input']>;

function fullPath(path: string, field: string): string {
  if (!isAbsolute(path)) throw new HoldfastError('invalid_input', `${field}: give a full path (${JSON.stringify(path)} is relative)`);
  return path;
}

const jobs = async (ctx: ApiContext) => (await import('../core/connectors/files/import-jobs.js')).fileImportJobsFor(ctx.library, ctx.events);

export const filesHandlers = {
  'files.import': async (ctx: ApiContext, input: Input<'files.import'>): Promise<OpOutput<'files.import'>> => {
    const dir = fullPath(input.dir, 'dir');
    try {
      const { jobId, summary } = await (await jobs(ctx)).run(
        { dir, platform: input.platform, account: input.account, platformStatus: input.platformStatus, ocr: input.ocr },
        input.jobId,
      );
      return { jobId, ...summary };
    } finally {
      // A folder uploaded from a browser (staged in the library) has served its purpose.
      const staged = relative(join(ctx.library.dir, STAGING_DIR), dir);
      if (staged && !staged.startsWith('..') && !isAbsolute(staged)) await rm(dir, { recursive: true, force: true });
    }
  },
  'files.cancel': async (ctx: ApiContext, input: Input<'files.cancel'>): Promise<OpOutput<'files.cancel'>> => ({
    cancelled: (await jobs(ctx)).cancel(input.jobId),
  }),
  'certificates.extract': async (_ctx: ApiContext, input: Input<'certificates.extract'>): Promise<OpOutput<'certificates.extract'>> => {
    const { extractCertificates } = await import('../core/connectors/files/certificate-import.js');
    const results = await extractCertificates(input.paths.map((p, i) => fullPath(p, `paths[${i}]`)));
    return results.map(({ path, error, result }) => ({
      path,
      error,
      result: result && {
        ...result,
        fields: Object.fromEntries(
          Object.entries(result.fields).map(([name, f]) => [name, { ...f, source: { kind: 'ocr' as const, file: result.fileName, sha256: result.sha256 } }]),
        ) as unknown as NonNullable<OpOutput<'certificates.extract'>[number]['result']>['fields'],
      },
    }));
  },
  'certificates.add': async (ctx: ApiContext, input: Input<'certificates.add'>): Promise<OpOutput<'certificates.add'>> => {
    const { addCertificate } = await import('../core/connectors/files/certificate-import.js');
    const added = await addCertificate(ctx.library, {
      image: fullPath(input.image, 'image'),
      fields: input.fields,
      platform: input.platform,
      account: input.account,
      platformStatus: input.platformStatus,
    });
    ctx.events.emit({ type: 'library.changed' });
    return added;
  },
  'items.update': async (ctx: ApiContext, input: Input<'items.update'>): Promise<OpOutput<'items.update'>> => {
    const { library } = ctx;
    const item = getItem(library.db, input.id, (sha) => library.blobs.pathOf(sha));
    if (!item) throw notFound(`item ${JSON.stringify(input.id)}`);
    if (getAccount(library.db, item.accountId)?.kind !== 'files') {
      throw new HoldfastError('invalid_input', `${item.name} was synced from its source; only imported items (files accounts) are edited by hand — the next sync would undo the change`);
    }
    const { values } = checkFields(input.fields);
    const { typeItemFields } = await import('../core/connectors/files/write-item.js');
    typeItemFields(library.db, item.id, values);
    ctx.events.emit({ type: 'library.changed' });
    return getItem(library.db, item.id, (sha) => library.blobs.pathOf(sha))!;
  },
  'platforms.update': (ctx: ApiContext, input: Input<'platforms.update'>): OpOutput<'platforms.update'> => {
    const { id, ...update } = input;
    if (!updatePlatform(ctx.library.db, id, update)) throw notFound(`platform ${JSON.stringify(id)}`);
    ctx.events.emit({ type: 'library.changed' });
    return listPlatforms(ctx.library.db).find((p) => p.id === id)!;
  },
};
