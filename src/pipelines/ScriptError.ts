/**
 * A conversation script that cannot be run: not JSON, or a field of the wrong
 * shape. `path` names the field as it reads in the JSON (`turns.1.expect.text`),
 * `line` the NDJSON line it came from when it was read from one.
 */
export class ScriptError extends Error {
  override readonly name = 'ScriptError';

  constructor(
    /** The offending field, `''` for the script as a whole. */
    readonly path: string,
    /** What was wrong with it, e.g. `expected string, got 42`. */
    readonly problem: string,
    /** The 1-based line of the NDJSON input, when the script was read from one. */
    readonly line?: number,
  ) {
    super(`${line === undefined ? '' : `line ${line}: `}${path ? `${path}: ` : ''}${problem}`);
  }
}
