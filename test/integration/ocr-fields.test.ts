// Certificate field parsing and checking, on text lines as OCR returns them (no OCR here).
import { describe, expect, it } from 'vitest';
import { checkField, checkFields, fieldOfKey } from '../../main/core/ocr/certificate-fields.js';
import { canonicalChain } from '../../main/core/ocr/chains.js';
import { LOW_CONFIDENCE, parseCertificateLines, type OcrLine } from '../../main/core/ocr/parse-certificate.js';

/** A line whose words all have the given confidence. */
const line = (text: string, confidence = 92): OcrLine => ({ text, words: text.split(/\s+/).map((w) => ({ text: w, confidence })) });

describe('certificate field checks', () => {
  it('normalizes serials and refuses impossible ones', () => {
    expect(checkField('serial', '#0012/10000')).toMatchObject({ ok: true, value: '#12/10000' });
    expect(checkField('serial', 'No. 12 / 10000')).toMatchObject({ ok: true, value: '#12/10000' });
    expect(checkField('serial', '第12份/共10000份')).toMatchObject({ ok: true, value: '#12/10000' });
    expect(checkField('serial', '#7')).toMatchObject({ ok: true, value: '#7' });
    expect(checkField('serial', '#12001/10000')).toMatchObject({ ok: false, message: expect.stringContaining('larger than its edition size') });
    expect(checkField('serial', 'twelve')).toMatchObject({ ok: false });
  });

  it('checks transaction hashes and contract addresses, repairing OCR look-alikes only where hex is required', () => {
    const hash = '0x9f2c4e8a1b3d5f7092a4c6e8f0b2d4f6a8c0e2f4b6d8fa1c3e5f7091b3d5f7a9';
    expect(checkField('txHash', hash.toUpperCase().replace('0X', '0x'))).toMatchObject({ ok: true, value: hash, repaired: false });
    expect(checkField('txHash', hash.replace('a1b', 'alb').replace('0x', 'Ox'))).toMatchObject({ ok: true, value: hash, repaired: true });
    expect(checkField('txHash', hash.slice(0, 60))).toMatchObject({ ok: false, message: expect.stringContaining('64 hex digits') });
    expect(checkField('txHash', '7d3e5a90c1b2f4e6a8d0c2e4f6a8b0d2e4f6a8c0b2d4e6f8a0c2e4f6a8b0d2e4')).toMatchObject({ ok: true });
    expect(checkField('contract', '0x5FbDB2315678afecb367f032d93F642f64180aa3')).toMatchObject({ ok: true, value: '0x5fbdb2315678afecb367f032d93f642f64180aa3' });
    expect(checkField('contract', 'xuper_nft')).toMatchObject({ ok: true, value: 'xuper_nft' });
    expect(checkField('contract', '0x5fbdb23156')).toMatchObject({ ok: false });
    expect(checkField('tokenId', '#1234567')).toMatchObject({ ok: true, value: '1234567' });
    expect(checkField('tokenId', '12 34')).toMatchObject({ ok: true, value: '1234' });
    expect(checkField('tokenId', '令牌')).toMatchObject({ ok: false });
  });

  it('names chains one way', () => {
    expect(canonicalChain('至信链')).toEqual({ name: '至信链', exact: true });
    expect(canonicalChain('AntChain')?.name).toBe('蚂蚁链');
    expect(canonicalChain('Conflux 树图链')?.name).toBe('Conflux');
    expect(canonicalChain('XuperChain')?.name).toBe('百度超级链');
    expect(canonicalChain('至信和链')).toEqual({ name: '至信链', exact: false });
    expect(canonicalChain('Unknown Chain')).toBeNull();
    expect(checkField('chain', 'Some New Chain')).toMatchObject({ ok: true, value: 'Some New Chain' });
  });

  it('reads dates as printed, without inventing a time zone', () => {
    expect(checkField('issuedAt', '2022年3月18日')).toMatchObject({ ok: true, value: '2022-03-18' });
    expect(checkField('issuedAt', '2023/04/24 09:05')).toMatchObject({ ok: true, value: '2023-04-24T09:05:00' });
    expect(checkField('issuedAt', '2022-02-30')).toMatchObject({ ok: false });
  });

  it('knows field names in Chinese and English and reports every problem by field', () => {
    expect(fieldOfKey('藏品编号')).toBe('serial');
    expect(fieldOfKey('Token ID')).toBe('tokenId');
    expect(fieldOfKey('交易哈希')).toBe('txHash');
    expect(fieldOfKey('colour')).toBeNull();
    const r = checkFields({ serial: '#3/2', txHash: '0x12', name: '  龙  ', chain: '' });
    expect(r.values).toEqual({ name: '龙', chain: null });
    expect(Object.keys(r.problems).sort()).toEqual(['serial', 'txHash']);
  });
});

describe('parsing OCR lines', () => {
  it('finds labelled values inline and stacked, in Chinese and English, and leaves the rest null', () => {
    const f = parseCertificateLines([
      line('数字 藏品 证书'),
      line('藏品 名 称 : 敦煌 飞天'),
      line('ltem name: ignored because the name is already taken'),
      line('所 属 链 : 至 信 链'),
      line('Token1ID'),
      line('1234567'),
      line('交易 哈 希 : 0x9f2c4e8alb3d5f7092a4c6e8f0b2d4f6a8c0e2f4b6d8falc3e5f7091b3d5f7a9', 70),
      line('Serial: #0012/10000'),
    ]);
    expect(f.name.value).toBe('敦煌飞天');
    expect(f.chain.value).toBe('至信链');
    expect(f.tokenId.value).toBe('1234567');
    expect(f.serial.value).toBe('#12/10000');
    expect(f.txHash.value).toBe('0x9f2c4e8a1b3d5f7092a4c6e8f0b2d4f6a8c0e2f4b6d8fa1c3e5f7091b3d5f7a9');
    expect(f.txHash.confidence).toBeLessThan(LOW_CONFIDENCE);
    expect(f.txHash.problem).toMatch(/look-alike/);
    expect(f.issuer).toMatchObject({ value: null, raw: null, confidence: 0 });
    expect(f.contract.value).toBeNull();
  });

  it('keeps the raw text of a value that does not check, and no value', () => {
    const f = parseCertificateLines([line('藏品编号：#12/1O0O0x'), line('交易哈希：0x1234')]);
    expect(f.serial).toMatchObject({ value: null, raw: '#12/1O0O0x' });
    expect(f.txHash.value).toBeNull();
    expect(f.txHash.problem).toMatch(/64 hex digits/);
  });
});
