// What each operation of the table does, on the core. Inputs arrive already validated.
import type { z } from 'zod';
import type { Contract, OperationName, OpOutput } from './contract.js';
import { listAccounts, listPlatforms } from '../core/db/accounts.js';
import { getItem, libraryStats, listItems } from '../core/db/items.js';
import { listRuns } from '../core/db/sync-runs.js';
import { countFailedFiles, listFailedFiles } from '../core/db/sync-jobs.js';
import { notFound } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { Library } from '../core/library.js';
import type { SyncEngine } from '../core/sync/sync-engine.js';
import { HOLDFAST_VERSION } from '../core/version.js';
import { platformHandlers } from './platform-handlers.js';
import { filesHandlers } from './files-handlers.js';
import { bundleCancel, bundleChoosePath, bundleExport, bundleImport, bundleVerify } from './bundle-handlers.js';
import { addAccount } from '../core/connectors/add-account.js';
import { verifyItemEvidence } from '../core/proofs/verify-item.js';
import { previewsBuild, previewsCancel, previewsGet } from './preview-handlers.js';
import { chainsList, collectionsList, filesReveal, settingsGet, settingsSet } from './browse-handlers.js';

export interface ApiContext {
  library: Library;
  sync: SyncEngine;
  events: EventBus;
  shell: 'electron' | 'http';
  /** Shows a file in the system's file manager; only the Electron shell sets it. */
  revealFile?: (path: string) => void | Promise<void>;
  /** The system's save/open dialog for a bundle (null when cancelled); only Electron sets it. */
  choosePath?: (purpose: 'save' | 'open', suggestedName: string) => Promise<string | null>;
}

export type Handlers = {
  [N in OperationName]: (ctx: ApiContext, input: z.output<Contract[N]['input']>) => OpOutput<N> | Promise<OpOutput<N>>;
};

export const handlers: Handlers = {
  ...platformHandlers,
  ...filesHandlers,
  'app.info': ({ library, shell }) => ({
    name: 'Holdfast',
    version: HOLDFAST_VERSION,
    shell,
    libraryDir: library.dir,
    schemaVersion: library.schemaVersion,
    ...libraryStats(library.db),
  }),
  'items.list': ({ library }, input) => listItems(library.db, input),
  'items.get': ({ library }, { id }) => {
    const item = getItem(library.db, id, (sha) => library.blobs.pathOf(sha));
    if (!item) throw notFound(`item ${JSON.stringify(id)}`);
    return item;
  },
  'previews.get': previewsGet,
  'previews.build': previewsBuild,
  'previews.cancel': previewsCancel,
  'accounts.list': ({ library }) => listAccounts(library.db).map(({ config: _config, ...account }) => account),
  'platforms.list': ({ library }) => listPlatforms(library.db),
  'accounts.add': async ({ library, events }, input) => {
    const account = await addAccount(library, input);
    events.emit({ type: 'library.changed' });
    return account;
  },
  'evidence.verify': ({ library }, { itemId }) => verifyItemEvidence(library, itemId),
  'sync.start': ({ sync }, { accountId }) => ({ runIds: sync.start(accountId) }),
  'sync.cancel': ({ sync }, { runId }) => ({ cancelled: sync.cancel(runId) }),
  'sync.runs': ({ library }, { accountId, limit }) => listRuns(library.db, accountId, limit),
  'sync.pause': ({ sync }, { runId }) => ({ paused: sync.pause(runId) }),
  'sync.resume': ({ sync }, { runId }) => ({ resumed: sync.resume(runId) }),
  'sync.status': ({ sync }) => sync.status(),
  'sync.failures': ({ library }, { accountId, limit }) => ({
    total: countFailedFiles(library.db, accountId),
    files: listFailedFiles(library.db, accountId, limit),
  }),
  'bundle.export': bundleExport,
  'bundle.verify': bundleVerify,
  'bundle.import': bundleImport,
  'bundle.cancel': bundleCancel,
  'bundle.choosePath': bundleChoosePath,
  'collections.list': collectionsList,
  'chains.list': chainsList,
  'settings.get': settingsGet,
  'settings.set': settingsSet,
  'files.reveal': filesReveal,
};
