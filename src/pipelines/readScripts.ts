import { parseScript, type ConversationScript } from './ConversationScript.js';
import { ScriptError } from './ScriptError.js';

/**
 * Conversation scripts from NDJSON lines (one JSON object a line; blank
 * lines skipped; a byte-order mark before the first line ignored), read lazily: a line is parsed only when the script it
 * holds is asked for, so `runConversations(readScripts(lines))` reads a
 * file no further ahead than its concurrency. A bad line throws a
 * {@link ScriptError} carrying its line number.
 *
 * ## Example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { createInterface } from 'node:readline';
 * import { readScripts, runConversations } from 'rxjs-text-stream';
 *
 * const lines = createInterface({ input: createReadStream('scripts.ndjson'), crlfDelay: Infinity });
 * runConversations(readScripts(lines), { url, concurrency: 50 }).subscribe(console.log);
 * ```
 */
export async function* readScripts(
  lines: Iterable<string> | AsyncIterable<string>,
): AsyncGenerator<ConversationScript, void, undefined> {
  let line = 0;
  for await (const read of lines) {
    line += 1;
    // Editors on Windows save UTF-8 with a BOM; readline hands it over as
    // the first line's first character, and JSON.parse refuses it.
    const text = line === 1 && read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ScriptError('', `not JSON (${(error as Error).message})`, line);
    }
    let script: ConversationScript;
    try {
      script = parseScript(value);
    } catch (error) {
      if (error instanceof ScriptError) throw new ScriptError(error.path, error.problem, line);
      throw error;
    }
    yield script;
  }
}
