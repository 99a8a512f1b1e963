// Platform profiles: the published JSON Schema is the zod definition's, shipped profiles pass
// it, and a bad profile is refused naming the field. Also the pure mapping of one holding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { mapHolding, normaliseDate, stableUrl } from '../../main/core/connectors/platform/platform-connector.js';
import { parseProfile, profileJsonSchema } from '../../main/core/connectors/platform/profile.js';

const dir = join(import.meta.dirname, '..', '..', 'assets', 'platform-profiles');
const published = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8')) as Record<string, unknown>;
const shippedA = JSON.parse(readFileSync(join(dir, 'emulator-a.json'), 'utf8')) as Record<string, unknown>;

describe('platform profiles', () => {
  it('the published schema is generated from the definition, and validates the shipped profile', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(profileJsonSchema())));
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const validate = ajv.compile(published);
    expect(validate(shippedA), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...shippedA, holdings: { request: { path: '/x' } } })).toBe(false);
  });

  it('refuses a bad profile with the field named, and unsafe or broken paths', () => {
    expect(() => parseProfile({ ...shippedA, id: 'Not OK' })).toThrow(/id: a profile id is/);
    expect(() => parseProfile({ ...shippedA, fields: { name: '$.detail[' } })).toThrow(/fields\.name: not a valid JSON path/);
    expect(() => parseProfile('{nope')).toThrow(/is not JSON/);
  });

  it('maps one holding: fields, serial from edition and supply, stable media identity, certificate evidence', () => {
    const profile = parseProfile({
      ...shippedA,
      fields: { name: '$.item.t', edition: '$.detail.e.n', supply: '$.detail.e.s', acquiredAt: '$.detail.at', txHash: '$.detail.tx' },
      media: [{ url: '$.detail.m[*].u' }],
      certificate: undefined,
    });
    const { record, media, evidence } = mapHolding(
      profile,
      '42',
      { t: '锦鲤' },
      { e: { n: 12, s: 10000 }, at: '2023-01-02 03:04:05', tx: `0x${'ab'.repeat(32)}`, m: [{ u: '/m/a.glb?expires=1&signature=x' }, { u: '/m/a.glb?expires=2&signature=y' }, { u: '/m/c.png' }] },
      'http://127.0.0.1:9',
    );
    expect(record).toMatchObject({ name: '锦鲤', serial: '#12/10000', acquiredAt: '2023-01-01T19:04:05.000Z', mediaType: 'model' });
    expect(media.map((m) => [m.role, m.stable])).toEqual([
      ['model', 'http://127.0.0.1:9/m/a.glb'],
      ['image', 'http://127.0.0.1:9/m/c.png'],
    ]);
    expect(evidence[0]).toMatchObject({ kind: 'certificate', level: 1, summary: { txHash: `0x${'ab'.repeat(32)}`, serial: '#12/10000' } });
    expect(stableUrl('https://cdn.example/a.png?x-oss-expires=1&id=7')).toBe('https://cdn.example/a.png?id=7');
    expect(normaliseDate(1_700_000_000, '+08:00')).toBe('2023-11-14T22:13:20.000Z');
    expect(normaliseDate('2022-05-22', '+08:00')).toBe('2022-05-22');
  });
});
