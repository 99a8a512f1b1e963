// `npm run emulator -- --port N [--shape a|b] [--shutdown | --announce] [--items N]
//  [--session-ttl S] [--media-ttl S] [--rate-limit-every N] [--error-every N] [--slow MS]
//  [--truncate-every N]` starts the platform emulator by hand. It prints each SMS code it
// "sends" as `SMS <phone> <code>`, and runs until Ctrl+C.
import { parseArgs } from 'node:util';
import { startEmulator, type ShutdownMode } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    shape: { type: 'string', default: 'a' },
    shutdown: { type: 'boolean', default: false },
    announce: { type: 'boolean', default: false },
    items: { type: 'string' },
    'session-ttl': { type: 'string' },
    'media-ttl': { type: 'string' },
    'rate-limit-every': { type: 'string' },
    'error-every': { type: 'string' },
    slow: { type: 'string' },
    'truncate-every': { type: 'string' },
  },
});

const num = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${JSON.stringify(v)}`);
  return n;
};

if (values.shape !== 'a' && values.shape !== 'b') {
  console.error(`emulator: --shape must be a or b, got ${JSON.stringify(values.shape)}`);
  process.exit(2);
}
if (values.host !== '127.0.0.1' && values.host !== 'localhost' && values.host !== '::1') {
  console.error('emulator: it only listens on loopback (127.0.0.1, localhost or ::1)');
  process.exit(2);
}
const shutdown: ShutdownMode = values.shutdown ? 'closed' : values.announce ? 'announce' : 'off';
const emulator = await startEmulator({
  shape: values.shape,
  host: values.host,
  port: num('port', values.port),
  items: num('items', values.items),
  sessionTtlSeconds: num('session-ttl', values['session-ttl']),
  mediaUrlTtlSeconds: num('media-ttl', values['media-ttl']),
  shutdown,
  faults: {
    rateLimitEvery: num('rate-limit-every', values['rate-limit-every']),
    serverErrorEvery: num('error-every', values['error-every']),
    slowMs: num('slow', values.slow),
    truncateMediaEvery: num('truncate-every', values['truncate-every']),
  },
});
console.log(`Platform emulator (shape ${values.shape}${shutdown !== 'off' ? `, shutdown: ${shutdown}` : ''}) at ${emulator.url}/login`);
console.log(`Sign in with any phone number; codes appear below as "SMS <phone> <code>" and at ${emulator.url}/__emulator/sms?phone=…`);
process.once('SIGINT', () => void emulator.close().then(() => process.exit(0)));
process.once('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
