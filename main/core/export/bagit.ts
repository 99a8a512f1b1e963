// BagIt (RFC 8493) tag files: writing them for the bundle writer and reading them for the
// checker. Manifests use "<hex>  <path>" (two spaces), which RFC 8493 allows and which
// `sha256sum -c` / `sha512sum -c` read as is from the bag's folder.

export const BAGIT_VERSION = '1.0';
export const ALGORITHMS = ['sha256', 'sha512'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];
const HEX_LENGTH: Record<Algorithm, number> = { sha256: 64, sha512: 128 };

export const BAGIT_TXT = `BagIt-Version: ${BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n`;

/** RFC 8493 §2.1.3: in manifest paths, CR, LF and % are percent-encoded. */
export const encodeManifestPath = (path: string) => path.replace(/[%\r\n]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
export const decodeManifestPath = (path: string) => path.replace(/%(0A|0D|25)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

export function manifestText(digests: ReadonlyMap<string, string>): string {
  return [...digests.keys()]
    .sort(comparePaths)
    .map((path) => `${digests.get(path)}  ${encodeManifestPath(path)}\n`)
    .join('');
}

/** Byte order of UTF-8 paths: the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export interface ParsedManifest {
  digests: Map<string, string>;
  problems: string[];
}

export function parseManifest(text: string, algorithm: Algorithm, fileName: string): ParsedManifest {
  const digests = new Map<string, string>();
  const problems: string[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, n) => {
    const line = raw.replace(/\r$/, '');
    const match = /^([0-9a-fA-F]+)[ \t]+\*?(.+)$/.exec(line);
    if (!match || match[1]!.length !== HEX_LENGTH[algorithm]) {
      problems.push(`${fileName} line ${n + 1}: not "<${algorithm} hex> <path>": ${JSON.stringify(line.slice(0, 120))}`);
      return;
    }
    const path = decodeManifestPath(match[2]!);
    if (digests.has(path)) problems.push(`${fileName} line ${n + 1}: ${path} is listed twice`);
    digests.set(path, match[1]!.toLowerCase());
  });
  return { digests, problems };
}

/** bag-info.txt: "Label: value" lines; a value never spans lines (newlines become spaces). */
export function bagInfoText(fields: ReadonlyArray<readonly [string, string]>): string {
  return fields.map(([label, value]) => `${label}: ${value.replace(/[\r\n]+/g, ' ').trim()}\n`).join('');
}

export function parseBagInfo(text: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && fields.length) {
      fields.at(-1)![1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return fields;
}

export const payloadOxum = (bytes: number, files: number) => `${bytes}.${files}`;

/** Size in the words of Bag-Size ("4.8 MB"). */
export function humanSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
