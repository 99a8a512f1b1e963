// Which connector serves which kind of account. New kinds register here, one module each.
// Connectors load on first use, so listing or browsing never pays for what syncing needs.
import type { Account } from '../../api/contract.js';
import { HoldfastError } from '../errors.js';
import type { Connector } from './connector.js';

const loaders: Partial<Record<Account['kind'], () => Promise<Connector>>> = {
  demo: async () => (await import('../demo/demo-connector.js')).demoConnector,
  evm: async () => (await import('./evm/evm-connector.js')).evmConnector,
  platform: async () => (await import('./platform/platform-connector.js')).platformConnector,
};

export async function connectorFor(kind: Account['kind']): Promise<Connector> {
  const load = loaders[kind];
  if (!load) throw new HoldfastError('not_implemented', `syncing ${kind} accounts is not available in this version yet`);
  return load();
}
