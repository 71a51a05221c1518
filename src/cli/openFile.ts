import { createReadStream, type ReadStream } from 'node:fs';
import { UsageError } from './usage.js';

/**
 * The file, opened for reading, or a {@link UsageError} saying why it cannot
 * be (`cannot read scripts.ndjson: ENOENT`): a command given a file it cannot
 * read exits 2 before it connects to anything.
 */
export function openFile(file: string): Promise<ReadStream> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file);
    stream.once('open', () => resolve(stream));
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UsageError(`cannot read ${file}: ${error.code ?? error.message}`)),
    );
  });
}
