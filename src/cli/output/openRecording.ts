import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { RecordingFileError } from './RecordingFileError.js';

/**
 * Opens the `--record` file now, synchronously, so that a path that cannot be
 * written is refused before anything connects; a later write failure (a full
 * disk) reaches `onError` instead of crashing the process.
 */
export function openRecording(
  path: string,
  onError: (error: RecordingFileError) => void,
): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new RecordingFileError(path, (error as NodeJS.ErrnoException).code);
  }
  const stream = createWriteStream(path, { fd });
  stream.on('error', (error: NodeJS.ErrnoException) =>
    onError(new RecordingFileError(path, error.code)),
  );
  return stream;
}
