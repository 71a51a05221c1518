import type { Diagnostic } from './Diagnostic.js';

/**
 * The error `decodeFrames({ strict: true })` raises for an inbound frame it
 * cannot deliver. `diagnostic` says what was wrong and where.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';

  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}
