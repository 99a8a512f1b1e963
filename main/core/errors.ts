// Typed errors of the core. Each carries a stable code the API maps to its error codes, and a
// message that names what was wrong in words a user can act on.

export type HoldfastErrorCode =
  | 'not_found'
  | 'invalid_input'
  | 'not_a_library'
  | 'library_too_new'
  | 'corrupt_blob'
  | 'not_implemented'
  | 'conflict'
  | 'cancelled';

export class HoldfastError extends Error {
  constructor(
    readonly code: HoldfastErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HoldfastError';
  }
}

export const notFound = (what: string) => new HoldfastError('not_found', `${what} was not found`);
