// The one table of operations the UI may call. Each entry names its input and output schema;
// both shells (Electron IPC and the local HTTP server) serve exactly this table, and the
// renderer's two clients are typed from it. Pure zod: safe to import from preload and renderer.
import { z } from 'zod';
import { AddPlatformAccountInput, platformOperations } from './platform-contract.js';
import { FilesProgress, filesOperations } from './files-contract.js';

export const MediaType = z.enum(['image', 'model', 'video', 'audio', 'html', 'other']);
export type MediaType = z.infer<typeof MediaType>;

/** L0 media only · L1 platform certificate · L2 acquiring tx proven · L3 ownership proven. */
export const EvidenceLevel = z.number().int().min(0).max(3);

export const AccountKind = z.enum(['demo', 'evm', 'platform', 'files']);
export const AccountStatus = z.enum(['ok', 'signin-required', 'platform-closed', 'error']);

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

export const FileRef = z.object({
  sha256: Sha256,
  mime: z.string(),
  size: z.number().int().nonnegative(),
});
export type FileRef = z.infer<typeof FileRef>;

export const FileRole = z.enum([
  'image',
  'animation',
  'model',
  'video',
  'audio',
  'poster',
  'thumbnail',
  'metadata',
  'certificate',
  'ar-glb',
  'ar-usdz',
  'other',
]);
export type FileRole = z.infer<typeof FileRole>;

export const ItemFile = FileRef.extend({
  role: FileRole,
  fileName: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  /** Where the bytes live inside the library folder, for "reveal in folder". */
  path: z.string(),
});
export type ItemFile = z.infer<typeof ItemFile>;

export const Evidence = z.object({
  id: z.number().int(),
  kind: z.string(),
  level: EvidenceLevel,
  capturedAt: z.string(),
  summary: z.record(z.string(), z.unknown()),
  file: FileRef.nullable(),
  verified: z.boolean().nullable(),
  verifyMessage: z.string().nullable(),
});
export type Evidence = z.infer<typeof Evidence>;

export const ItemSummary = z.object({
  id: z.string(),
  accountId: z.string(),
  platform: z.string(),
  name: z.string(),
  creator: z.string().nullable(),
  collection: z.string().nullable(),
  serial: z.string().nullable(),
  chain: z.string().nullable(),
  mediaType: MediaType,
  evidenceLevel: EvidenceLevel,
  held: z.boolean(),
  acquiredAt: z.string().nullable(),
  /** The picture to show in the grid: a thumbnail, else the image itself. */
  preview: FileRef.nullable(),
  /** data: URL of a 16 px WebP of that picture, shown blurred while it loads (once previews ran). */
  placeholder: z.string().nullable().optional(),
  /** The last sync recorded an error for this item (details in items.get). */
  syncFailed: z.boolean().optional(),
});
export type ItemSummary = z.infer<typeof ItemSummary>;

export const Attribute = z.object({ trait: z.string(), value: z.string() });

export const ItemDetail = ItemSummary.extend({
  externalId: z.string(),
  description: z.string().nullable(),
  issuer: z.string().nullable(),
  contract: z.string().nullable(),
  tokenId: z.string().nullable(),
  txHash: z.string().nullable(),
  standard: z.string().nullable(),
  issuedAt: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  syncError: z.string().nullable(),
  attributes: z.array(Attribute),
  metadata: z.record(z.string(), z.unknown()),
  files: z.array(ItemFile),
  evidence: z.array(Evidence),
});
export type ItemDetail = z.infer<typeof ItemDetail>;

export const Account = z.object({
  id: z.string(),
  kind: AccountKind,
  platform: z.string(),
  name: z.string(),
  status: AccountStatus,
  statusMessage: z.string().nullable(),
  itemCount: z.number().int(),
  heldCount: z.number().int(),
  /** Bytes of the files its items refer to (a file shared by two items counts for each). */
  storageBytes: z.number().int().optional(),
  createdAt: z.string(),
  lastSyncAt: z.string().nullable(),
  /** EVM wallets: the RPC URLs as shown (custom ones as scheme://host/…: they may carry an API
   *  key), and whether the full URLs are kept as a secret (the system keychain / encrypted file). */
  rpc: z.object({ urls: z.array(z.string()), secret: z.boolean() }).optional(),
});
export type Account = z.infer<typeof Account>;

