// The fields of a 藏品证书 (collectible certificate), the labels platforms print for them in
// Chinese and English, and how each value is checked and written the one way Holdfast stores it.
// Pure (no Node, no zod): the OCR parser, the sidecar reader, the API and the renderer's edit
// form all validate with these same functions.
import { canonicalChain } from './chains.js';

export const CERTIFICATE_FIELDS = [
  'name',
  'issuer',
  'creator',
  'issuedAt',
  'serial',
  'chain',
  'contract',
  'tokenId',
  'txHash',
  'owner',
] as const;
export type CertificateField = (typeof CERTIFICATE_FIELDS)[number];
export type CertificateValues = Partial<Record<CertificateField, string | null>>;

/** Labels as printed on certificates (and accepted as column names in sidecar files). Matched
 *  without spaces and case-insensitively; the longest label that fits wins. */
export const FIELD_LABELS: Record<CertificateField, readonly string[]> = {
  name: ['藏品名称', '作品名称', '藏品名', '数字藏品名称', '名称', 'NFT名称', 'Item name', 'Collectible', 'Name', 'Title', 'Artwork'],
  issuer: ['发行方', '发行单位', '发行机构', '发行商', '发行主体', '发行平台', 'Issuer', 'Issued by', 'Publisher'],
  creator: ['创作者', '创作方', '作者', '艺术家', '设计者', '设计师', 'Creator', 'Artist', 'Author', 'Created by'],
  issuedAt: ['发行时间', '发行日期', '铸造时间', '铸造日期', '上链时间', '发布时间', 'Issued at', 'Issue date', 'Date of issue', 'Issued on', 'Minted at', 'Mint time', 'Mint date', 'Date'],
  serial: ['藏品编号', '藏品序号', '编号', '序列号', '序号', 'Serial number', 'Serial No', 'Serial', 'Edition', 'Number', 'No'],
  chain: ['所属链', '所属区块链', '区块链', '底层链', '上链平台', '链名称', '所在链', 'Blockchain', 'Chain'],
  contract: ['合约地址', '智能合约地址', '合约', 'Contract address', 'Contract'],
  tokenId: ['Token ID', 'TokenID', 'Token编号', '代币ID', '通证ID', '通证编号', '藏品ID', 'Token'],
  txHash: ['交易哈希', '交易Hash', '上链哈希', '链上哈希', '哈希值', '交易ID', '交易编号', 'Transaction hash', 'Transaction ID', 'Tx hash', 'TxHash', 'TxID', 'Hash'],
  owner: ['持有人', '持有者', '拥有者', '收藏者', '所有者', '持有人地址', 'Owner', 'Holder', 'Owned by'],
};

/** English names of the fields, as JSON keys (sidecar files, --json output, the API). */
export const FIELD_KEYS: Record<CertificateField, readonly string[]> = {
  name: ['name'],
  issuer: ['issuer'],
  creator: ['creator'],
  issuedAt: ['issuedAt', 'issued_at', 'issueDate'],
  serial: ['serial', 'serialNumber', 'edition'],
  chain: ['chain', 'blockchain'],
  contract: ['contract', 'contractAddress', 'contract_address'],
  tokenId: ['tokenId', 'token_id'],
  txHash: ['txHash', 'tx_hash', 'transactionHash'],
  owner: ['owner', 'holder'],
};

const squash = (s: string) => s.normalize('NFKC').replace(/[\s_]+/g, '').toLowerCase();

const LABEL_INDEX: Array<{ label: string; field: CertificateField }> = CERTIFICATE_FIELDS.flatMap((field) =>
  [...FIELD_LABELS[field], ...FIELD_KEYS[field]].map((l) => ({ label: squash(l), field })),
).sort((a, b) => b.label.length - a.label.length);

/** The field a column name or key names (藏品编号, "Token ID", tokenId…), or null. */
export function fieldOfKey(key: string): CertificateField | null {
  const k = squash(key);
  return LABEL_INDEX.find((l) => l.label === k)?.field ?? null;
}

/** Letters OCR swaps inside labels ("ltem name", "lssuer", "T0ken"): folded before comparing. */
const foldLabel = (s: string) => s.toLowerCase().replace(/[l1|!]/g, 'i').replace(/0/g, 'o');

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

const FOLDED_LABELS = LABEL_INDEX.map((l) => ({ ...l, folded: foldLabel(l.label) }));

/** The label that starts `squashed` (a line with spaces removed), if any: the longest exact
 *  one, else — for labels of five or more characters — one OCR got a single character wrong. */
