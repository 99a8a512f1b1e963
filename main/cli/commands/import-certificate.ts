// `holdfast import-certificate IMAGE…`: reads certificate screenshots (OCR, Chinese and English)
// and prints the fields with their confidence; `--json` prints one JSON object per image;
// `--yes` adds the items without asking; otherwise a terminal asks y/N for each image.
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError, type Command } from 'commander';
import type { OpOutput } from '../../api/contract.js';
import { CERTIFICATE_FIELDS, fieldOfKey, type CertificateField } from '../../core/ocr/certificate-fields.js';
import { LOW_CONFIDENCE } from '../../core/ocr/parse-certificate.js';
import { call, withBackend, withLibrary } from '../context.js';
import { displayWidth, padColumn } from '../format.js';
import { parseDate, parseStatus } from './import-files.js';

type Extraction = NonNullable<OpOutput<'certificates.extract'>[number]['result']>;

const LABELS: Record<CertificateField, string> = {
  name: 'Name 藏品名称',
  issuer: 'Issuer 发行方',
  creator: 'Creator 创作者',
  issuedAt: 'Issued 发行时间',
  serial: 'Serial 藏品编号',
  chain: 'Chain 所属链',
  contract: 'Contract 合约地址',
  tokenId: 'Token ID',
  txHash: 'Tx hash 交易哈希',
  owner: 'Owner 持有人',
};

export function formatExtraction(e: Extraction): string {
  const width = Math.max(...Object.values(LABELS).map(displayWidth));
  const lines = [`${e.fileName}  (sha256 ${e.sha256.slice(0, 16)}…, ${e.width}×${e.height})`];
  for (const f of CERTIFICATE_FIELDS) {
    const x = e.fields[f];
    const doubt = x.value !== null && x.confidence < LOW_CONFIDENCE ? '  ⚠ check' : '';
    const value = x.value ?? (x.raw ? `— (read "${x.raw}": ${x.problem})` : '—');
    lines.push(`  ${padColumn(LABELS[f], width)}  ${value}${x.value !== null ? `  [${Math.round(x.confidence * 100)}%]` : ''}${doubt}`);
  }
  if (e.lowConfidence) lines.push('  Some fields are uncertain: compare them with the screenshot before adding.');
  return lines.join('\n');
}

/** --set serial=#12/10000 (or 藏品编号=…): a value the user types instead of what OCR read. */
function parseSet(v: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = v.indexOf('=');
  const field = eq > 0 ? fieldOfKey(v.slice(0, eq)) : null;
  if (!field) throw new InvalidArgumentError(`FIELD=VALUE with FIELD one of ${CERTIFICATE_FIELDS.join(', ')} (or a certificate label)`);
  return { ...previous, [field]: v.slice(eq + 1) };
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function register(program: Command): void {
  withLibrary(program.command('import-certificate'))
    .argument('<images...>', 'certificate screenshots (PNG, JPEG, WebP)')
    .description('read certificate screenshots and add the items they describe (asks first unless --yes)')
    .option('--platform <name>', 'the platform that issued them, e.g. 幻核 (default: "Imported files")')
    .option('--account <name>', 'name of the files account (default: "<platform> (imported)")')
    .option('--platform-status <status>', 'what became of the platform: active, stopped, closed, unknown', parseStatus)
    .option('--exit-date <date>', 'when the platform stopped (YYYY-MM-DD)', parseDate)
    .option('--set <field=value>', 'use this value instead of what was read (repeatable)', parseSet)
    .option('--json', 'print one JSON object per image (fields with value, confidence, source); adds only with --yes')
    .option('--yes', 'add the items without asking')
    .action(
      (
        images: string[],
        opts: { library?: string; platform?: string; account?: string; platformStatus?: string; exitDate?: string; set?: Record<string, string>; json?: boolean; yes?: boolean },
      ) =>
        withBackend(opts.library, async (backend) => {
          const { stopOcr } = await import('../../core/ocr/tesseract.js');
          try {
            const results = await call(backend, 'certificates.extract', { paths: images.map((p) => resolve(p)) });
            const ask = !opts.yes && !opts.json && Boolean(process.stdin.isTTY);
            const platformStatus = opts.platformStatus || opts.exitDate ? { status: opts.platformStatus as 'closed', exitDate: opts.exitDate } : undefined;
            let failed = 0;
            for (const r of results) {
              if (!r.result) {
                failed++;
                if (opts.json) console.log(JSON.stringify({ image: r.path, error: r.error }));
                else console.error(`holdfast: ${r.path}: ${r.error}`);
                continue;
              }
              if (opts.json) {
                const { fields, text, ...rest } = r.result;
                console.log(JSON.stringify({ image: r.path, ...rest, fields, text }));
              } else console.log(formatExtraction(r.result));
              const add = opts.yes || (ask && (await confirm(`Add ${r.result.fileName} to ${opts.platform ?? 'Imported files'}? (y/N) `)));
              if (!add) {
                if (!opts.json && !ask) console.log('  (not added: run with --yes to add, or in a terminal to confirm)');
                continue;
              }
              const added = await call(backend, 'certificates.add', {
                image: r.path,
                platform: opts.platform ?? 'Imported files',
                account: opts.account,
                platformStatus,
                fields: opts.set ?? {},
              });
              if (opts.json) console.error(JSON.stringify({ image: r.path, added }));
              else console.log(`  ${added.outcome} item ${added.itemId}`);
            }
            if (failed) process.exitCode = 1;
          } finally {
            await stopOcr();
          }
        }),
    );
}
