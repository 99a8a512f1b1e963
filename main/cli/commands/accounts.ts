// `holdfast accounts [list]`, `holdfast accounts add evm …` and `holdfast accounts set-rpc …`.
import { InvalidArgumentError, type Command } from 'commander';
import type { Account } from '../../api/contract.js';
import { call, withBackend, withLibrary } from '../context.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const parseChainId = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('a chain id is a positive whole number');
  return n;
};
const parseBlock = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('a block number is a whole number ≥ 0');
  return n;
};

function printAccounts(accounts: Account[], json: boolean | undefined): void {
  if (json) console.log(JSON.stringify(accounts, null, 2));
  else if (accounts.length === 0) console.log('no accounts yet (add one with `holdfast accounts add evm --address 0x… --chain ethereum`)');
  else for (const a of accounts) console.log(`${a.id}\t${a.kind}\t${a.status}\t${a.heldCount}/${a.itemCount} held\t${a.name}`);
}

export function register(program: Command): void {
  // --library belongs to `accounts` (so `holdfast accounts --library D` works); its subcommands
  // read it through optsWithGlobals, wherever on the line it was given.
  const listAction = (_opts: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals<{ library?: string; json?: boolean }>();
    return withBackend(opts.library, async (backend) => printAccounts(await call(backend, 'accounts.list', {}), opts.json));
  };

  const accounts = withLibrary(program.command('accounts'))
    .description('list the accounts in the library (`accounts add …` adds one)')
    .option('--json', 'print JSON')
    .action(listAction);

  accounts.command('list').description('list the accounts in the library').option('--json', 'print JSON').action(listAction);

  const add = accounts.command('add').description('add an account');
  add
    .command('evm')
    .description('add an EVM wallet (one or more addresses on one chain); `holdfast sync` then fetches its tokens and proofs')
    .requiredOption('--address <0x…>', 'wallet address (repeat for several)', collect)
    .option('--rpc <url>', 'JSON-RPC URL of the chain (repeat for fallbacks; needed for a custom chain id)', collect)
    .option('--chain <name>', 'ethereum, polygon, base or arbitrum')
    .option('--chain-id <n>', 'chain id, for any EVM-compatible chain', parseChainId)
    .option('--name <name>', 'a name to show for the account')
    .option('--ipfs-gateway <url>', 'IPFS gateway to fetch ipfs:// content through (repeat for several)', collect)
    .option('--from-block <n>', 'first block to scan for transfers', parseBlock)
    .option('--allow-local-network', 'allow metadata and media from loopback / private addresses (e.g. your own IPFS gateway)')
    .option('--json', 'print the account as JSON')
    .action((_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{
        library?: string;
        address: string[];
        rpc?: string[];
        chain?: string;
        chainId?: number;
        name?: string;
        ipfsGateway?: string[];
        fromBlock?: number;
        allowLocalNetwork?: boolean;
        json?: boolean;
      }>();
      return withBackend(opts.library, async (backend) => {
          if (!opts.chain && opts.chainId === undefined) throw new InvalidArgumentError('say which chain: --chain ethereum|polygon|base|arbitrum, or --chain-id N with --rpc URL');
          const account = await call(backend, 'accounts.add', {
            kind: 'evm',
            addresses: opts.address,
            chain: opts.chain as 'ethereum' | undefined,
            chainId: opts.chainId,
            rpcUrls: opts.rpc ?? [],
            name: opts.name,
            ipfsGateways: opts.ipfsGateway,
            fromBlock: opts.fromBlock,
            allowLocalNetwork: Boolean(opts.allowLocalNetwork),
          });
          if (opts.json) console.log(JSON.stringify(account, null, 2));
          else console.log(`added ${account.name} (${account.id}); run \`holdfast sync --account ${account.id}\` to fetch its tokens`);
        });
    });

  accounts
    .command('set-rpc')
    .description("replace an EVM wallet's RPC URLs (custom ones are kept encrypted outside the library; the catalog shows scheme://host/…)")
    .argument('<account>', 'account id (see `holdfast accounts`)')
    .requiredOption('--rpc <url>', 'JSON-RPC URL (repeat for fallbacks)', collect)
    .option('--json', 'print the account as JSON')
    .action((accountId: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ library?: string; rpc: string[]; json?: boolean }>();
      return withBackend(opts.library, async (backend) => {
        const account = await call(backend, 'accounts.setRpc', { accountId, rpcUrls: opts.rpc });
        if (opts.json) console.log(JSON.stringify(account, null, 2));
        else console.log(`${account.name}: RPC URLs set (${account.rpc?.urls.join(', ') ?? ''}${account.rpc?.secret ? '; kept encrypted outside the library' : ''})`);
      });
    });
}
