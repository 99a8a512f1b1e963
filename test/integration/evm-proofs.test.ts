// Header forms of every fork anvil can produce, CIDs against known vectors, and the network
// safety rules of metadata fetching.
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkIpfsBytes, cidsOf } from '../../main/core/connectors/evm/cid.js';
import { checkUrl, safeFetch } from '../../main/core/connectors/evm/safe-fetch.js';
import { decodeDataUrl, resolveUri, substituteId } from '../../main/core/connectors/evm/token-uri.js';
import { verifyHeaderDoc } from '../../main/core/proofs/chain-verifiers.js';
import { decodeHeader, encodeHeader, hashHeader } from '../../main/core/proofs/header.js';
import { DEV_ACCOUNTS, startAnvil } from '../helpers/anvil.js';

describe('block headers', () => {
  it.each([
    ['berlin', 'frontier'],
    ['london', 'london'],
    ['shanghai', 'shanghai'],
    ['cancun', 'cancun'],
    ['prague', 'prague'],
    ['default', 'prague'],
  ])('encodes a %s header so that it hashes to the block hash', async (hardfork, form) => {
    const anvil = await startAnvil(hardfork === 'default' ? [] : ['--hardfork', hardfork]);
    try {
      const hash = (await anvil.pub.request({ method: 'eth_sendTransaction' as never, params: [{ from: DEV_ACCOUNTS[0], to: DEV_ACCOUNTS[1], value: '0x1', gasPrice: '0x77359400' }] as never })) as `0x${string}`;
      // The block that holds the transaction: anvil may answer before it has mined it, and its
      // genesis block (which 'latest' would then be) carries blob-gas fields under any fork.
      const { blockNumber } = await anvil.pub.waitForTransactionReceipt({ hash });
      const block = (await anvil.pub.request({ method: 'eth_getBlockByNumber', params: [`0x${blockNumber.toString(16)}`, false] })) as unknown as Record<string, unknown>;
      expect(BigInt(block.number as string)).toBeGreaterThan(0n);
      const rlp = encodeHeader(block);
      expect(hashHeader(rlp)).toBe(block.hash);
      const decoded = decodeHeader(rlp);
      expect(decoded.form).toBe(form);
      expect(decoded.number).toBe(BigInt(block.number as string));
      expect(verifyHeaderDoc({ kind: 'block-header', level: 0, summary: { blockHash: block.hash, blockNumber: Number(decoded.number) }, bytes: rlp }).ok).toBe(true);
      // One flipped bit anywhere in the header changes its hash.
      const flipped = new Uint8Array(rlp);
      flipped[flipped.length - 3]! ^= 0x10;
      const outcome = verifyHeaderDoc({ kind: 'block-header', level: 0, summary: { blockHash: block.hash }, bytes: flipped });
      expect(outcome.ok).toBe(false);
    } finally {
      await anvil.stop();
    }
  });
});

describe('IPFS CIDs', () => {
  const hello = new TextEncoder().encode('hello world\n');

  it('matches the CIDs `ipfs add` gives for a small file (CIDv0 dag-pb and CIDv1 raw)', async () => {
    const cids = await cidsOf(hello);
    expect(cids.dagPbV0).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o');
    expect(cids.raw).toBe('bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4');
    expect(await checkIpfsBytes('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o', hello)).toMatchObject({ verified: true });
    expect(await checkIpfsBytes(cids.raw, hello)).toMatchObject({ verified: true });
  });

  it('rejects other bytes, and says when a CID cannot be checked from the bytes alone', async () => {
    const other = new TextEncoder().encode('hello world!\n');
    await expect(checkIpfsBytes('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o', other)).rejects.toThrow(/do not match CID/);
    await expect(checkIpfsBytes('bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4', other)).rejects.toThrow(/do not match CID/);
    expect(await checkIpfsBytes('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o/readme.txt', other)).toMatchObject({ verified: false });
    const big = new Uint8Array(300 * 1024);
    expect(await checkIpfsBytes('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o', big)).toMatchObject({ verified: false, why: expect.stringMatching(/multi-block/) });
  });
});

describe('token URIs and network safety', () => {
  const options = { ipfsGateways: ['https://gw.example'], arweaveGateway: 'https://ar.example', allowLocalNetwork: false };

  it('resolves ipfs://, ar://, data: and {id}', () => {
    expect(resolveUri('ipfs://ipfs/QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o/a.json', options)).toMatchObject({
      kind: 'ipfs',
      urls: ['https://gw.example/ipfs/QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o/a.json'],
    });
    expect(resolveUri('ar://bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U', options)).toMatchObject({ kind: 'http', urls: ['https://ar.example/bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U'] });
    expect(new TextDecoder().decode(decodeDataUrl('data:application/json;utf8,{"name":"a%20b"}').bytes)).toBe('{"name":"a b"}');
    expect(new TextDecoder().decode(decodeDataUrl(`data:application/json;base64,${btoa('{"a":1}')}`).bytes)).toBe('{"a":1}');
    expect(substituteId('https://x/{id}.json', 255n)).toBe(`https://x/${'0'.repeat(62)}ff.json`);
  });

  it('refuses file:, loopback, private and link-local addresses unless allowed', () => {
    expect(() => checkUrl('file:///etc/passwd', false)).toThrow(/only http/);
    expect(() => checkUrl('http://127.0.0.1:8080/x', false)).toThrow(/loopback/);
    expect(() => checkUrl('http://localhost/x', false)).toThrow(/loopback/);
    expect(() => checkUrl('http://192.168.1.5/x', false)).toThrow(/private/);
    expect(() => checkUrl('http://169.254.169.254/latest/meta-data', false)).toThrow(/link-local/);
    expect(() => checkUrl('http://[::1]/x', false)).toThrow(/loopback/);
    expect(() => checkUrl('http://[::ffff:10.0.0.1]/x', false)).toThrow(/private/);
    expect(checkUrl('http://127.0.0.1:8080/x', true).hostname).toBe('127.0.0.1');
  });

  it('refuses bodies over the size limit, declared or streamed', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/big') return void res.writeHead(200, { 'content-length': 2000 }).end(Buffer.alloc(2000));
      if (req.url === '/chunked') {
        res.writeHead(200);
        for (let i = 0; i < 5; i++) res.write(Buffer.alloc(500));
        return void res.end();
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const policy = { allowLocalNetwork: true, maxBytes: 1000, timeoutMs: 5000 };
      await expect(safeFetch(`${base}/big`, policy)).rejects.toThrow(/2000 bytes, more than the 1000-byte limit/);
      await expect(safeFetch(`${base}/chunked`, policy)).rejects.toThrow(/more than the 1000-byte limit/);
      await expect(safeFetch(`${base}/big`, { ...policy, allowLocalNetwork: false })).rejects.toThrow(/loopback/);
    } finally {
      server.close();
    }
  });
});
