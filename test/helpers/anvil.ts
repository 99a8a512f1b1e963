// A real local chain for tests: anvil from the @foundry-rs/anvil npm package (the binary ships
// in its per-platform package), on a free loopback port, plus a JSON-RPC proxy that refuses
// large eth_getLogs ranges the way hosted providers do.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createPublicClient, createWalletClient, http, type Abi, type Hex, type PublicClient, type WalletClient } from 'viem';
import { foundry } from 'viem/chains';

const require = createRequire(import.meta.url);

/** The anvil binary inside node_modules/@foundry-rs/anvil-<platform>-<arch>/bin. */
export function anvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
}

/** Anvil's well-known development accounts (unlocked: anvil signs for them). */
export const DEV_ACCOUNTS: Hex[] = [
  '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
  '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc',
  '0x90f79bf6eb2c4f870365e785982e1f101e93b906',
];

export interface Anvil {
  url: string;
  pub: PublicClient;
  wallet: WalletClient;
  /** Deploys a contract from `from` and returns its address. */
  deploy(artifact: { abi: Abi; bytecode: Hex }, args: unknown[], from?: Hex): Promise<Hex>;
  /** Sends a contract call from `from` and waits for it to be mined; returns the tx hash. */
  send(address: Hex, abi: Abi, functionName: string, args: unknown[], from?: Hex): Promise<Hex>;
  stop(): Promise<void>;
}

export async function startAnvil(extraArgs: string[] = []): Promise<Anvil> {
  // Port 0: anvil binds a free port itself and says which, so parallel suites never race for one.
  const child: ChildProcess = spawn(anvilBinary(), ['--port', '0', '--host', '127.0.0.1', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`anvil did not start: ${out.slice(-500)}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // keep draining what anvil prints
        resolve(`http://${m[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited (${code}): ${out.slice(-500)}`));
    });
  });
  const pub = createPublicClient({ chain: foundry, transport: http(url) }) as PublicClient;
  const wallet = createWalletClient({ chain: foundry, transport: http(url) });
  return {
    url,
    pub,
    wallet,
    async deploy(artifact, args, from = DEV_ACCOUNTS[0]!) {
      const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args, account: from, chain: foundry });
      const receipt = await pub.waitForTransactionReceipt({ hash });
      if (!receipt.contractAddress || receipt.status !== 'success') throw new Error('deployment failed');
      return receipt.contractAddress;
    },
    async send(address, abi, functionName, args, from = DEV_ACCOUNTS[0]!) {
      const hash = await wallet.writeContract({ address, abi, functionName, args, account: from, chain: foundry } as never);
      const receipt = await pub.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`${functionName} reverted`);
      return hash;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A JSON-RPC proxy in front of `upstream` that answers eth_getLogs over more than `maxRange`
 *  blocks with a provider-style error, refuses the `unsupported` methods as "method not found",
 *  and counts what passes through. */
export async function startRangeLimitedProxy(upstream: string, maxRange: number, unsupported: string[] = []): Promise<{ url: string; calls: Map<string, number>; refused: number; stop(): Promise<void> }> {
  const calls = new Map<string, number>();
  const state = { refused: 0 };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString()) as unknown;
    const list = (Array.isArray(body) ? body : [body]) as Array<{ id: number; method: string; params: Array<{ fromBlock?: string; toBlock?: string }> }>;
    const answers = await Promise.all(
      list.map(async (call) => {
        calls.set(call.method, (calls.get(call.method) ?? 0) + 1);
        if (unsupported.includes(call.method)) return { jsonrpc: '2.0', id: call.id, error: { code: -32601, message: `the method ${call.method} does not exist/is not available` } };
        const p = call.params[0];
        if (call.method === 'eth_getLogs' && p?.fromBlock && p.toBlock && Number(p.toBlock) - Number(p.fromBlock) + 1 > maxRange) {
          state.refused++;
          return { jsonrpc: '2.0', id: call.id, error: { code: -32005, message: `query exceeds max block range ${maxRange}` } };
        }
        const r = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(call) });
        return (await r.json()) as unknown;
      }),
    );
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(Array.isArray(body) ? answers : answers[0]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    get refused() {
      return state.refused;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
