// What a tokenURI (or an image / animation_url inside metadata) points at, and how to get it:
// ipfs:// through the configured gateways (bytes checked against the CID), ar:// through an
// Arweave gateway, data: decoded in place (base64 or percent-encoded), http(s) with the safe
// fetch. ERC-1155 URIs get their {id} replaced by the token id as 64 lowercase hex digits.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { DownloadSpec } from '../connector.js';
import { checkIpfsBytes, CidMismatchError, parseIpfsPath, type CidCheck } from './cid.js';
import { checkUrl, checkUrlResolved, safeFetch, type FetchPolicy } from './safe-fetch.js';

export interface ResolveOptions {
  ipfsGateways: string[];
  arweaveGateway: string;
  allowLocalNetwork: boolean;
}

export type ResolvedUri =
  | { kind: 'data'; mime: string; bytes: Uint8Array; sourceUrl: string }
  | { kind: 'ipfs'; ipfsPath: string; urls: string[]; sourceUrl: string }
  | { kind: 'http'; urls: string[]; sourceUrl: string };

export function substituteId(uri: string, tokenId: bigint): string {
  return uri.replaceAll('{id}', tokenId.toString(16).padStart(64, '0'));
}

const IPFS_IN_PATH = /^\/ipfs\/(.+)$/;

export function resolveUri(uri: string, options: ResolveOptions): ResolvedUri {
  const trimmed = uri.trim();
  if (trimmed.startsWith('data:')) return { kind: 'data', ...decodeDataUrl(trimmed), sourceUrl: dataSourceId(trimmed) };
  if (/^ipfs:\/\//i.test(trimmed)) {
    const ipfsPath = trimmed.replace(/^ipfs:\/\/(ipfs\/)?/i, '');
    parseIpfsPath(ipfsPath);
    return { kind: 'ipfs', ipfsPath, urls: options.ipfsGateways.map((g) => `${g.replace(/\/+$/, '')}/ipfs/${ipfsPath}`), sourceUrl: `ipfs://${ipfsPath}` };
  }
  if (/^ar:\/\//i.test(trimmed)) {
    const id = trimmed.slice(5);
    if (!/^[A-Za-z0-9_-]{43}(\/.*)?$/.test(id)) throw new Error(`${JSON.stringify(trimmed.slice(0, 100))} is not an Arweave transaction id`);
    return { kind: 'http', urls: [`${options.arweaveGateway.replace(/\/+$/, '')}/${id}`], sourceUrl: trimmed };
  }
  const u = checkUrl(trimmed, options.allowLocalNetwork);
  // An http gateway URL of IPFS content can be checked against its CID like ipfs:// itself.
  const inPath = IPFS_IN_PATH.exec(u.pathname);
  if (inPath) {
    try {
      parseIpfsPath(inPath[1]!);
      return { kind: 'ipfs', ipfsPath: inPath[1]!, urls: [u.href], sourceUrl: u.href };
    } catch {
      // Not a CID after /ipfs/: an ordinary URL.
    }
  }
  return { kind: 'http', urls: [u.href], sourceUrl: u.href };
}

function dataSourceId(url: string): string {
  return url.length <= 200 ? url : `data:sha256,${createHash('sha256').update(url).digest('hex')}`;
}

export function decodeDataUrl(url: string): { mime: string; bytes: Uint8Array } {
  const comma = url.indexOf(',');
  if (comma < 0) throw new Error('a data: URL without a comma');
  const meta = url.slice(5, comma).split(';');
  const base64 = meta.includes('base64');
  const mime = (meta[0] || 'text/plain').toLowerCase();
  const payload = url.slice(comma + 1);
  if (base64) return { mime, bytes: new Uint8Array(Buffer.from(decodeURIComponent(payload), 'base64')) };
  let text: string;
  try {
    text = decodeURIComponent(payload);
  } catch {
    text = payload; // Many contracts put raw JSON after the comma, unescaped.
  }
  return { mime, bytes: new TextEncoder().encode(text) };
}

export interface FetchedResource {
  bytes: Uint8Array;
  contentType: string | null;
  cid?: CidCheck;
}

/** Fetches a resolved URI; for IPFS tries each gateway until bytes match the CID. */
export async function fetchResolved(resolved: ResolvedUri, policy: FetchPolicy): Promise<FetchedResource> {
  if (resolved.kind === 'data') return { bytes: resolved.bytes, contentType: resolved.mime };
  const errors: string[] = [];
  for (const url of resolved.urls) {
    try {
      const got = await safeFetch(url, policy);
      if (resolved.kind === 'ipfs') return { ...got, cid: await checkIpfsBytes(resolved.ipfsPath, got.bytes) };
      return got;
    } catch (error) {
      if (policy.signal?.aborted) throw error;
      errors.push(error instanceof Error ? error.message : String(error));
      if (!(error instanceof CidMismatchError) && error instanceof Error && error.name === 'RefusedUrlError') break;
    }
  }
  throw new Error(errors.join('; '));
}

/** A download the sync engine performs; IPFS bytes are checked against their CID before they are kept. */
export async function downloadSpecFor(resolved: Exclude<ResolvedUri, { kind: 'data' }>, allowLocalNetwork: boolean): Promise<DownloadSpec> {
  const url = resolved.urls[0]!;
  await checkUrlResolved(url, allowLocalNetwork);
  if (resolved.kind !== 'ipfs') return { url };
  const ipfsPath = resolved.ipfsPath;
  return {
    url,
    async verify(path: string) {
      // A single IPFS block is at most a few MiB; bigger files cannot be single-block anyway.
      if ((await stat(path)).size > 4 * 1024 * 1024) return;
      await checkIpfsBytes(ipfsPath, new Uint8Array(await readFile(path)));
    },
  };
}
