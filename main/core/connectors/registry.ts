// Which connector serves which kind of account. New kinds register here, one module each.
import type { Account } from '../../api/contract.js';
import { HoldfastError } from '../errors.js';
import type { Connector } from './connector.js';
import { demoConnector } from '../demo/demo-connector.js';

const connectors: Partial<Record<Account['kind'], Connector>> = {
  demo: demoConnector,
};

export function connectorFor(kind: Account['kind']): Connector {
  const connector = connectors[kind];
  if (!connector) throw new HoldfastError('not_implemented', `syncing ${kind} accounts is not available in this version yet`);
  return connector;
}