export const Platform = z.object({
  id: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
  kind: z.enum(['custodial', 'chain', 'files', 'demo']),
  status: z.enum(['active', 'stopped', 'closed', 'unknown']),
  exitDate: z.string().nullable(),
  itemCount: z.number().int(),
});
export type Platform = z.infer<typeof Platform>;

export const SyncRun = z.object({
  id: z.number().int(),
  accountId: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  itemsSeen: z.number().int(),
  itemsAdded: z.number().int(),
  itemsUpdated: z.number().int(),
  itemsGone: z.number().int(),
  filesAdded: z.number().int(),
  bytesAdded: z.number().int(),
  errors: z.array(z.object({ item: z.string().nullable(), message: z.string() })),
});
export type SyncRun = z.infer<typeof SyncRun>;

export const SortKey = z.enum(['acquired', 'name', 'platform', 'chain']);

export const ListItemsInput = z
  .object({
    query: z.string().max(200).optional(),
    accountId: z.string().max(200).optional(),
    platform: z.string().max(200).optional(),
    chain: z.string().max(200).optional(),
    collection: z.string().max(400).optional(),
    mediaType: MediaType.optional(),
    evidenceLevel: EvidenceLevel.optional(),
    held: z.boolean().optional(),
    /** true: only items whose last sync recorded an error; false: only those without. */
    syncFailed: z.boolean().optional(),
    sort: SortKey.default('acquired'),
    order: z.enum(['asc', 'desc']).default('desc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type ListItemsInput = z.input<typeof ListItemsInput>;

const NoInput = z.object({}).strict().default({});

export const AppInfo = z.object({
  name: z.literal('Holdfast'),
  version: z.string(),
  shell: z.enum(['electron', 'http']),
  libraryDir: z.string(),
  itemCount: z.number().int(),
  fileCount: z.number().int(),
  storageBytes: z.number().int(),
  schemaVersion: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** Where one sync run stands; pushed as the `sync.progress` event and returned by sync.status. */
export const SyncProgress = z.object({
  type: z.literal('sync.progress'),
  runId: z.number().int(),
  accountId: z.string(),
  phase: z.enum(['listing', 'fetching', 'paused', 'done', 'failed', 'cancelled']),
  itemsListed: z.number().int(),
  itemsDone: z.number().int(),
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  bytesDone: z.number(),
  bytesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  currentItem: z.string().nullable(),
  /** Items with at least one file that could not be fetched in this run. */
  itemsFailed: z.number().int().optional(),
  filesFailed: z.number().int().optional(),
  /** Expected bytes of this run's downloads (an estimate until every size is known), or null. */
  bytesTotal: z.number().nullable().optional(),
  /** True once the connector has listed every holding. */
  listingDone: z.boolean().optional(),
  startedAt: z.string().optional(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SyncStatus = z.object({
  runs: z.array(SyncProgress),
  /** Accounts with no run going that still have files queued or failed. */
  pending: z.array(
    z.object({
      accountId: z.string(),
      queued: z.number().int(),
      failed: z.number().int(),
      partialBytes: z.number().int(),
    }),
  ),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncFailure = z.object({
  accountId: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  role: z.string(),
  sourceUrl: z.string().nullable(),
  reason: z.string(),
  /** Tries over all syncs so far. */
  attempts: z.number().int(),
  failedAt: z.string(),
});
export type SyncFailure = z.infer<typeof SyncFailure>;

/** Adding an account: one shape per kind of account (more kinds join this union). */
export const ChainPreset = z.enum(['ethereum', 'polygon', 'base', 'arbitrum']);
const EvmAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an EVM address is 0x followed by 40 hex digits');
const HttpUrl = z.string().max(2000).regex(/^https?:\/\/[^\s]+$/, 'expected an http(s) URL');
export const AddEvmAccountInput = z
  .object({
    kind: z.literal('evm'),
    addresses: z.array(EvmAddress).min(1).max(50),
    /** A known chain, or `chainId` + `rpcUrls` for any other EVM-compatible chain. */
    chain: ChainPreset.optional(),
    chainId: z.number().int().positive().max(2 ** 53 - 1).optional(),
    rpcUrls: z.array(HttpUrl).max(10).default([]),
    name: z.string().trim().min(1).max(200).optional(),
    /** Fetch metadata and media from loopback / private addresses (a local IPFS gateway). */
    allowLocalNetwork: z.boolean().default(false),
    ipfsGateways: z.array(HttpUrl).min(1).max(10).optional(),
    /** First block to scan for transfers (default: the whole chain). */
    fromBlock: z.number().int().nonnegative().optional(),
  })
  .strict();
export const AddAccountInput = z.discriminatedUnion('kind', [AddEvmAccountInput, AddPlatformAccountInput]);
export type AddAccountInput = z.input<typeof AddAccountInput>;

export const EvidenceCheck = z.object({
  evidenceId: z.number().int(),
  kind: z.string(),
  level: EvidenceLevel,
  /** null when no verifier knows this kind (kept as captured, not independently checked). */
  ok: z.boolean().nullable(),
  message: z.string(),
});
export type EvidenceCheck = z.infer<typeof EvidenceCheck>;

/** Provenance bundles: ids of export/verify/import jobs, and what `bundle.verify` reports. */
export const BundleJobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a job id is 1–64 letters, digits, "-" or "_"');
export const BundleEvidenceRow = z.object({
  kind: z.string(),
  level: EvidenceLevel,
  /** verified / failed by its offline verifier, or captured with no way to check it independently. */
  outcome: z.enum(['verified', 'failed', 'unverifiable']),
  detail: z.string(),
});
export const BundleItemRow = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.string(),
  files: z.number().int(),
  claimedLevel: EvidenceLevel,
  verifiedLevel: EvidenceLevel,
  evidence: z.array(BundleEvidenceRow),
  ok: z.boolean(),
  problems: z.array(z.string()),
});
export type BundleItemRow = z.infer<typeof BundleItemRow>;
export const BundleReport = z.object({
  ok: z.boolean(),
  /** Number of items in the bundle. */
  items: z.number().int(),
  /** Every problem found, each naming the file it is about. */
  problems: z.array(z.string()),
  jobId: z.string(),
  path: z.string(),
  /** Bag, schema and files are sound (failing evidence alone leaves this true). */
  intact: z.boolean(),
  rows: z.array(BundleItemRow),
  bag: z.object({ files: z.number().int(), bytes: z.number().int(), holdfastVersion: z.string().nullable(), bagInfo: z.array(z.tuple([z.string(), z.string()])) }),
  summary: z.object({
    validItems: z.number().int(),
    invalidItems: z.number().int(),
    evidenceVerified: z.number().int(),
    evidenceFailed: z.number().int(),
    evidenceUnverifiable: z.number().int(),
    levels: z.object({ l3: z.number().int(), l2: z.number().int(), l1: z.number().int(), l0: z.number().int() }),
  }),
});
export type BundleReport = z.infer<typeof BundleReport>;
export const BundleProgress = z.object({
  type: z.literal('bundle.progress'),
  jobId: z.string(),
  operation: z.enum(['export', 'verify', 'import']),
  phase: z.enum(['preparing', 'writing', 'checking', 'evidence', 'importing', 'done', 'failed', 'cancelled']),
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  bytesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  /** The file or item being worked on. */
  current: z.string().nullable(),
  /** Why a job failed. */
  message: z.string().nullable(),
});
export type BundleProgress = z.infer<typeof BundleProgress>;

/** What the preview pipeline made for one item (issue 7: thumbnails and AR). */
export const PreviewStageInfo = z.object({
  stage: z.enum(['thumbnail', 'ar']),
  /** ok · fallback (made from a second choice; message says why) · error · none (nothing to make it from) */
  status: z.enum(['ok', 'fallback', 'error', 'none']),
  source: z.string().nullable(),
  message: z.string().nullable(),
  builtAt: z.string(),
});
export type PreviewStageInfo = z.infer<typeof PreviewStageInfo>;

export const ItemPreviews = z.object({
  itemId: z.string(),
  /** data: URL of a 16 px WebP, shown blurred while a thumbnail loads. */
  placeholder: z.string().nullable(),
  stages: z.array(PreviewStageInfo),
  thumbnails: z.object({ small: ItemFile.nullable(), large: ItemFile.nullable() }),
  ar: z.object({
    glb: ItemFile.nullable(),
    usdz: ItemFile.nullable(),
    /** The AR GLB is the item's original model file, byte for byte. */
    glbIsOriginal: z.boolean(),
    /** A framed picture (2D item) rather than a 3D model. */
    framed: z.boolean(),
  }),
  /** Address a phone on the same network opens to place the item in the room; null when this
   *  shell does not serve the LAN (`holdfast serve --lan`). */
  phoneUrl: z.string().nullable(),
});
export type ItemPreviews = z.infer<typeof ItemPreviews>;

/** A collection as the library groups it: by name within one platform. */
export const CollectionSummary = z.object({
  name: z.string(),
  platform: z.string(),
  itemCount: z.number().int(),
  heldCount: z.number().int(),
  /** Bytes of the files its items refer to. */
  storageBytes: z.number().int(),
  /** A picture for the collection (the newest item's preview). */
  preview: FileRef.nullable(),
});
export type CollectionSummary = z.infer<typeof CollectionSummary>;

export const ChainSummary = z.object({ chain: z.string(), itemCount: z.number().int() });
export type ChainSummary = z.infer<typeof ChainSummary>;

const GatewayUrl = z.string().max(2000).regex(/^https?:\/\/[^\s]+$/, 'expected an http(s) URL');
/** What the user chose on the settings page; kept in the library folder (holdfast-settings.json),
 *  so both shells and the CLI see the same. Connectors read the network fields as defaults. */
export const LibrarySettings = z
  .object({
    /** The interface language; 'auto' follows the system. */
    language: z.enum(['auto', 'en', 'zh-CN']),
    /** IPFS gateways to try in order for ipfs:// links (content is checked against the CID). */
    ipfsGateways: z.array(GatewayUrl).min(1).max(10),
    arweaveGateway: GatewayUrl,
    /** Allow fetching from loopback and private addresses (for a gateway on this machine or LAN). */
    allowLocalNetwork: z.boolean(),
    /** The largest single file a sync will download. */
    maxFileMb: z.number().int().min(1).max(100_000),
  })
  .strict();
export type LibrarySettings = z.infer<typeof LibrarySettings>;

/** The table. Adding an operation here makes every shell and client offer it. */
/** Progress of a previews job (thumbnails and AR files), as events and from `previews.jobs`. */
export const PreviewsProgress = z.object({
  type: z.literal('previews.progress'),
  jobId: z.string(),
  /** Set when the job builds the new and changed items of a sync run. */
  runId: z.number().int().optional(),
  accountId: z.string().optional(),
  phase: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  itemsTotal: z.number().int(),
  itemsDone: z.number().int(),
  built: z.number().int(),
  failed: z.number().int(),
  currentItem: z.string().nullable(),
  itemsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  message: z.string().nullable(),
});
export type PreviewsProgress = z.infer<typeof PreviewsProgress>;

export const contract = {
  'app.info': { input: NoInput, output: AppInfo },
  ...platformOperations(Account),
  'items.list': {
    input: ListItemsInput,
    output: z.object({ total: z.number().int(), items: z.array(ItemSummary) }),
  },
  'items.get': { input: z.object({ id: z.string().min(1).max(400) }).strict(), output: ItemDetail },
  'previews.get': { input: z.object({ id: z.string().min(1).max(400) }).strict(), output: ItemPreviews },
  'previews.build': {
    input: z
      .object({ itemIds: z.array(z.string().min(1).max(400)).max(100_000).optional(), rebuild: z.boolean().default(false) })
      .strict()
      .default({ rebuild: false }),
    output: z.object({ jobId: z.string() }),
  },
  'previews.cancel': {
    input: z.object({ jobId: z.string().max(100).optional() }).strict().default({}),
    output: z.object({ cancelled: z.number().int() }),
  },
  /** Previews jobs queued or running now (a window opened later shows them at once). */
  'previews.jobs': { input: NoInput, output: z.array(PreviewsProgress) },
  'accounts.list': { input: NoInput, output: z.array(Account) },
  'platforms.list': { input: NoInput, output: z.array(Platform) },
  ...filesOperations(Platform, ItemDetail),
  'accounts.add': { input: AddAccountInput, output: Account },
  /** New RPC URLs for an EVM wallet (kept as a secret when custom; the catalog shows them redacted). */
  'accounts.setRpc': {
    input: z.object({ accountId: z.string().min(1).max(200), rpcUrls: z.array(HttpUrl).min(1).max(10) }).strict(),
    output: Account,
  },
  /** Re-checks an item's evidence offline and records each outcome (and so the item's level). */
  'evidence.verify': {
    input: z.object({ itemId: z.string().min(1).max(400) }).strict(),
    output: z.object({ itemId: z.string(), ok: z.boolean(), level: EvidenceLevel, checks: z.array(EvidenceCheck) }),
  },
  'sync.start': {
    input: z.object({ accountId: z.string().max(200).optional() }).strict().default({}),
    output: z.object({ runIds: z.array(z.number().int()) }),
  },
  'sync.cancel': {
    input: z.object({ runId: z.number().int().optional() }).strict().default({}),
    output: z.object({ cancelled: z.number().int() }),
  },
  'sync.runs': {
    input: z.object({ accountId: z.string().optional(), limit: z.number().int().min(1).max(200).default(20) }).strict().default({ limit: 20 }),
    output: z.array(SyncRun),
  },
  'sync.pause': {
    input: z.object({ runId: z.number().int().optional() }).strict().default({}),
    output: z.object({ paused: z.number().int() }),
  },
  'sync.resume': {
    input: z.object({ runId: z.number().int().optional() }).strict().default({}),
    output: z.object({ resumed: z.number().int() }),
  },
  /** Progress of every run now going (for a UI that opens mid-sync), and work left by runs that
   *  ended early (a crash, a quit, a cancel) that the next sync of that account picks up. */
  'sync.status': { input: NoInput, output: SyncStatus },
  /** Files the last syncs could not fetch, with the reason; the next sync tries them again. */
  'sync.failures': {
    input: z
      .object({ accountId: z.string().max(200).optional(), limit: z.number().int().min(1).max(1000).default(200) })
      .strict()
      .default({ limit: 200 }),
    output: z.object({ total: z.number().int(), files: z.array(SyncFailure) }),
  },
  'bundle.export': {
    input: z
      .object({
        /** Where to write the zip (a full path). Omitted: the library's exports folder, from
         *  where the browser shell offers it for download. */
        out: z.string().min(1).max(4096).optional(),
        accountId: z.string().optional(),
        query: z.string().max(200).optional(),
        itemIds: z.array(z.string()).max(100_000).optional(),
        collection: z.string().max(400).optional(),
        /** Who holds the items, for the bag's Source-Organization (default: the accounts' names). */
        holder: z.string().max(200).optional(),
        /** Replace a file already at `out` (a save dialog has asked the user). */
        overwrite: z.boolean().optional(),
        /** Chosen by the caller to follow `bundle.progress` events and to cancel. */
        jobId: BundleJobId.optional(),
      })
      .strict(),
    output: z.object({
      path: z.string(),
      items: z.number().int(),
      /** Payload bytes (everything under data/). */
      bytes: z.number().int(),
      jobId: z.string(),
      files: z.number().int(),
      zipBytes: z.number().int(),
      /** Set when the zip is in the library's exports folder: the browser shell serves it at
       *  /bundles/download/<downloadName>. */
      downloadName: z.string().nullable(),
    }),
  },
  'bundle.verify': {
    input: z.object({ path: z.string().min(1).max(4096), jobId: BundleJobId.optional() }).strict(),
    output: BundleReport,
  },
  'bundle.import': {
    input: z.object({ path: z.string().min(1).max(4096), jobId: BundleJobId.optional() }).strict(),
    output: z.object({
      added: z.number().int(),
      updated: z.number().int(),
      files: z.number().int(),
      jobId: z.string(),
      unchanged: z.number().int(),
      items: z.number().int(),
      bytes: z.number().int(),
      /** Evidence that failed its check here; imported marked as failed. */
      evidenceFailed: z.number().int(),
    }),
  },
  'bundle.cancel': {
    input: z.object({ jobId: BundleJobId.optional() }).strict().default({}),
    output: z.object({ cancelled: z.number().int() }),
  },
  /** The system's own save/open dialog for a bundle (Electron); elsewhere `native: false` and
   *  the user types a path or uses the browser's download and upload. */
  'bundle.choosePath': {
    input: z.object({ purpose: z.enum(['save', 'open']), suggestedName: z.string().max(200).optional() }).strict(),
    output: z.object({ path: z.string().nullable(), native: z.boolean() }),
  },
  /** Collections with counts and storage, largest first; `query` narrows by name. */
  'collections.list': {
    input: z
      .object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(5000).default(1000) })
      .strict()
      .default({ limit: 1000 }),
    output: z.object({ total: z.number().int(), collections: z.array(CollectionSummary) }),
  },
  'chains.list': { input: NoInput, output: z.array(ChainSummary) },
  'settings.get': { input: NoInput, output: LibrarySettings },
  /** Changes some settings; answers all of them. */
  'settings.set': { input: LibrarySettings.partial().strict(), output: LibrarySettings },
  /** Shows a library file in the system's file manager (the Electron shell); elsewhere answers
   *  revealed: false and the path, for the UI to show and copy. */
  'files.reveal': {
    input: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256') }).strict(),
    output: z.object({ revealed: z.boolean(), path: z.string() }),
  },
  /** Lets the user pick another library folder and opens it (the Electron shell: a folder dialog,
   *  then the app reloads on the new library). Elsewhere answers native: false — a server serves
   *  the one library it was started on. */
  'library.choose': {
    input: z.object({}).strict(),
    output: z.object({ switched: z.boolean(), native: z.boolean() }),
  },
} as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export const operationNames = Object.keys(contract) as OperationName[];
export type OpInput<N extends OperationName> = z.input<Contract[N]['input']>;
export type OpOutput<N extends OperationName> = z.output<Contract[N]['output']>;

/** Events pushed from the backend to the UI (one stream; no polling). */
export const ApiEvent = z.discriminatedUnion('type', [
  SyncProgress,
  PreviewsProgress,
  z.object({ type: z.literal('library.changed') }),
  FilesProgress,
  BundleProgress,
]);
export type ApiEvent = z.infer<typeof ApiEvent>;

/** What every shell returns for a call; errors are data, never exceptions across the boundary. */
export type ApiErrorCode =
  | 'invalid_input'
  | 'unknown_operation'
  | 'not_found'
  | 'not_implemented'
  | 'conflict'
  | 'forbidden'
  | 'cancelled'
  | 'internal';
export type ApiResult<T> = { ok: true; result: T } | { ok: false; error: { code: ApiErrorCode; message: string } };

/** What the renderer sees as `window.holdfast` in either shell. */
export type HoldfastApi = {
  [N in OperationName]: (input?: OpInput<N>) => Promise<OpOutput<N>>;
} & {
  /** URL the renderer may put in <img>/<video>/<model> for a blob in the library. */
  mediaUrl(sha256: string): string;
  /** Desktop app only: the path on disk of a file or folder dropped on the page (Electron's
   *  webUtils.getPathForFile); absent in the browser, where dropped files are uploaded instead. */
  pathForFile?(file: unknown): string | null;
  /** Subscribe to backend events; returns an unsubscribe function. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
};