export function labelAtStart(squashed: string): { field: CertificateField; length: number } | null {
  const s = foldLabel(squashed);
  // Longest first, so "Token1ID" is the label "Token ID" misread, not "Token" and a value "1ID".
  for (const l of FOLDED_LABELS) {
    if (s.startsWith(l.folded)) return { field: l.field, length: l.label.length };
    if (l.folded.length < 5) continue;
    for (const n of [l.folded.length + 1, l.folded.length - 1, l.folded.length]) {
      if (n <= s.length && withinOneEdit(s.slice(0, n), l.folded)) return { field: l.field, length: n };
    }
  }
  return null;
}

export type Checked = { ok: true; value: string; repaired: boolean } | { ok: false; message: string };

const ok = (value: string, repaired = false): Checked => ({ ok: true, value, repaired });
const bad = (message: string): Checked => ({ ok: false, message });

/** Characters OCR confuses with hex digits; used only on a value that must be hex. */
const HEX_LOOKALIKES: Record<string, string> = { l: '1', I: '1', i: '1', '|': '1', O: '0', o: '0', Q: '0', Z: '2', z: '2', S: '5', s: '5', G: '6', g: '9', T: '7' };

function repairHex(body: string): { hex: string; repaired: boolean } {
  let repaired = false;
  const hex = [...body]
    .map((ch) => {
      if (/[0-9a-fA-F]/.test(ch)) return ch;
      const fix = HEX_LOOKALIKES[ch];
      if (fix) repaired = true;
      return fix ?? ch;
    })
    .join('');
  return { hex, repaired };
}

const compact = (v: string) => v.normalize('NFKC').replace(/\s+/g, '');

/** A transaction hash: 32 bytes of hex, with or without 0x (EVM chains and Conflux print 0x;
 *  蚂蚁链, 至信链, 百度超级链, 文昌链 and 长安链 often print bare hex). Stored in lowercase. */
export function checkTxHash(input: string): Checked {
  const v = compact(input);
  const m = /^([0Oo][xX×])?(.+)$/.exec(v);
  const prefix = m?.[1] ? '0x' : '';
  const { hex, repaired } = repairHex(m?.[2] ?? '');
  if (!/^[0-9a-fA-F]+$/.test(hex)) return bad(`a transaction hash is hexadecimal (0-9, a-f); ${JSON.stringify(input.slice(0, 80))} is not`);
  if (hex.length !== 64) return bad(`a transaction hash has 64 hex digits${prefix ? ' after 0x' : ''}; this one has ${hex.length}`);
  return ok(prefix + hex.toLowerCase(), repaired);
}

/** A contract: an EVM address (0x + 40 hex), a 32-byte address (蚂蚁链: 64 hex), a Conflux
 *  address (cfx:…), or a contract name (百度超级链 and 长安链 name their contracts). */
export function checkContract(input: string): Checked {
  const v = compact(input);
  if (/^cfx(test)?:[a-z0-9.=:]{30,}$/i.test(v)) return ok(v.toLowerCase());
  const prefixed = /^[0Oo][xX×][0-9a-zA-Z|]{30,}$/.test(v);
  if (prefixed || (v.length === 64 && /^[0-9a-fA-F]{60,}/.test(v))) {
    const { hex, repaired } = repairHex(prefixed ? v.slice(2) : v);
    const prefix = prefixed ? '0x' : '';
    if (!/^[0-9a-fA-F]+$/.test(hex)) return bad(`a contract address is hexadecimal after 0x; ${JSON.stringify(input.slice(0, 80))} is not`);
    if (prefix && hex.length !== 40 && hex.length !== 64) return bad(`an 0x contract address has 40 hex digits (or 64); this one has ${hex.length}`);
    return ok(prefix + hex.toLowerCase(), repaired);
  }
  if (/^[A-Za-z][A-Za-z0-9_.@-]{1,99}$/.test(v)) return ok(v);
  return bad(`${JSON.stringify(input.slice(0, 80))} is not a contract address (0x + 40 hex digits, 64 hex digits, cfx:…) or a contract name`);
}

