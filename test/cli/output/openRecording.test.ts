import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRecording } from '../../../src/cli/output/openRecording';
import { RecordingFileError } from '../../../src/cli/output/RecordingFileError';

describe('openRecording', () => {
  it('writes to the file it opened', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'text-stream-')), 'session.ndjson');
    const stream = openRecording(path, () => undefined);
    stream.end('{"at":0}\n');
    await once(stream, 'close');
    expect(readFileSync(path, 'utf8')).toBe('{"at":0}\n');
  });

  it('hands a later write failure (a full disk) to onError instead of throwing it', async () => {
    const failures: RecordingFileError[] = [];
    const stream = openRecording('/dev/full', (error) => failures.push(error));
    // Not once(stream, 'close'): it rejects on the 'error' this test expects.
    const closed = new Promise<void>((resolve) => stream.on('close', () => resolve()));
    stream.write('{"at":0}\n');
    await closed;
    expect(failures).toEqual([new RecordingFileError('/dev/full', 'ENOSPC')]);
    expect(failures[0]).toBeInstanceOf(RecordingFileError);
  });
});
