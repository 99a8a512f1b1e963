// This machine's addresses on its local networks, for `holdfast serve --lan`: private IPv4
// addresses of interfaces that are up and not loopback.
import { networkInterfaces } from 'node:os';

const PRIVATE_V4 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/;

export function lanAddresses(interfaces = networkInterfaces()): string[] {
  const out: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && PRIVATE_V4.test(a.address)) out.push(a.address);
  }
  // Home networks (192.168.x) first: the likeliest to be the Wi-Fi a phone is on.
  return [...new Set(out)].sort((a, b) => Number(!a.startsWith('192.168.')) - Number(!b.startsWith('192.168.')));
}
