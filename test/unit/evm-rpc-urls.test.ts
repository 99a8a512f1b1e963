// Which RPC URLs are secrets and what is shown of them: a preset's public endpoints stay in the
// catalog in full; any custom URL sends the whole list to the vault and shows scheme://host/…;
// going back to public endpoints removes the vault entry.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addEvmAccount } from '../../main/core/connectors/evm/add-evm-account.js';
import { CHAIN_PRESETS } from '../../main/core/connectors/evm/chains.js';
import { setAccountRpc } from '../../main/core/connectors/evm/rpc-secrets.js';
import { getAccount } from '../../main/core/db/accounts.js';
import { redactUrl } from '../../main/core/evm/rpc.js';
import { Library } from '../../main/core/library.js';
import { FileSecretVault, useAccountSecrets } from '../../main/core/secrets/account-secrets.js';
import { tempDir } from '../helpers/tmp.js';

const WALLET = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const [ETH_PUBLIC] = CHAIN_PRESETS[0]!.rpcUrls;
let library: Library;
let vaultDir: string;

beforeEach(() => {
  const root = tempDir();
  vaultDir = join(root, 'app-data', 'secrets');
  useAccountSecrets(new FileSecretVault(vaultDir));
  library = Library.open(join(root, 'library'));
});

afterEach(() => {
  library.close();
  useAccountSecrets(null);
});

const vaultEntries = () => (existsSync(join(vaultDir, 'account-secrets')) ? readdirSync(join(vaultDir, 'account-secrets')) : []);
const add = (rpcUrls: string[] = []) => addEvmAccount(library, { kind: 'evm', addresses: [WALLET], chain: 'ethereum', rpcUrls, allowLocalNetwork: false });

describe('RPC URLs of a wallet', () => {
  it('are shown as scheme://host/… whenever anything past the host could hold a key', () => {
    expect(redactUrl('https://eth-mainnet.g.alchemy.com/v2/KEY')).toBe('https://eth-mainnet.g.alchemy.com/…');
    expect(redactUrl('https://rpc.example/?apikey=KEY')).toBe('https://rpc.example/…');
    expect(redactUrl('https://user:KEY@rpc.example')).toBe('https://rpc.example/…');
    expect(redactUrl('https://rpc.example/#KEY')).toBe('https://rpc.example/…');
    expect(redactUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545');
    expect(redactUrl('not a url')).toBe('(invalid URL)');
  });

  it("a preset's public endpoints stay in the catalog; a custom one sends the list to the vault, and back", () => {
    const preset = add();
    expect(preset.rpc).toEqual({ urls: CHAIN_PRESETS[0]!.rpcUrls, secret: false });
    expect(vaultEntries()).toEqual([]);

    const custom = setAccountRpc(library, preset.id, ['https://eth.example/v3/KEY123', ETH_PUBLIC!]);
    expect(custom.rpc).toEqual({ urls: ['https://eth.example/…', ETH_PUBLIC], secret: true });
    expect(vaultEntries()).toEqual([expect.stringMatching(/^rpc-urls\.[0-9a-f]{32}\.bin$/)]);
    expect(JSON.stringify(getAccount(library.db, preset.id)!.config)).not.toContain('KEY123');
    // Added again without URLs: the kept ones stay.
    expect(add().rpc).toEqual(custom.rpc);

    const back = setAccountRpc(library, preset.id, [ETH_PUBLIC!]);
    expect(back.rpc).toEqual({ urls: [ETH_PUBLIC], secret: false });
    expect(vaultEntries()).toEqual([]);
  });

  it('refuses an unknown account, and a URL that does not parse (without printing it)', () => {
    expect(() => setAccountRpc(library, 'nope', ['https://x.example/KEY'])).toThrow(/account "nope"/);
    const account = add();
    expect(() => setAccountRpc(library, account.id, ['https://[bad/KEY999'])).toThrow(/RPC URL 1 is not a valid URL/);
    try {
      setAccountRpc(library, account.id, ['https://[bad/KEY999']);
    } catch (error) {
      expect((error as Error).message).not.toContain('KEY999');
    }
  });
});
