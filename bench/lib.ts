// Shared helpers for benchmarks: timing child processes with their peak memory, and tables.
import { spawn } from 'node:child_process';

export interface Measured {
  ms: number;
  /** Peak resident set size of the process, from GNU time's %M (kilobytes). */
  peakRssMb: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion under /usr/bin/time, measuring wall time and peak RSS. */
export function measure(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '__PEAK_RSS_KB=%M', cmd, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const kb = Number(/__PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ ms, peakRssMb: kb / 1024, status, stdout, stderr: stderr.replace(/__PEAK_RSS_KB=\d+\n?/, '') });
    });
  });
}

/** Prints rows as an aligned text table. */
export function printTable(rows: Array<Record<string, string | number>>): void {
  if (rows.length === 0) return;
  const headers = Object.keys(rows[0]!);
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : (v ?? ''));
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => cell(r[h]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(line(headers));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(headers.map((h) => cell(r[h]))));
}
