// Errors a connector throws when the account itself, not one item, needs the user: the session
// ended ("sign in again"), or the platform is closing or closed. The sync engine ends the run,
// sets the account's status to `status` with `message` as the status message, and touches
// nothing already stored. When `listingComplete` is true the connector listed every holding
// before throwing (e.g. the platform only *announced* its shutdown), so the run counts as a
// complete listing (items not listed may be marked no longer held) and the status is set after.
import type { Account } from '../../api/contract.js';

export class AccountStatusError extends Error {
  /** Where the next sync should continue listing (the connector's own JSON), when it stopped
   *  part-way; the engine keeps it (db/sync-resume.ts) and hands it back as `resumeFrom`. */
  resumeFrom?: unknown;

  constructor(
    readonly status: Exclude<Account['status'], 'ok'>,
    message: string,
    readonly listingComplete = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AccountStatusError';
  }
}

/** The platform no longer accepts the stored session (or there is none). */
export class SessionExpiredError extends AccountStatusError {
  constructor(message = 'the platform session has ended; sign in again to continue syncing') {
    super('signin-required', message);
    this.name = 'SessionExpiredError';
  }
}

/** The platform answered that it is shut down (HTTP 410), or announced that it will be. */
export class PlatformClosedError extends AccountStatusError {
  constructor(
    readonly notice: string,
    listingComplete = false,
  ) {
    super('platform-closed', notice, listingComplete);
    this.name = 'PlatformClosedError';
  }
}

export const isAccountStatusError = (error: unknown): error is AccountStatusError => error instanceof AccountStatusError;
