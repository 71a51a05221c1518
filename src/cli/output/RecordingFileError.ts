/** The `--record` file cannot be written; raised before connecting, or when a write fails. */
export class RecordingFileError extends Error {
  override readonly name = 'RecordingFileError';

  constructor(
    readonly path: string,
    readonly code: string | undefined,
  ) {
    super(`cannot write the recording ${path}: ${why(code)}`);
  }
}

function why(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'its folder does not exist (ENOENT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EISDIR':
      return 'it is a folder (EISDIR)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    default:
      return code ?? 'unknown error';
  }
}
