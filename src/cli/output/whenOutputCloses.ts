/**
 * Calls `onClosed` once if `stream` fails, as stdout does with EPIPE when the
 * reader goes away (`| head -1`). Without a listener that 'error' event is
 * thrown from the event loop with a stack trace; with one, the CLI can end
 * quietly. Returns the listener's removal.
 */
export function whenOutputCloses(
  stream: NodeJS.WritableStream,
  onClosed: (error: Error) => void,
): () => void {
  let called = false;
  const listener = (error: Error) => {
    if (called) return;
    called = true;
    onClosed(error);
  };
  stream.on('error', listener);
  return () => void stream.off('error', listener);
}
