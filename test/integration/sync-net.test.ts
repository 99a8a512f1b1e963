// The downloader's parts that decide things: digest headers, Retry-After, backoff, and the
// per-host / overall connection limits with Retry-After pauses.
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../main/core/net/backoff.js';
import { representationSha256 } from '../../main/core/net/digest.js';
import { HostScheduler } from '../../main/core/net/host-scheduler.js';

const SHA = 'a'.repeat(64);
const B64 = Buffer.from(SHA, 'hex').toString('base64');

describe('digest headers', () => {
  it('reads SHA-256 from Repr-Digest, Content-Digest and the old Digest header', () => {
    expect(representationSha256({ 'repr-digest': `sha-512=:AAAA:, sha-256=:${B64}:` }, false)).toBe(SHA);
    expect(representationSha256({ 'content-digest': `sha-256=:${B64}:` }, false)).toBe(SHA);
    expect(representationSha256({ digest: `MD5=abc==,SHA-256=${B64}` }, false)).toBe(SHA);
  });

  it('ignores what does not describe the whole file', () => {
    // A 206 answer's Content-Digest covers only the range sent.
    expect(representationSha256({ 'content-digest': `sha-256=:${B64}:` }, true)).toBeNull();
    expect(representationSha256({ 'repr-digest': `sha-256=:${B64}:` }, true)).toBe(SHA);
    // Compressed bodies: the digest is of the compressed bytes, not the file.
    expect(representationSha256({ 'repr-digest': `sha-256=:${B64}:`, 'content-encoding': 'gzip' }, false)).toBeNull();
    expect(representationSha256({ 'repr-digest': 'sha-256=:dG9vIHNob3J0:' }, false)).toBeNull();
    expect(representationSha256({}, false)).toBeNull();
  });
});

describe('Retry-After and backoff', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(['0'])).toBe(0);
    const now = Date.parse('Sun, 22 Nov 2026 01:00:00 GMT');
    expect(parseRetryAfter('Sun, 22 Nov 2026 01:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 00:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });

  it('backs off exponentially with full jitter, up to a cap', () => {
    const options = { baseMs: 500, capMs: 60_000 };
    expect(backoffDelay(1, options, () => 1)).toBe(500);
    expect(backoffDelay(4, options, () => 1)).toBe(4000);
    expect(backoffDelay(20, options, () => 1)).toBe(60_000);
    expect(backoffDelay(4, options, () => 0)).toBe(0);
    expect(backoffDelay(4, options, () => 0.5)).toBe(2000);
  });
});

describe('connection limits', () => {
  it('keeps to the per-host and overall limits and serves hosts in turn', async () => {
    const scheduler = new HostScheduler(3, 2, { baseMs: 10, capMs: 10 });
    const started: string[] = [];
    const take = (host: string) => scheduler.acquire(host).then(() => started.push(host));
    const all = [take('a'), take('a'), take('a'), take('a'), take('a'), take('b'), take('b'), take('b')];
    const tick = () => new Promise((r) => setImmediate(r));
    await tick();
    // Three at once overall, two at most on host a.
    expect(started).toEqual(['a', 'a', 'b']);
    // Each freed slot goes to the host served longest ago: a and b take turns.
    for (const host of ['a', 'a', 'b', 'a']) {
      scheduler.release(host, 'ok');
      await tick();
    }
    expect(started).toEqual(['a', 'a', 'b', 'a', 'b', 'a', 'b']);
    for (const host of ['b', 'a', 'b', 'a', 'b']) scheduler.release(host, 'ok');
    await Promise.all(all);
    expect(started.filter((h) => h === 'a')).toHaveLength(5);
  });

  it('pauses a throttled host for its Retry-After and halves its limit; other hosts go on', async () => {
    const scheduler = new HostScheduler(8, 4, { baseMs: 10, capMs: 10 });
    await scheduler.acquire('slow');
    scheduler.release('slow', 'throttled', 60_000);
    expect(scheduler.stats('slow')).toMatchObject({ limit: 2, active: 0 });
    expect(scheduler.stats('slow').blockedForMs).toBeGreaterThan(59_000);
    let slowStarted = false;
    const controller = new AbortController();
    const waiting = scheduler.acquire('slow', controller.signal).then(() => (slowStarted = true));
    await scheduler.acquire('fast'); // another host is not held up
    await new Promise((r) => setImmediate(r));
    expect(slowStarted).toBe(false);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    expect(scheduler.stats('slow').waiting).toBe(0);
  });
});
