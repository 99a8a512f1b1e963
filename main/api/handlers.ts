// What each operation of the table does, on the core. Inputs arrive already validated.
import type { z } from 'zod';
import type { Contract, OperationName, OpOutput } from './contract.js';
import { listAccounts, listPlatforms } from '../core/db/accounts.js';
import { accountView, setAccountRpc } from '../core/connectors/evm/rpc-secrets.js';
import { getItem, libraryStats, listItems } from '../core/db/items.js';
import { listRuns } from '../core/db/sync-runs.js';
import { countFailedFiles, listFailedFiles } from '../core/db/sync-jobs.js';
import { notFound } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { Library } from '../core/library.js';
import type { SyncEngine } from '../core/sync/sync-engine.js';
import { HOLDFAST_VERSION } from '../core/version.js';

export interface ApiContext {
  library: Library;
  sync: SyncEngine;
  events: EventBus;
  shell: 'electron' | 'http';
  /** Shows a file in the system's file manager; only the Electron shell sets it. */
  revealFile?: (path: string) => void | Promise<void>;
  /** The system's save/open dialog for a bundle (null when cancelled); only Electron sets it. */
  choosePath?: (purpose: 'save' | 'open', suggestedName: string) => Promise<string | null>;
  /** Asks for another library folder and opens it (true when it did); only Electron sets it. */
  chooseLibrary?: () => Promise<boolean>;
}

export type Handlers = {
  [N in OperationName]: (ctx: ApiContext, input: z.output<Contract[N]['input']>) => OpOutput<N> | Promise<OpOutput<N>>;
};

// Each domain's implementation is imported the first time one of its operations is called:
// opening a library (every CLI command, both shells) then never pays for sharp, the 3D tools,
// viem, archiver or OCR that only some operations use. esbuild turns each import() into a chunk.
type AnyHandler = (ctx: ApiContext, input: never) => unknown;
type InputOf<H> = H extends (ctx: ApiContext, input: infer I) => unknown ? I : never;

/** Imports a module on first use and keeps it (a failed import is tried again next time). */
function onFirstUse<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

/** The operation `name` of a module loaded on first use; typed as the implementation is. */
function lazy<M extends { [K in Name]: AnyHandler }, Name extends keyof M>(load: () => Promise<M>, name: Name) {
  return async (ctx: ApiContext, input: InputOf<M[Name]>): Promise<Awaited<ReturnType<M[Name]>>> =>
    (await load())[name](ctx, input as never) as Awaited<ReturnType<M[Name]>>;
}

const platform = onFirstUse(async () => (await import('./platform-handlers.js')).platformHandlers);
const files = onFirstUse(async () => (await import('./files-handlers.js')).filesHandlers);
const previews = onFirstUse(() => import('./preview-handlers.js'));
const bundle = onFirstUse(() => import('./bundle-handlers.js'));
const browse = onFirstUse(() => import('./browse-handlers.js'));

export const handlers: Handlers = {
  'profiles.list': lazy(platform, 'profiles.list'),
  'profiles.import': lazy(platform, 'profiles.import'),
  'platform.signin.sendCode': lazy(platform, 'platform.signin.sendCode'),
  'platform.signin.verifyCode': lazy(platform, 'platform.signin.verifyCode'),
  'platform.signin.window': lazy(platform, 'platform.signin.window'),
  'platform.signout': lazy(platform, 'platform.signout'),
  'capture.start': lazy(platform, 'capture.start'),
  'capture.fromHar': lazy(platform, 'capture.fromHar'),
  'capture.save': lazy(platform, 'capture.save'),
  'files.import': lazy(files, 'files.import'),
  'files.cancel': lazy(files, 'files.cancel'),
  'certificates.extract': lazy(files, 'certificates.extract'),
  'certificates.add': lazy(files, 'certificates.add'),
  'items.update': lazy(files, 'items.update'),
  'platforms.update': lazy(files, 'platforms.update'),
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
  'previews.get': lazy(previews, 'previewsGet'),
  'previews.build': lazy(previews, 'previewsBuild'),
  'previews.cancel': lazy(previews, 'previewsCancel'),
  'previews.jobs': lazy(previews, 'previewsJobs'),
  'accounts.list': ({ library }) => listAccounts(library.db).map(accountView),
  'platforms.list': ({ library }) => listPlatforms(library.db),
  'accounts.add': async ({ library, events }, input) => {
    const { addAccount } = await import('../core/connectors/add-account.js');
    const account = await addAccount(library, input);
    events.emit({ type: 'library.changed' });
    return account;
  },
  'accounts.setRpc': ({ library, events }, { accountId, rpcUrls }) => {
    const account = setAccountRpc(library, accountId, rpcUrls);
    events.emit({ type: 'library.changed' });
    return account;
  },
  'evidence.verify': async ({ library }, { itemId }) => (await import('../core/proofs/verify-item.js')).verifyItemEvidence(library, itemId),
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
  'bundle.export': lazy(bundle, 'bundleExport'),
  'bundle.verify': lazy(bundle, 'bundleVerify'),
  'bundle.import': lazy(bundle, 'bundleImport'),
  'bundle.cancel': lazy(bundle, 'bundleCancel'),
  'bundle.choosePath': lazy(bundle, 'bundleChoosePath'),
  'collections.list': lazy(browse, 'collectionsList'),
  'chains.list': lazy(browse, 'chainsList'),
  'settings.get': lazy(browse, 'settingsGet'),
  'settings.set': lazy(browse, 'settingsSet'),
  'files.reveal': lazy(browse, 'filesReveal'),
  'library.choose': lazy(browse, 'libraryChoose'),
};
