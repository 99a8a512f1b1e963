// Checking bytes from an IPFS gateway against the CID they were asked for. What can be checked
// from the bytes alone: a `raw` CID (the hash of the bytes), and a `dag-pb` CID of a file that
// fits in one block (the UnixFS node that wraps the bytes is rebuilt and hashed). A file split
// into several blocks, or a path inside a directory CID, cannot be checked without the blocks
// themselves; those are accepted and reported as not verified, never as verified.
import * as dagPb from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';

export type CidCheck = { verified: true; how: string } | { verified: false; why: string };

export class CidMismatchError extends Error {
  override name = 'CidMismatchError';
}

/** Parses the CID at the start of an ipfs:// path ("<cid>/optional/path"). */
export function parseIpfsPath(path: string): { cid: CID; rest: string } {
  const [first = '', ...rest] = path.replace(/^\/+/, '').replace(/^ipfs\//, '').split('/');
  let cid: CID;
  try {
    cid = CID.parse(first);
  } catch {
    throw new Error(`${JSON.stringify(first.slice(0, 80))} is not a CID`);
  }
  return { cid, rest: rest.join('/') };
}

/** Checks bytes fetched for `ipfs://<cid>[/path]`; throws CidMismatchError when they do not match. */
export async function checkIpfsBytes(path: string, bytes: Uint8Array): Promise<CidCheck> {
  const { cid, rest } = parseIpfsPath(path);
  if (rest) return { verified: false, why: `a path inside directory ${cid} cannot be checked against the directory's CID from the file's bytes alone` };
  if (cid.multihash.code !== sha256.code) return { verified: false, why: `CID ${cid} uses a hash function Holdfast does not check (0x${cid.multihash.code.toString(16)})` };
  if (cid.code === raw.code) {
    const digest = await sha256.digest(bytes);
    if (!equal(digest.digest, cid.multihash.digest)) throw new CidMismatchError(`the bytes from the gateway do not match CID ${cid} (sha-256 differs)`);
    return { verified: true, how: `raw block, sha-256 matches ${cid}` };
  }
  if (cid.code === dagPb.code) {
    const node = dagPb.encode(dagPb.prepare({ Data: new UnixFS({ type: 'file', data: bytes }).marshal() }));
    const digest = await sha256.digest(node);
    if (equal(digest.digest, cid.multihash.digest)) return { verified: true, how: `single-block UnixFS file, matches ${cid}` };
    // One block holds at most 1 MiB (256 KiB by default): a larger file is a tree of blocks.
    if (bytes.length > 256 * 1024) return { verified: false, why: `${cid} is a multi-block UnixFS file; its bytes cannot be checked without its blocks` };
    throw new CidMismatchError(`the bytes from the gateway do not match CID ${cid} (the UnixFS block they make hashes differently)`);
  }
  return { verified: false, why: `CID ${cid} has codec 0x${cid.code.toString(16)}, which Holdfast does not check` };
}

/** CIDs of bytes as a single block, the way `ipfs add` makes them (for tests and fixtures). */
export async function cidsOf(bytes: Uint8Array): Promise<{ raw: string; dagPbV0: string }> {
  const rawCid = CID.createV1(raw.code, await sha256.digest(bytes));
  const node = dagPb.encode(dagPb.prepare({ Data: new UnixFS({ type: 'file', data: bytes }).marshal() }));
  const pbCid = CID.createV0(await sha256.digest(node));
  return { raw: rawCid.toString(), dagPbV0: pbCid.toString() };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
