// Sync progress in the terminal: a live line on a TTY, plain lines otherwise (logs, CI).
import type { ApiEvent } from '../api/contract.js';
import { formatProgress } from './format.js';

export function printProgress(event: ApiEvent, tty: boolean): void {
  if (event.type !== 'sync.progress') return;
  const line = formatProgress(event);
  const finished = event.phase !== 'fetching' && event.phase !== 'listing';
  if (tty) {
    process.stdout.write(`\r\x1b[2K${line}${finished ? '\n' : ''}`);
  } else if (finished || event.itemsDone % 25 === 0) {
    console.log(line);
  }
}
