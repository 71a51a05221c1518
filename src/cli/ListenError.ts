import { describeCause } from './connection/describeCause.js';

/** `serve` could not listen where it was asked to. */
export class ListenError extends Error {
  override readonly name = 'ListenError';

  constructor(
    readonly host: string,
    readonly port: number,
    override readonly cause: unknown,
  ) {
    super(`cannot listen on ${host}:${port}: ${why(cause)}`);
  }
}

function why(cause: unknown): string {
  switch ((cause as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return 'the port is in use (EADDRINUSE); pick another, or --port 0 for any free one';
    case 'EACCES':
      return 'permission denied (EACCES); ports below 1024 need privileges';
    case 'EADDRNOTAVAIL':
      return 'no such address on this machine (EADDRNOTAVAIL)';
    default:
      return describeCause(cause);
  }
}
