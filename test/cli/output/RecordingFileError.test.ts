import { RecordingFileError } from '../../../src/cli/output/RecordingFileError';

describe('RecordingFileError', () => {
  it.each([
    ['ENOENT', 'its folder does not exist (ENOENT)'],
    ['EACCES', 'permission denied (EACCES)'],
    ['EPERM', 'permission denied (EPERM)'],
    ['EISDIR', 'it is a folder (EISDIR)'],
    ['EROFS', 'the file system is read-only (EROFS)'],
    ['ENOSPC', 'the disk is full (ENOSPC)'],
    ['EMFILE', 'EMFILE'],
    [undefined, 'unknown error'],
  ])('says why the recording cannot be written for %s', (code, why) => {
    const error = new RecordingFileError('/tmp/x.ndjson', code);
    expect(error.message).toBe(`cannot write the recording /tmp/x.ndjson: ${why}`);
    expect(error).toMatchObject({ name: 'RecordingFileError', path: '/tmp/x.ndjson', code });
  });
});
