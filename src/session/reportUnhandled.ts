import { config as rxjsConfig } from 'rxjs';

/**
 * What a subscriber does with an error thrown while it handles a frame: it
 * must not escape into the socket's event loop, and reaches rxjs's
 * `onUnhandledError` (or is thrown on a later tick), as rxjs reports it.
 */
export function reportUnhandled(error: unknown): void {
  setTimeout(() => {
    const { onUnhandledError } = rxjsConfig;
    if (onUnhandledError === null) throw error;
    onUnhandledError(error);
  });
}
