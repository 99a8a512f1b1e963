// One backend per open library: the core objects and the table's dispatcher. Both shells
// (Electron and the local HTTP server) create exactly this and nothing else.
import type { ApiResult } from './contract.js';
import { callOperation } from './dispatch.js';
import type { ApiContext } from './handlers.js';
import { EventBus } from '../core/events.js';
import { Library } from '../core/library.js';
import { SyncEngine } from '../core/sync/sync-engine.js';
import { bundleJobsFor } from '../core/bundle/jobs.js';
import { moveRpcUrlsToVault } from '../core/connectors/evm/rpc-secrets.js';

export interface Backend {
  readonly ctx: ApiContext;
  call(name: unknown, input: unknown): Promise<ApiResult<unknown>>;
  close(): Promise<void>;
}

export function openBackend(libraryDir: string, shell: ApiContext['shell']): Backend {
  const library = Library.open(libraryDir);
  // A library from before RPC URLs were secrets: they move into the vault now, once.
  try {
    moveRpcUrlsToVault(library, (message) => console.warn(message));
  } catch (error) {
    console.warn(`holdfast: RPC URLs could not be moved out of the catalog: ${error instanceof Error ? error.message : String(error)}`);
  }
  const events = new EventBus();
  const sync = new SyncEngine(library, events);
  const ctx: ApiContext = { library, events, sync, shell };
  return {
    ctx,
    call: (name, input) => callOperation(ctx, name, input),
    async close() {
      // Syncs still going are recorded as interrupted and continue at the next start.
      await sync.close(); // stops the library's preview jobs too
      await bundleJobsFor(events).close();
      library.close();
    },
  };
}