/** A token id: a decimal number, 0x hex, or an identifier some chains use (文昌链 NFT ids). */
export function checkTokenId(input: string): Checked {
  const v = compact(input).replace(/^#/, '');
  if (/^\d{1,78}$/.test(v)) return ok(v);
  if (/^0[xX][0-9a-fA-F]{1,64}$/.test(v)) return ok(v.toLowerCase());
  if (/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/.test(v)) return ok(v);
  return bad(`${JSON.stringify(input.slice(0, 80))} is not a token id (digits, 0x hex, or letters, digits and _ . : -)`);
}

/** A serial as "#12/10000" (number / edition size) or "#12" when the size is not printed.
 *  Accepts "#0012/10000", "No.12 / 10000", "12/10000", "第12份/共10000份". */
export function checkSerial(input: string): Checked {
  const v = compact(input).replace(/^(no\.?|#|编号|第)/i, '').replace(/^#/, '');
  const m = /^0*(\d{1,12})(?:份|号)?(?:(?:\/共?|of|共|\|)0*(\d{1,12})份?)?$/i.exec(v);
  if (!m) return bad(`a serial looks like #12/10000 (number / edition size); ${JSON.stringify(input.slice(0, 80))} does not`);
  const n = Number(m[1]);
  const total = m[2] === undefined ? null : Number(m[2]);
  if (total !== null && total === 0) return bad('the edition size of a serial cannot be 0');
  if (total !== null && n > total) return bad(`serial number ${n} is larger than its edition size ${total}`);
  return ok(total === null ? `#${n}` : `#${n}/${total}`);
}

/** A chain name, written the canonical way (至信和链 → 至信链). Unknown names are kept as
 *  written: a certificate may name a chain this list does not know yet. */
export function checkChain(input: string): Checked {
  const v = input.normalize('NFKC').trim();
  if (!v) return bad('the chain name is empty');
  if (v.length > 60) return bad('a chain name is at most 60 characters');
  const known = canonicalChain(v);
  if (known) return ok(known.name, !known.exact);
  return ok(v);
}

/** A date or date and time as printed on the certificate, written as ISO-8601 without a time
 *  zone (certificates do not print one; Holdfast does not guess it). */
export function checkIssuedAt(input: string): Checked {
  const v = input.normalize('NFKC').trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*T?\s*(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2}))?秒?)?$/.exec(v);
  if (!m) return bad(`a date looks like 2022-03-18 or 2022年3月18日 (a time may follow); ${JSON.stringify(input.slice(0, 80))} does not`);
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x)));
  const date = new Date(Date.UTC(y!, mo! - 1, d!));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo! - 1 || date.getUTCDate() !== d || y! < 2000 || y! > 2100) {
    return bad(`${JSON.stringify(input.slice(0, 80))} is not a real date`);
  }
  if (h !== undefined && (h > 23 || mi! > 59 || (s ?? 0) > 59)) return bad(`${JSON.stringify(input.slice(0, 80))} is not a real time`);
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${y}-${p(mo!)}-${p(d!)}`;
  return ok(h === undefined ? day : `${day}T${p(h)}:${p(mi!)}:${p(s ?? 0)}`);
}

/** Names are kept as typed (NFC only: full-width brackets in 云藏（测试） stay full-width). */
function checkText(input: string, what: string, max = 200): Checked {
  const v = input.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!v) return bad(`${what} is empty`);
  if (v.length > max) return bad(`${what} is at most ${max} characters`);
  return ok(v);
}

const CHECKS: Record<CertificateField, (v: string) => Checked> = {
  name: (v) => checkText(v, 'the name'),
  issuer: (v) => checkText(v, 'the issuer'),
  creator: (v) => checkText(v, 'the creator'),
  issuedAt: checkIssuedAt,
  serial: checkSerial,
  chain: checkChain,
  contract: checkContract,
  tokenId: checkTokenId,
  txHash: checkTxHash,
  owner: (v) => checkText(v, 'the owner', 120),
};

/** Checks one field's value and returns it the way Holdfast stores it. */
export function checkField(field: CertificateField, value: string): Checked {
  return CHECKS[field](value);
}

/** Checks every given field; returns the normalized values or the problems, by field. */
export function checkFields(values: CertificateValues): { values: CertificateValues; problems: Partial<Record<CertificateField, string>> } {
  const out: CertificateValues = {};
  const problems: Partial<Record<CertificateField, string>> = {};
  for (const field of CERTIFICATE_FIELDS) {
    const v = values[field];
    if (v === undefined) continue;
    if (v === null || v.trim() === '') {
      out[field] = null;
      continue;
    }
    const r = checkField(field, v);
    if (r.ok) out[field] = r.value;
    else problems[field] = r.message;
  }
  return { values: out, problems };
}
