// The names of the API table's operations, as plain strings. The preload and the renderer need
// only the names; importing them from here keeps zod and the schemas out of their bundles. The
// type check below fails the build when the table (contract.ts) has an operation missing here,
// or this list names one the table does not have.
import type { OperationName } from './contract.js';

export const OPERATION_NAMES = [
  'app.info',
  'profiles.list',
  'profiles.import',
  'platform.signin.sendCode',
  'platform.signin.verifyCode',
  'platform.signin.window',
  'platform.signout',
  'capture.start',
  'capture.fromHar',
  'capture.save',
  'items.list',
  'items.get',
  'previews.get',
  'previews.build',
  'previews.cancel',
  'previews.jobs',
  'accounts.list',
  'platforms.list',
  'files.import',
  'files.cancel',
  'certificates.extract',
  'certificates.add',
  'items.update',
  'platforms.update',
  'accounts.add',
  'accounts.setRpc',
  'evidence.verify',
  'sync.start',
  'sync.cancel',
  'sync.runs',
  'sync.pause',
  'sync.resume',
  'sync.status',
  'sync.failures',
  'bundle.export',
  'bundle.verify',
  'bundle.import',
  'bundle.cancel',
  'bundle.choosePath',
  'collections.list',
  'chains.list',
  'settings.get',
  'settings.set',
  'files.reveal',
  'library.choose',
] as const satisfies readonly OperationName[];

type MissingOperation = Exclude<OperationName, (typeof OPERATION_NAMES)[number]>;
// Error here? An operation was added to contract.ts: add its name to the list above.
export const everyOperationListed: [MissingOperation] extends [never] ? true : MissingOperation = true;
