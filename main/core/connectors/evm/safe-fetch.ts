// Fetching what a token points at. A tokenURI is written by whoever deployed the contract, so
// it is untrusted input: only http(s), no loopback / private / link-local addresses (checked on
// the address actually connected to, so DNS cannot point a public name inside), a size cap, a
// time limit, and a bounded number of redirects, each checked the same way. A setting allows
// the local network for users who run their own gateway.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export class RefusedUrlError extends Error {
  override name = 'RefusedUrlError';
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** Why an address may not be fetched from, or null when it is public. */
export function localAddressReason(address: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  const family = isIP(ip);
  if (family === 0) return null;
  if (!blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return null;
  if (/^127\./.test(ip) || ip === '::1') return `${address} is a loopback address`;
  if (/^169\.254\./.test(ip) || /^fe[89ab]/i.test(ip)) return `${address} is a link-local address`;
  return `${address} is a private or reserved address`;
}

export interface FetchPolicy {
  allowLocalNetwork: boolean;
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Throws RefusedUrlError when the URL itself may not be fetched (scheme, literal address). */
export function checkUrl(url: string, allowLocalNetwork: boolean): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RefusedUrlError(`refused ${JSON.stringify(url.slice(0, 200))}: not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RefusedUrlError(`refused ${u.protocol} URL: only http(s), ipfs, ar and data URLs are fetched`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!allowLocalNetwork) {
    if (host === 'localhost' || host.endsWith('.localhost')) throw new RefusedUrlError(`refused ${u.origin}: localhost is a loopback address (allow the local network in the account's settings to fetch from it)`);
    const reason = localAddressReason(host);
    if (reason) throw new RefusedUrlError(`refused ${u.origin}: ${reason} (allow the local network in the account's settings to fetch from it)`);
  }
  return u;
}

/** DNS lookup that refuses names resolving to local addresses. */
function guardedLookup(allowLocalNetwork: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!allowLocalNetwork) {
        for (const a of addresses) {
          const reason = localAddressReason(a.address);
          if (reason) return callback(new RefusedUrlError(`refused ${hostname}: it resolves to ${reason}`), '', 0);
        }
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Resolves the host of a URL and refuses local addresses (for downloads done elsewhere). */
export async function checkUrlResolved(url: string, allowLocalNetwork: boolean): Promise<void> {
  const u = checkUrl(url, allowLocalNetwork);
  if (allowLocalNetwork || isIP(u.hostname.replace(/^\[|\]$/g, ''))) return;
  await new Promise<void>((resolve, reject) =>
    guardedLookup(false)(u.hostname, { all: true }, (error) => (error ? reject(error) : resolve())),
  );
}

export interface Fetched {
  bytes: Uint8Array;
  contentType: string | null;
  url: string;
}

/** GET with the policy; follows up to 5 redirects, each checked. */
export async function safeFetch(url: string, policy: FetchPolicy, headers: Record<string, string> = {}): Promise<Fetched> {
  let current = url;
  for (let hop = 0; hop <= 5; hop++) {
    const u = checkUrl(current, policy.allowLocalNetwork);
    const response = await get(u, policy, headers);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      current = new URL(response.headers.location, u).href;
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new Error(`HTTP ${status} from ${u.origin}${u.pathname.slice(0, 120)}`);
    }
    const declared = Number(response.headers['content-length'] ?? NaN);
    if (declared > policy.maxBytes) {
      response.destroy();
      throw new RefusedUrlError(`refused ${u.origin}: the body is ${declared} bytes, more than the ${policy.maxBytes}-byte limit`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > policy.maxBytes) {
        response.destroy();
        throw new RefusedUrlError(`refused ${u.origin}: the body is more than the ${policy.maxBytes}-byte limit`);
      }
      chunks.push(chunk);
    }
    return { bytes: new Uint8Array(Buffer.concat(chunks)), contentType: (response.headers['content-type'] as string | undefined) ?? null, url: current };
  }
  throw new Error(`too many redirects from ${url}`);
}

function get(u: URL, policy: FetchPolicy, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      { method: 'GET', headers: { 'user-agent': 'Holdfast', ...headers }, lookup: guardedLookup(policy.allowLocalNetwork), timeout: policy.timeoutMs, signal: policy.signal },
      resolve,
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${u.origin} within ${policy.timeoutMs} ms`)));
    request.on('error', reject);
    request.end();
  });
}
